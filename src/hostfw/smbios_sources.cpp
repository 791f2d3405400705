#include "hostfw/smbios_sources.hpp"

#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>

#include "core/acpi_table.hpp"
#include "core/byte_reader.hpp"
#include "core/smbios_walk.hpp"
#include "hostfw/acpi_sources.hpp"
#include "smbios/encode.hpp"
#include "smbios/errors.hpp"
#include "support/files.hpp"
#include "support/mapped_file.hpp"

namespace domfw::hostfw {

namespace fs = std::filesystem;
namespace cs = core::smbios;
using smbios::SmbiosTable;

namespace {

constexpr const char* kLiveHint =
    "the SMBIOS tables are readable by root only; run as root, or capture them as root with "
    "`domfw host dump -o DIR` and read DIR instead (--from DIR for `domfw host`, firmware_source = \"DIR\" in a "
    "guest's config)";

// Reads a file, turning "permission denied" into advice (sysfs DMI files are mode 0400).
Expected<std::vector<std::uint8_t>> read_guarded(const fs::path& p) {
    if (::access(p.c_str(), R_OK) != 0 && errno == EACCES)
        return fail("{}: permission denied: {}", p.string(), kLiveHint);
    return support::read_file(p, support::kCaptureInput, support::Links::refuse);
}

// An ACPI table header (core/acpi_table: ACPI 6.5 §5.2.6) with 4 printable signature bytes and a
// length equal to the bytes held. Such a file must not be taken for a raw SMBIOS table.
bool looks_like_acpi_table(std::span<const std::uint8_t> b) {
    auto t = core::acpi::table_bounds(b);
    if (!t || t->bytes.size() != b.size()) return false;
    for (std::uint8_t c : t->header.signature)
        if (c < 0x20 || c > 0x7E) return false;
    return true;
}

// Windows GetSystemFirmwareTable('RSMB') returns RawSMBIOSData: Used20CallingMethod,
// SMBIOSMajorVersion, SMBIOSMinorVersion, DmiRevision, Length (u32), then the table.
bool looks_like_rsmb(std::span<const std::uint8_t> b) {
    if (b.size() < 8) return false;
    if (b[0] > 1 || b[1] < 2 || b[1] > 3) return false;
    return core::ByteReader(b).u32_at(4).value() == b.size() - 8;
}

} // namespace

Expected<SmbiosTable> read_smbios_dump(std::span<const std::uint8_t> bytes, const std::string& name) {
    const cs::EntryResult ep = cs::parse_entry_point(bytes);
    if (!ep.ok)
        return fail("{}: expected a dmidecode --dump-bin file (entry point at 0, table at 0x20): {}", name,
                    smbios::describe(ep.error));
    const cs::EntryPoint& e = ep.entry;
    std::size_t offset = 0;
    std::string note;
    // dmidecode --dump-bin rewrites the table address to 0x20; some tools keep the physical
    // address (Dell libsmbios' dumps say 0xe0020). An address that points inside the file after
    // the entry point is taken as is, anything else falls back to 0x20.
    // (An address equal to the file size is an empty table, which a dump of one legitimately is.)
    if (e.table_address >= e.length && e.table_address <= bytes.size()) {
        offset = static_cast<std::size_t>(e.table_address);
    } else if (bytes.size() > smbios::kDumpBinTableOffset) {
        offset = smbios::kDumpBinTableOffset;
        note = fmt::format("the entry point keeps the physical table address {:#x}; the table was read at 0x20 "
                           "(the --dump-bin layout)",
                           e.table_address);
    } else {
        return fail("{}: dmidecode --dump-bin file of {:#x} bytes holds the entry point but no table at 0x20", name,
                    bytes.size());
    }
    DOMFW_TRY_X(SmbiosTable t, smbios::read_table(bytes.first(e.length), bytes.subspan(offset)));
    if (!note.empty()) t.notes.push_back(note);
    t.origin = fmt::format("dmidecode --dump-bin file {}", name);
    return t;
}

Expected<SmbiosTable> read_smbios_rsmb(std::span<const std::uint8_t> bytes, const std::string& name) {
    if (!looks_like_rsmb(bytes))
        return fail("{}: expected a Windows RSMB blob (8-byte RawSMBIOSData header whose length field equals the bytes "
                    "after it), "
                    "found {}",
                    name, found_instead(bytes));
    const auto version = static_cast<std::uint16_t>(bytes[1] << 8 | bytes[2]);
    SmbiosTable t = smbios::walk_table(bytes.subspan(8), version);
    t.origin = fmt::format("Windows RSMB blob {}", name);
    return t;
}

Expected<SmbiosTable> read_smbios_raw(std::span<const std::uint8_t> bytes, const std::string& name) {
    const std::string expected = fmt::format("{}: expected a raw SMBIOS structure table", name);
    if (looks_like_acpi_table(bytes))
        return fail("{} but found an ACPI table header (signature {})", expected,
                    std::string(reinterpret_cast<const char*>(bytes.data()), 4));
    cs::StructureWalk walk(bytes);
    cs::Structure first;
    if (!walk.next(first)) {
        if (walk.stop() == cs::WalkStop::error) return fail("{}: {}", expected, smbios::describe(walk.error()));
        return fail("{}: {:#x} bytes are too few for a structure header", expected, bytes.size());
    }
    SmbiosTable t = smbios::walk_table(bytes, kRawTableVersion);
    t.origin = fmt::format("raw structure table {}", name);
    t.notes.push_back("no entry point: the table carries no version, decoded as SMBIOS 3.0");
    return t;
}

Expected<SmbiosTable> read_smbios_bytes(std::span<const std::uint8_t> bytes, const std::string& name) {
    cs::EntryKind kind{};
    if (cs::has_anchor(bytes, kind)) {
        const cs::EntryResult ep = cs::parse_entry_point(bytes);
        if (ep.ok && bytes.size() <= ep.entry.length)
            return fail("{}: holds only an SMBIOS {} entry point; pass the directory holding it and its table "
                        "(smbios_entry_point + DMI) or a dmidecode --dump-bin file",
                        name, smbios::anchor_name(kind));
        return read_smbios_dump(bytes, name);
    }
    if (looks_like_rsmb(bytes)) return read_smbios_rsmb(bytes, name);
    // A whole structure ends in a double NUL (DSP0134 §6.1.3): bytes without any NUL (text, such
    // as an acpidump file) cannot hold one, and walking them would scan the whole file for it.
    if (bytes.size() >= 4 && !looks_like_acpi_table(bytes) && std::memchr(bytes.data(), 0, bytes.size()) != nullptr) {
        cs::StructureWalk walk(bytes);
        cs::Structure first;
        if (walk.next(first)) return read_smbios_raw(bytes, name);
    }
    return fail(
        "{}: not SMBIOS: expected a dmidecode --dump-bin file (starting with _SM_, _SM3_ or _DMI_), a Windows RSMB "
        "blob, or a raw structure table whose first structure is whole; found {}",
        name, found_instead(bytes));
}

Expected<SmbiosTable> read_smbios_pair(const fs::path& entry_point, const fs::path& table) {
    DOMFW_TRY_X(auto ep, read_guarded(entry_point));
    DOMFW_TRY_X(auto tb, read_guarded(table));
    auto t = smbios::read_table(ep, tb);
    if (!t) return fail("{}: {}", entry_point.string(), t.error().message);
    t->origin = fmt::format("entry point {} + table {}", entry_point.string(), table.string());
    return std::move(*t);
}

Expected<SmbiosTable> read_smbios_sysfs(const fs::path& root) {
    const fs::path dir = root / "dmi" / "tables";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        if (root == kLiveFirmwareRoot)
            return fail(
                "no SMBIOS on this machine: {} does not exist (the firmware published no SMBIOS entry point, or the "
                "kernel lacks CONFIG_DMI_SYSFS); read a captured host instead (--from PATH for `domfw host`, "
                "firmware_source = \"PATH\" in a guest's config)",
                dir.string());
        return fail("{}: no dmi/tables directory (expected the /sys/firmware layout)", root.string());
    }
    if (!fs::exists(dir / "smbios_entry_point", ec))
        return fail("{}: no smbios_entry_point (the firmware published no SMBIOS entry point)", dir.string());
    return read_smbios_pair(dir / "smbios_entry_point", dir / "DMI");
}

Expected<SmbiosTable> read_smbios_live() { return read_smbios_sysfs(kLiveFirmwareRoot); }

Expected<SmbiosTable> read_smbios(const fs::path& from) {
    std::error_code ec;
    if (!fs::exists(from, ec)) return fail("{}: does not exist", from.string());
    if (!fs::is_directory(from, ec)) {
        if (::access(from.c_str(), R_OK) != 0 && errno == EACCES)
            return fail("{}: permission denied: {}", from.string(), kLiveHint);
        // Mapped, not copied: the SmbiosTable keeps copies of what it uses.
        DOMFW_TRY_X(auto file, support::MappedFile::open(from, support::kCaptureInput));
        return read_smbios_bytes(file.bytes(), from.string());
    }
    // Directories inside a capture are not followed out of it either (files: Links::refuse).
    for (const fs::path& sub : {from / "dmi", from / "dmi" / "tables"}) {
        if (fs::is_symlink(fs::symlink_status(sub, ec)))
            return fail("{}: is a symbolic link: directories inside a capture are not followed", sub.string());
    }
    if (fs::is_directory(from / "dmi" / "tables", ec)) return read_smbios_sysfs(from);
    if (fs::exists(from / "smbios_entry_point", ec) && fs::exists(from / "DMI", ec))
        return read_smbios_pair(from / "smbios_entry_point", from / "DMI");
    // Any folder with one small file that starts with an anchor and one other binary file.
    std::vector<fs::path> entry_points, others;
    for (const auto& de : fs::directory_iterator(from, ec)) {
        // lstat, not stat: a link is kept, and read_guarded refuses it rather than follow it.
        std::error_code ec2;
        const auto type = de.symlink_status(ec2).type();
        if (type != fs::file_type::regular && type != fs::file_type::symlink) continue;
        const auto ext = de.path().extension();
        if (ext == ".txt" || ext == ".md") continue;
        if (type == fs::file_type::regular && de.file_size(ec2) <= 0x20 && !ec2) {
            auto bytes = support::read_file(de.path(), support::kCaptureInput, support::Links::refuse);
            cs::EntryKind kind{};
            if (bytes && cs::has_anchor(*bytes, kind)) {
                entry_points.push_back(de.path());
                continue;
            }
        }
        others.push_back(de.path());
    }
    if (entry_points.size() == 1 && others.size() == 1) return read_smbios_pair(entry_points[0], others[0]);
    return fail("{}: expected the /sys/firmware layout (dmi/tables/), smbios_entry_point + DMI, or one entry point "
                "file and one "
                "table file; found {} entry point file(s) and {} other file(s)",
                from.string(), entry_points.size(), others.size());
}

} // namespace domfw::hostfw
