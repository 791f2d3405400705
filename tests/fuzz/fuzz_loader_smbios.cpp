// The loader's SMBIOS step (loader/lib/smbios.cpp: install_smbios) on arbitrary platform tables,
// bundle SMBIOS modules and ACPI tables for the vCPU count. The harness writes what a fuzzer
// could not find by chance (entry point and ACPI checksums, module CRCs) around the input's
// bytes, so the merge itself sees arbitrary structures:
//   byte 0: flags: bit 0 a platform table, bit 1 its entry point is _SM3_ (else _SM_ 2.8),
//           bit 2 ACPI tables behind rsdp_paddr, bit 3 the MADT's checksum left wrong,
//           bits 4-5 the host bridge (none, i440FX, Q35, unknown), bit 6 a tiny SMBIOS area;
//   byte 1: how many modules (0..3); then for the platform table and each module a u16 length,
//           a u16 structure count and the bytes; then the MADT's body.
// When the step says it installed a table, the entry point it wrote must parse and point at it,
// and the table must walk cleanly to its end-of-table: a broken table handed to the guest traps.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "core/smbios_walk.hpp"
#include "loader/lib/bundle_scan.hpp"
#include "loader/lib/smbios.hpp"
#include "module/module_writer.hpp"

namespace {

using namespace domfw::loader;
namespace sm = domfw::core::smbios;

constexpr std::size_t kRamSize = 0x180000;
constexpr std::uint64_t kPlatformTable = 0xE0000, kPlatformEntry = 0xF59F0;
constexpr std::uint64_t kRsdp = 0xE8000, kXsdt = 0xE8040, kMadt = 0xE8100;
constexpr std::uint64_t kArea = 0x100000, kBundle = 0x110000;

struct Input {
    const std::uint8_t* p;
    std::size_t n;
    std::uint8_t u8() {
        if (n == 0) return 0;
        --n;
        return *p++;
    }
    std::uint16_t u16() { return static_cast<std::uint16_t>(u8() | u8() << 8); }
    std::vector<std::uint8_t> take(std::size_t want) {
        const std::size_t k = want < n ? want : n;
        std::vector<std::uint8_t> v(p, p + k);
        p += k, n -= k;
        return v;
    }
};

void put(std::vector<std::uint8_t>& ram, std::uint64_t at, const std::vector<std::uint8_t>& b) {
    for (std::size_t i = 0; i < b.size() && at + i < ram.size(); ++i)
        ram[at + i] = b[i];
}

void fix_sum(std::vector<std::uint8_t>& ram, std::uint64_t at, std::uint64_t sum_at, std::size_t n) {
    ram[sum_at] = 0;
    std::uint8_t s = 0;
    for (std::size_t i = 0; i < n; ++i)
        s = static_cast<std::uint8_t>(s + ram[at + i]);
    ram[sum_at] = static_cast<std::uint8_t>(0x100 - s);
}

void put_le(std::vector<std::uint8_t>& ram, std::uint64_t at, std::uint64_t v, unsigned size) {
    for (unsigned i = 0; i < size; ++i)
        ram[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void put_acpi_header(std::vector<std::uint8_t>& ram, std::uint64_t at, const char* sig, std::uint32_t length) {
    for (unsigned i = 0; i < 4; ++i)
        ram[at + i] = static_cast<std::uint8_t>(sig[i]);
    put_le(ram, at + 4, length, 4);
    ram[at + 8] = 1;
}

struct Bridge {
    std::uint32_t id = 0;
    std::uint8_t pam0 = 0x10;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static std::vector<std::uint8_t> ram(kRamSize);
    static auto work = std::make_unique<SmbiosWork>();
    static auto boot = std::make_unique<BootInfo>();
    static auto bundle = std::make_unique<BundleContents>();
    std::memset(ram.data(), 0, ram.size()); // std::fill stays a byte loop under the fuzz flags: 20 ms a run
    Input in{data, size};
    const std::uint8_t flags = in.u8();
    const unsigned modules = in.u8() % 4;

    if ((flags & 1) != 0) {
        const std::uint16_t len = in.u16() & 0x3FFF, count = in.u16();
        const auto table = in.take(len);
        put(ram, kPlatformTable, table);
        const auto length = static_cast<std::uint32_t>(table.size());
        const std::uint64_t e = kPlatformEntry;
        if ((flags & 2) != 0) {
            put(ram, e, {'_', 'S', 'M', '3', '_', 0, 0x18, 3, 0, 0, 1, 0});
            put_le(ram, e + 12, length, 4);
            put_le(ram, e + 16, kPlatformTable, 8);
            fix_sum(ram, e, e + 5, 0x18);
        } else {
            put(ram, e, {'_', 'S', 'M', '_', 0, 0x1F, 2, 8});
            put(ram, e + 0x10, {'_', 'D', 'M', 'I', '_'});
            put_le(ram, e + 0x16, length, 2);
            put_le(ram, e + 0x18, kPlatformTable, 4);
            put_le(ram, e + 0x1C, count, 2);
            ram[e + 0x1E] = 0x28;
            fix_sum(ram, e + 0x10, e + 0x15, 0x0F);
            fix_sum(ram, e, e + 4, 0x1F);
        }
    }

    // The bundle: the SMBIOS modules, written with valid CRCs, then read by scan_bundle.
    std::vector<std::vector<std::uint8_t>> mods;
    for (unsigned m = 0; m < modules; ++m) {
        const std::uint16_t len = in.u16() & 0x3FFF, count = in.u16() % 64;
        const auto bytes = in.take(len);
        domfw::module::SmbiosModuleSpec spec{3, 0, 0, {}};
        // `count` pieces of the bytes: the structure count the module header announces.
        for (std::size_t i = 0; i < count; ++i)
            spec.structures.emplace_back(i == 0 ? bytes : std::vector<std::uint8_t>{});
        if (count == 0 && !bytes.empty()) spec.structures.push_back(bytes);
        auto w = domfw::module::write_smbios_module(spec);
        if (w) mods.push_back(std::move(*w));
    }
    // Whatever is left: the MADT's processor entries.
    const auto madt = in.take(0x800);
    if ((flags & 4) != 0) {
        put(ram, kRsdp, {'R', 'S', 'D', ' ', 'P', 'T', 'R', ' '});
        ram[kRsdp + 15] = 2;
        ram[kRsdp + 20] = 36;
        put_le(ram, kRsdp + 24, kXsdt, 8);
        fix_sum(ram, kRsdp, kRsdp + 8, 20);
        fix_sum(ram, kRsdp, kRsdp + 32, 36);
        put_acpi_header(ram, kXsdt, "XSDT", 44);
        put_le(ram, kXsdt + 36, kMadt, 8);
        fix_sum(ram, kXsdt, kXsdt + 9, 44);
        const auto mlen = static_cast<std::uint32_t>(44 + madt.size());
        put_acpi_header(ram, kMadt, "APIC", mlen);
        put(ram, kMadt + 44, madt);
        fix_sum(ram, kMadt, kMadt + 9, mlen);
        if ((flags & 8) != 0) ram[kMadt + 9] ^= 1;
    }

    auto bytes = domfw::module::write_bundle(mods);
    if (!bytes || kBundle + bytes->size() > ram.size()) return 0;
    put(ram, kBundle, *bytes);
    const PhysMemory mem = PhysMemory::over(ram);
    Console con([](void*, char) {}, nullptr);
    *bundle = {};
    if (scan_bundle(mem, kBundle, bytes->size(), con, *bundle)) return 0;

    *boot = {};
    boot->rsdp_paddr = (flags & 4) != 0 ? kRsdp : 0;
    boot->memmap.entries[0] = {0, 0xA0000, DOMFW_HVM_MEMMAP_TYPE_RAM};
    boot->memmap.entries[1] = {0x100000, kRamSize - 0x100000, DOMFW_HVM_MEMMAP_TYPE_RAM};
    boot->memmap.count = 2;

    Bridge bridge;
    static constexpr std::uint32_t kIds[] = {0, kI440fxId, kQ35Id, 0x12345678};
    bridge.id = kIds[(flags >> 4) & 3];
    PciConfig pci{};
    if (bridge.id != 0)
        pci = {&bridge, [](void* c, std::uint32_t) { return static_cast<Bridge*>(c)->id; },
               [](void* c, std::uint32_t) { return static_cast<Bridge*>(c)->pam0; },
               [](void* c, std::uint32_t, std::uint8_t v) { static_cast<Bridge*>(c)->pam0 = v; }};
    const Region area{kArea, (flags & 0x40) != 0 ? 0x900 : kSmbiosAreaSize};
    const SmbiosResult r = install_smbios(mem, area, pci, *boot, *bundle, *work, con);
    if (!r.installed) return 0;
    // What the guest gets must be sound: the entry point parses and names the table, which lies
    // in the area and walks to its end-of-table without an error.
    const auto entry = mem.view(r.entry_paddr, 0x18);
    const sm::EntryResult e = sm::parse_entry_point(entry);
    if (!e.ok || e.entry.table_address != r.table_paddr || e.entry.table_length != r.table_length) __builtin_trap();
    if (r.table_paddr < area.addr || r.table_paddr + r.table_length > area.addr + area.size) __builtin_trap();
    sm::StructureWalk walk(mem.view(r.table_paddr, r.table_length), 0);
    sm::Structure s;
    bool end = false;
    while (walk.next(s))
        end = s.type == 127;
    if (walk.stop() == sm::WalkStop::error || !end) __builtin_trap();
    return 0;
}
