#include "smbios/decode.hpp"

#include <array>
#include <charconv>

#include <fmt/format.h>

namespace domfw::smbios {

namespace {

constexpr const char* kOutOfSpec = "<OUT OF SPEC>";

template <std::size_t N>
std::string pick(const std::array<const char*, N>& names, std::size_t code, std::size_t first = 1) {
    if (code >= first && code - first < N) return names[code - first];
    return kOutOfSpec;
}

// Builds the field list of one structure.
class FieldList {
public:
    FieldList(const Structure& s, std::vector<Field>& out) : s_(s), out_(out) {}

    void str(std::string_view key, std::string_view label, std::size_t off, bool secret = false) {
        auto idx = s_.byte(off);
        if (!idx) return;
        Field f{key, label, display_string(s_, *idx), std::nullopt, *idx, secret};
        if (is_placeholder(f.text)) f.secret = false;
        out_.push_back(std::move(f));
    }
    void text(std::string_view key, std::string_view label, std::string value,
              std::optional<std::int64_t> number = std::nullopt, bool secret = false) {
        out_.push_back(Field{key, label, std::move(value), number, std::nullopt, secret});
    }

private:
    const Structure& s_;
    std::vector<Field>& out_;
};

// Decimal and "N unit" texts without fmt's format-string parsing (a table has hundreds).
std::string with_unit(std::uint64_t v, std::string_view unit) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    std::string out(buf, r.ptr);
    out += unit;
    return out;
}
std::string dec(std::uint64_t v) { return with_unit(v, ""); }

std::string hex_handle(std::uint16_t h) {
    static constexpr char digits[] = "0123456789ABCDEF";
    return {'0', 'x', digits[h >> 12], digits[(h >> 8) & 0xF], digits[(h >> 4) & 0xF], digits[h & 0xF]};
}

// dmi_print_memory_size(): the largest unit that divides the size evenly.
std::string memory_size(std::uint64_t value, int shift) {
    static constexpr std::array<const char*, 7> unit = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
    std::size_t i = static_cast<std::size_t>(shift);
    while (value != 0 && value % 1024 == 0 && i + 1 < unit.size()) {
        value /= 1024;
        ++i;
    }
    return with_unit(value, " ") + unit[i];
}

// §7.1 BIOS Information.
void bios(const Structure& s, FieldList& f) {
    if (s.length() < 0x12) return;
    f.str("vendor", "Vendor", 0x04);
    f.str("version", "Version", 0x05);
    f.str("release_date", "Release Date", 0x08);
    const std::uint16_t seg = *s.word(0x06);
    if (seg != 0) {
        f.text("address", "Address", fmt::format("0x{:04X}0", seg), std::int64_t{seg} << 4);
        const std::uint32_t runtime = (0x10000U - seg) << 4;
        f.text("runtime_size", "Runtime Size",
               (runtime & 0x3FF) != 0 ? with_unit(runtime, " bytes") : with_unit(runtime >> 10, " kB"), runtime);
    }
    const std::uint8_t rom = *s.byte(0x09);
    if (rom != 0xFF) {
        const std::uint64_t kb = (std::uint64_t{rom} + 1) << 6;
        f.text("rom_size", "ROM Size", memory_size(kb, 1), static_cast<std::int64_t>(kb * 1024));
    } else if (auto ext = s.word(0x18)) {
        static constexpr std::array<const char*, 4> unit = {"MB", "GB", kOutOfSpec, kOutOfSpec};
        f.text("rom_size", "ROM Size", fmt::format("{} {}", *ext & 0x3FFF, unit[*ext >> 14]));
    }
    if (s.length() >= 0x18) {
        const std::uint8_t maj = *s.byte(0x14), min = *s.byte(0x15);
        if (maj != 0xFF && min != 0xFF) f.text("bios_revision", "BIOS Revision", fmt::format("{}.{}", maj, min));
        const std::uint8_t fmaj = *s.byte(0x16), fmin = *s.byte(0x17);
        if (fmaj != 0xFF && fmin != 0xFF)
            f.text("firmware_revision", "Firmware Revision", fmt::format("{}.{}", fmaj, fmin));
    }
}

// §7.2 System Information.
void system(const Structure& s, std::uint16_t version, FieldList& f) {
    if (s.length() < 0x08) return;
    f.str("manufacturer", "Manufacturer", 0x04);
    f.str("product_name", "Product Name", 0x05);
    f.str("version", "Version", 0x06);
    f.str("serial_number", "Serial Number", 0x07, true);
    if (s.length() < 0x19) return;
    std::array<std::uint8_t, 16> uuid{};
    for (std::size_t i = 0; i < 16; ++i)
        uuid[i] = s.formatted[0x08 + i];
    std::string u = format_uuid(uuid, version);
    f.text("uuid", "UUID", u, std::nullopt, !is_placeholder(u));
    static constexpr std::array<const char*, 9> wake = {"Reserved",     "Other",      "Unknown",
                                                        "APM Timer",    "Modem Ring", "LAN Remote",
                                                        "Power Switch", "PCI PME#",   "AC Power Restored"};
    f.text("wake_up_type", "Wake-up Type", pick(wake, *s.byte(0x18), 0), *s.byte(0x18));
    if (s.length() < 0x1B) return;
    f.str("sku_number", "SKU Number", 0x19);
    f.str("family", "Family", 0x1A);
}

// §7.3 Baseboard Information.
void baseboard(const Structure& s, FieldList& f) {
    if (s.length() < 0x08) return;
    f.str("manufacturer", "Manufacturer", 0x04);
    f.str("product_name", "Product Name", 0x05);
    f.str("version", "Version", 0x06);
    f.str("serial_number", "Serial Number", 0x07, true);
    if (s.length() < 0x09) return;
    f.str("asset_tag", "Asset Tag", 0x08, true);
    if (s.length() < 0x0E) return;
    f.str("location_in_chassis", "Location In Chassis", 0x0A);
    f.text("chassis_handle", "Chassis Handle", hex_handle(*s.word(0x0B)), *s.word(0x0B));
    static constexpr std::array<const char*, 13> type = {"Unknown",
                                                         "Other",
                                                         "Server Blade",
                                                         "Connectivity Switch",
                                                         "System Management Module",
                                                         "Processor Module",
                                                         "I/O Module",
                                                         "Memory Module",
                                                         "Daughter Board",
                                                         "Motherboard",
                                                         "Processor+Memory Module",
                                                         "Processor+I/O Module",
                                                         "Interconnect Board"};
    f.text("type", "Type", pick(type, *s.byte(0x0D)), *s.byte(0x0D));
}

std::string chassis_state(std::uint8_t code) {
    static constexpr std::array<const char*, 6> state = {"Other",   "Unknown",  "Safe",
                                                         "Warning", "Critical", "Non-recoverable"};
    return pick(state, code);
}

// §7.4 System Enclosure or Chassis.
void chassis(const Structure& s, FieldList& f) {
    if (s.length() < 0x09) return;
    f.str("manufacturer", "Manufacturer", 0x04);
    static constexpr std::array<const char*, 36> type = {"Other",
                                                         "Unknown",
                                                         "Desktop",
                                                         "Low Profile Desktop",
                                                         "Pizza Box",
                                                         "Mini Tower",
                                                         "Tower",
                                                         "Portable",
                                                         "Laptop",
                                                         "Notebook",
                                                         "Hand Held",
                                                         "Docking Station",
                                                         "All In One",
                                                         "Sub Notebook",
                                                         "Space-saving",
                                                         "Lunch Box",
                                                         "Main Server Chassis",
                                                         "Expansion Chassis",
                                                         "Sub Chassis",
                                                         "Bus Expansion Chassis",
                                                         "Peripheral Chassis",
                                                         "RAID Chassis",
                                                         "Rack Mount Chassis",
                                                         "Sealed-case PC",
                                                         "Multi-system",
                                                         "CompactPCI",
                                                         "AdvancedTCA",
                                                         "Blade",
                                                         "Blade Enclosing",
                                                         "Tablet",
                                                         "Convertible",
                                                         "Detachable",
                                                         "IoT Gateway",
                                                         "Embedded PC",
                                                         "Mini PC",
                                                         "Stick PC"};
    const std::uint8_t t = *s.byte(0x05);
    f.text("type", "Type", pick(type, t & 0x7FU), t & 0x7F);
    f.text("lock", "Lock", (t >> 7) != 0 ? "Present" : "Not Present", t >> 7);
    f.str("version", "Version", 0x06);
    f.str("serial_number", "Serial Number", 0x07, true);
    f.str("asset_tag", "Asset Tag", 0x08, true);
    if (s.length() < 0x0D) return;
    f.text("boot_up_state", "Boot-up State", chassis_state(*s.byte(0x09)), *s.byte(0x09));
    f.text("power_supply_state", "Power Supply State", chassis_state(*s.byte(0x0A)), *s.byte(0x0A));
    f.text("thermal_state", "Thermal State", chassis_state(*s.byte(0x0B)), *s.byte(0x0B));
    static constexpr std::array<const char*, 5> security = {"Other", "Unknown", "None", "External Interface Locked Out",
                                                            "External Interface Enabled"};
    f.text("security_status", "Security Status", pick(security, *s.byte(0x0C)), *s.byte(0x0C));
    if (s.length() < 0x11) return;
    f.text("oem_information", "OEM Information", fmt::format("0x{:08X}", *s.dword(0x0D)), *s.dword(0x0D));
    if (s.length() < 0x13) return;
    const std::uint8_t h = *s.byte(0x11), cords = *s.byte(0x12);
    f.text("height", "Height", h == 0 ? "Unspecified" : with_unit(h, " U"), h);
    f.text("number_of_power_cords", "Number Of Power Cords", cords == 0 ? "Unspecified" : dec(cords), cords);
    if (s.length() < 0x15) return;
    const std::size_t elems = std::size_t{*s.byte(0x13)} * *s.byte(0x14);
    if (s.length() < 0x16 + elems) return;
    f.str("sku_number", "SKU Number", 0x15 + elems);
}

std::string mhz(std::uint16_t v) { return v == 0 ? "Unknown" : with_unit(v, " MHz"); }

// §7.5 Processor Information.
void processor(const Structure& s, FieldList& f) {
    if (s.length() < 0x1A) return;
    f.str("socket_designation", "Socket Designation", 0x04);
    static constexpr std::array<const char*, 6> type = {"Other",          "Unknown",       "Central Processor",
                                                        "Math Processor", "DSP Processor", "Video Processor"};
    f.text("type", "Type", pick(type, *s.byte(0x05)), *s.byte(0x05));
    f.text("family_code", "Family Code", fmt::format("{:#04x}", *s.byte(0x06)), *s.byte(0x06));
    f.str("manufacturer", "Manufacturer", 0x07);
    f.text("id", "ID",
           fmt::format("{:02X} {:02X} {:02X} {:02X} {:02X} {:02X} {:02X} {:02X}", s.formatted[8], s.formatted[9],
                       s.formatted[10], s.formatted[11], s.formatted[12], s.formatted[13], s.formatted[14],
                       s.formatted[15]));
    f.str("version", "Version", 0x10);
    f.text("external_clock", "External Clock", mhz(*s.word(0x12)), *s.word(0x12));
    f.text("max_speed", "Max Speed", mhz(*s.word(0x14)), *s.word(0x14));
    f.text("current_speed", "Current Speed", mhz(*s.word(0x16)), *s.word(0x16));
    const std::uint8_t st = *s.byte(0x18);
    static constexpr std::array<const char*, 8> status = {"Unknown", "Enabled",  "Disabled By User", "Disabled By BIOS",
                                                          "Idle",    kOutOfSpec, kOutOfSpec,         "Other"};
    f.text("status", "Status",
           (st & 0x40) != 0 ? fmt::format("Populated, {}", status[st & 0x07U]) : std::string("Unpopulated"), st);
    if (s.length() < 0x23) return;
    f.str("serial_number", "Serial Number", 0x20, true);
    f.str("asset_tag", "Asset Tag", 0x21, true);
    f.str("part_number", "Part Number", 0x22);
    if (s.length() < 0x28) return;
    std::uint16_t cores = *s.byte(0x23), enabled = *s.byte(0x24), threads = *s.byte(0x25);
    if (s.length() >= 0x30) {
        if (cores == 0xFF) cores = *s.word(0x2A);
        if (enabled == 0xFF) enabled = *s.word(0x2C);
        if (threads == 0xFF) threads = *s.word(0x2E);
    }
    if (cores != 0) f.text("core_count", "Core Count", dec(cores), cores);
    if (enabled != 0) f.text("core_enabled", "Core Enabled", dec(enabled), enabled);
    if (threads != 0) f.text("thread_count", "Thread Count", dec(threads), threads);
}

// §7.12 OEM Strings.
void oem_strings(const Structure& s, FieldList& f) {
    if (s.length() < 0x05) return;
    // Keys and labels "string_N" / "String N" live in static storage (Field holds views), built
    // at compile time: making all 255 at run time cost 510 formats and allocations per process.
    struct Name {
        char key[12] = {};
        char label[12] = {};
        std::uint8_t length = 0; // of the digits
    };
    static constexpr auto names = [] {
        std::array<Name, 256> a{};
        for (unsigned i = 1; i < a.size(); ++i) {
            char digits[3] = {};
            std::uint8_t n = 0;
            for (unsigned v = i; v != 0; v /= 10)
                digits[n++] = static_cast<char>('0' + v % 10);
            const char kp[] = "string_", lp[] = "String ";
            for (std::size_t k = 0; k < 7; ++k)
                a[i].key[k] = kp[k], a[i].label[k] = lp[k];
            for (std::uint8_t k = 0; k < n; ++k)
                a[i].key[7 + k] = a[i].label[7 + k] = digits[n - 1 - k];
            a[i].length = n;
        }
        return a;
    }();
    const std::uint8_t n = *s.byte(0x04);
    for (unsigned i = 1; i <= n; ++i)
        f.text(std::string_view(names[i].key, 7U + names[i].length),
               std::string_view(names[i].label, 7U + names[i].length), display_string(s, static_cast<std::uint8_t>(i)));
}

// §7.17 Physical Memory Array.
void memory_array(const Structure& s, FieldList& f) {
    if (s.length() < 0x0F) return;
    static constexpr std::array<const char*, 10> location = {"Other",
                                                             "Unknown",
                                                             "System Board Or Motherboard",
                                                             "ISA Add-on Card",
                                                             "EISA Add-on Card",
                                                             "PCI Add-on Card",
                                                             "MCA Add-on Card",
                                                             "PCMCIA Add-on Card",
                                                             "Proprietary Add-on Card",
                                                             "NuBus"};
    const std::uint8_t loc = *s.byte(0x04);
    f.text("location", "Location", loc >= 0xA0 ? fmt::format("{:#04x}", loc) : pick(location, loc), loc);
    static constexpr std::array<const char*, 7> use = {
        "Other", "Unknown", "System Memory", "Video Memory", "Flash Memory", "Non-volatile RAM", "Cache Memory"};
    f.text("use", "Use", pick(use, *s.byte(0x05)), *s.byte(0x05));
    static constexpr std::array<const char*, 7> ecc = {"Other",          "Unknown",       "None", "Parity",
                                                       "Single-bit ECC", "Multi-bit ECC", "CRC"};
    f.text("error_correction_type", "Error Correction Type", pick(ecc, *s.byte(0x06)), *s.byte(0x06));
    const std::uint32_t cap = *s.dword(0x07);
    if (cap == 0x80000000U) {
        if (auto ext = s.qword(0x0F))
            f.text("maximum_capacity", "Maximum Capacity", memory_size(*ext, 0), static_cast<std::int64_t>(*ext));
    } else {
        f.text("maximum_capacity", "Maximum Capacity", memory_size(cap, 1), std::int64_t{cap} * 1024);
    }
    const std::uint16_t err = *s.word(0x0B);
    f.text("error_information_handle", "Error Information Handle",
           err == 0xFFFE ? "Not Provided" : (err == 0xFFFF ? "No Error" : hex_handle(err)), err);
    f.text("number_of_devices", "Number Of Devices", dec(*s.word(0x0D)), *s.word(0x0D));
}

// §7.18 Memory Device.
void memory_device(const Structure& s, FieldList& f) {
    if (s.length() < 0x15) return;
    f.text("array_handle", "Array Handle", hex_handle(*s.word(0x04)), *s.word(0x04));
    auto width = [](std::uint16_t w) { return w == 0xFFFF || w == 0 ? std::string("Unknown") : with_unit(w, " bits"); };
    f.text("total_width", "Total Width", width(*s.word(0x08)), *s.word(0x08));
    f.text("data_width", "Data Width", width(*s.word(0x0A)), *s.word(0x0A));
    const std::uint16_t size = *s.word(0x0C);
    if (size == 0)
        f.text("size", "Size", "No Module Installed", 0);
    else if (size == 0xFFFF)
        f.text("size", "Size", "Unknown");
    else if (size == 0x7FFF && s.length() >= 0x20) {
        const std::uint64_t mb = *s.dword(0x1C) & 0x7FFFFFFFU;
        f.text("size", "Size", memory_size(mb, 2), static_cast<std::int64_t>(mb << 20));
    } else if ((size & 0x8000) != 0) {
        f.text("size", "Size", memory_size(size & 0x7FFFU, 1), std::int64_t{size & 0x7FFF} << 10);
    } else {
        f.text("size", "Size", memory_size(size, 2), std::int64_t{size} << 20);
    }
    static constexpr std::array<const char*, 16> form = {
        "Other", "Unknown", "SIMM",         "SIP",  "Chip",   "DIP",   "ZIP",     "Proprietary Card",
        "DIMM",  "TSOP",    "Row Of Chips", "RIMM", "SODIMM", "SRIMM", "FB-DIMM", "Die"};
    f.text("form_factor", "Form Factor", pick(form, *s.byte(0x0E)), *s.byte(0x0E));
    f.str("locator", "Locator", 0x10);
    f.str("bank_locator", "Bank Locator", 0x11);
    static constexpr std::array<const char*, 35> type = {"Other",
                                                         "Unknown",
                                                         "DRAM",
                                                         "EDRAM",
                                                         "VRAM",
                                                         "SRAM",
                                                         "RAM",
                                                         "ROM",
                                                         "Flash",
                                                         "EEPROM",
                                                         "FEPROM",
                                                         "EPROM",
                                                         "CDRAM",
                                                         "3DRAM",
                                                         "SDRAM",
                                                         "SGRAM",
                                                         "RDRAM",
                                                         "DDR",
                                                         "DDR2",
                                                         "DDR2 FB-DIMM",
                                                         "Reserved",
                                                         "Reserved",
                                                         "Reserved",
                                                         "DDR3",
                                                         "FBD2",
                                                         "DDR4",
                                                         "LPDDR",
                                                         "LPDDR2",
                                                         "LPDDR3",
                                                         "LPDDR4",
                                                         "Logical non-volatile device",
                                                         "HBM",
                                                         "HBM2",
                                                         "DDR5",
                                                         "LPDDR5"};
    f.text("type", "Type", pick(type, *s.byte(0x12)), *s.byte(0x12));
    if (s.length() < 0x17) return;
    const std::uint16_t speed = *s.word(0x15);
    f.text("speed", "Speed", speed == 0 ? "Unknown" : with_unit(speed, " MT/s"), speed);
    if (s.length() < 0x1B) return;
    f.str("manufacturer", "Manufacturer", 0x17);
    f.str("serial_number", "Serial Number", 0x18, true);
    f.str("asset_tag", "Asset Tag", 0x19, true);
    f.str("part_number", "Part Number", 0x1A);
    if (s.length() < 0x1C) return;
    const std::uint8_t rank = *s.byte(0x1B) & 0x0F;
    f.text("rank", "Rank", rank == 0 ? "Unknown" : dec(rank), rank);
    if (s.length() < 0x22) return;
    const std::uint16_t conf = *s.word(0x20);
    f.text("configured_memory_speed", "Configured Memory Speed", conf == 0 ? "Unknown" : with_unit(conf, " MT/s"),
           conf);
}

// §7.23 Portable Battery.
void battery(const Structure& s, FieldList& f) {
    if (s.length() < 0x10) return;
    f.str("location", "Location", 0x04);
    f.str("manufacturer", "Manufacturer", 0x05);
    if (*s.byte(0x06) != 0 || s.length() < 0x1A) f.str("manufacture_date", "Manufacture Date", 0x06);
    if (*s.byte(0x07) != 0 || s.length() < 0x1A) f.str("serial_number", "Serial Number", 0x07, true);
    f.str("name", "Name", 0x08);
    const std::uint16_t mult = s.length() >= 0x16 ? *s.byte(0x15) : 1;
    const std::uint16_t cap = *s.word(0x0A);
    const std::uint64_t mwh = std::uint64_t{cap} * (mult == 0 ? 1U : mult);
    f.text("design_capacity", "Design Capacity", cap == 0 ? "Unknown" : with_unit(mwh, " mWh"),
           static_cast<std::int64_t>(mwh));
    const std::uint16_t volt = *s.word(0x0C);
    f.text("design_voltage", "Design Voltage", volt == 0 ? "Unknown" : with_unit(volt, " mV"), volt);
    f.str("sbds_version", "SBDS Version", 0x0E);
    const std::uint8_t err = *s.byte(0x0F);
    f.text("maximum_error", "Maximum Error", err == 0xFF ? "Unknown" : fmt::format("{}%", err), err);
    if (s.length() < 0x1A) return;
    if (*s.byte(0x07) == 0) {
        const std::uint16_t serial = *s.word(0x10);
        f.text("sbds_serial_number", "SBDS Serial Number", fmt::format("{:04X}", serial), std::nullopt, true);
    }
    if (*s.byte(0x06) == 0) {
        const std::uint16_t d = *s.word(0x12);
        f.text("sbds_manufacture_date", "SBDS Manufacture Date",
               fmt::format("{}-{:02}-{:02}", 1980 + (d >> 9), (d >> 5) & 0x0F, d & 0x1F));
    }
    f.text("oem_specific_information", "OEM-specific Information", fmt::format("0x{:08X}", *s.dword(0x16)),
           *s.dword(0x16));
}

// §7.40 System Power Supply.
void power_supply(const Structure& s, FieldList& f) {
    if (s.length() < 0x10) return;
    if (*s.byte(0x04) != 0) f.text("power_unit_group", "Power Unit Group", dec(*s.byte(0x04)), *s.byte(0x04));
    f.str("location", "Location", 0x05);
    f.str("name", "Name", 0x06);
    f.str("manufacturer", "Manufacturer", 0x07);
    f.str("serial_number", "Serial Number", 0x08, true);
    f.str("asset_tag", "Asset Tag", 0x09, true);
    f.str("model_part_number", "Model Part Number", 0x0A);
    f.str("revision", "Revision", 0x0B);
    const std::uint16_t watts = *s.word(0x0C);
    f.text("max_power_capacity", "Max Power Capacity", watts == 0x8000 ? "Unknown" : with_unit(watts, " W"), watts);
}

} // namespace

std::string display_bytes(std::string_view raw) {
    std::string out(raw);
    for (char& c : out) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7F) c = '.';
    }
    return out;
}

bool is_displayable(std::string_view raw) {
    for (char c : raw) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7F) return false;
    }
    return true;
}

std::string display_string(const Structure& s, std::uint8_t index) {
    if (index == 0) return "Not Specified";
    const std::string* str = s.string(index);
    if (str == nullptr) return "<BAD INDEX>";
    return display_bytes(*str);
}

std::string format_uuid(std::span<const std::uint8_t, 16> p, std::uint16_t version) {
    bool ff = true, zero = true;
    for (std::uint8_t b : p) {
        if (b != 0xFF) ff = false;
        if (b != 0x00) zero = false;
    }
    if (ff) return "Not Present";
    if (zero) return "Not Settable";
    if (version >= 0x0206)
        return fmt::format(
            "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
            p[3], p[2], p[1], p[0], p[5], p[4], p[7], p[6], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]);
    return fmt::format(
        "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}", p[0],
        p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]);
}

bool is_placeholder(std::string_view t) {
    return t == "Not Specified" || t == "Not Present" || t == "Not Settable" || t == "<BAD INDEX>" || t.empty();
}

std::string_view type_name(std::uint8_t type) {
    switch (type) {
    case 0: return "BIOS Information";
    case 1: return "System Information";
    case 2: return "Base Board Information";
    case 3: return "Chassis Information";
    case 4: return "Processor Information";
    case 11: return "OEM Strings";
    case 16: return "Physical Memory Array";
    case 17: return "Memory Device";
    case 22: return "Portable Battery";
    case 39: return "System Power Supply";
    case 127: return "End Of Table";
    default: return "";
    }
}

Decoded decode(const Structure& s, std::uint16_t version) {
    Decoded d;
    decode_into(s, version, d);
    return d;
}

void decode_into(const Structure& s, std::uint16_t version, Decoded& d) {
    d.name = type_name(s.type);
    d.fields.clear();
    FieldList f(s, d.fields);
    switch (s.type) {
    case 0: bios(s, f); break;
    case 1: system(s, version, f); break;
    case 2: baseboard(s, f); break;
    case 3: chassis(s, f); break;
    case 4: processor(s, f); break;
    case 11: oem_strings(s, f); break;
    case 16: memory_array(s, f); break;
    case 17: memory_device(s, f); break;
    case 22: battery(s, f); break;
    case 39: power_supply(s, f); break;
    default: break;
    }
}

} // namespace domfw::smbios
