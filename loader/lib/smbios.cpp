#include "loader/lib/smbios.hpp"

#include <array>

#include "core/byte_writer.hpp"
#include "core/fault_text.hpp"
#include "core/smbios_entry_point.hpp"
#include "core/smbios_walk.hpp"
#include "domfw/abi/module.h"
#include "domfw/abi/start_info.h"
#include "loader/lib/fault.hpp"
#include "loader/lib/vcpus.hpp"

namespace domfw::loader {
namespace {

namespace sm = core::smbios;

// hvmloader's order of the table (XEN-FACTS.md §2); vendor types rank just before 127.
constexpr std::uint8_t kOrder[] = {0, 1, 2, 3, 4, 7, 8, 9, 11, 16, 17, 19, 20, 22, 26, 27, 28, 32, 39};
constexpr int kVendorRank = sizeof kOrder;
constexpr int kEndRank = kVendorRank + 1;
// The DMTF types a passed-through structure may override; the others are the loader's own.
constexpr std::uint8_t kOverridable[] = {0, 1, 2, 3, 7, 8, 9, 11, 22, 26, 27, 28, 39};
// Their minimum lengths (hvmloader's, XEN-FACTS.md §2; the others DSP0134 2.0's): a shorter one
// would be shown as a truncated structure, so it is skipped as hvmloader skips it.
constexpr std::uint8_t kMinLength[] = {0x18, 0x1B, 8, 13, 0x0F, 0x09, 0x0D, 5, 0x1A, 0x14, 0x0C, 0x14, 0x10};
static_assert(sizeof kMinLength == sizeof kOverridable);
constexpr std::uint32_t kOverridableCount = sizeof kOverridable;

int rank_of(std::uint8_t type) {
    if (type == 127) return kEndRank;
    if (type >= 128) return kVendorRank;
    for (int i = 0; i < kVendorRank; ++i)
        if (kOrder[i] == type) return i;
    return -1; // another DMTF type: keeps its place, nothing is inserted before it
}

// Type -> index in kOverridable, or -1: one lookup per structure of every module.
constexpr auto kSlotOf = [] {
    std::array<std::int8_t, 256> t{};
    for (auto& v : t)
        v = -1;
    for (std::uint32_t i = 0; i < kOverridableCount; ++i)
        t[kOverridable[i]] = static_cast<std::int8_t>(i);
    return t;
}();

int overridable_slot(std::uint8_t type) { return kSlotOf[type]; }

// The table being written into the reserved area.
struct TableOut {
    std::span<std::uint8_t> area;
    std::size_t used = 0;
    std::uint32_t count = 0;
    std::uint16_t max_size = 0;
    bool full = false;

    bool emit(const sm::Structure& s, std::uint16_t handle) {
        const std::size_t n = s.size();
        if (full || n > area.size() - used) {
            full = true;
            return false;
        }
        for (std::size_t i = 0; i < s.formatted.size(); ++i)
            area[used + i] = s.formatted[i];
        for (std::size_t i = 0; i < s.strings.size(); ++i)
            area[used + s.formatted.size() + i] = s.strings[i];
        area[used + 2] = static_cast<std::uint8_t>(handle);
        area[used + 3] = static_cast<std::uint8_t>(handle >> 8);
        used += n;
        ++count;
        if (n > max_size) max_size = static_cast<std::uint16_t>(n > 0xFFFF ? 0xFFFF : n);
        return true;
    }
};

struct Handles {
    std::uint8_t* bits;
    std::uint32_t next = 0;
    [[nodiscard]] bool used(std::uint16_t h) const { return (bits[h >> 3] >> (h & 7)) & 1; }
    void mark(std::uint16_t h) { bits[h >> 3] = static_cast<std::uint8_t>(bits[h >> 3] | (1U << (h & 7))); }
    // The lowest unused handle from `next` on; 0xFFFE and 0xFFFF mean "none" (DSP0134 §6.1.2).
    bool fresh(std::uint16_t* out) {
        for (; next < 0xFFFE; ++next) {
            if (!used(static_cast<std::uint16_t>(next))) {
                *out = static_cast<std::uint16_t>(next);
                mark(*out);
                return true;
            }
        }
        return false;
    }
};

// ---- the platform's table ------------------------------------------------------------------

struct Platform {
    bool found = false;
    std::uint64_t entry_paddr = 0;
    sm::EntryPoint entry{};
    core::Bytes table{};
};

// SeaBIOS's entry point: `_SM3_` on a 16-byte boundary first, then `_SM_`, as Linux looks.
Platform find_platform(const PhysMemory& mem, Console& con) {
    Platform p;
    const auto fseg = mem.view(kFsegBase, kFsegSize);
    if (fseg.empty()) return p;
    for (const sm::EntryKind want : {sm::EntryKind::smbios3, sm::EntryKind::smbios2}) {
        for (std::size_t off = 0; off + 16 <= fseg.size(); off += 16) {
            // Every anchor starts with '_': one byte rules out almost every boundary of the 64 KiB
            // before the full check (docs/loader.md, "Cost").
            if (fseg[off] != '_') continue;
            const core::Bytes at = core::Bytes(fseg).subspan(off);
            sm::EntryKind kind{};
            if (!sm::has_anchor(at, kind) || kind != want) continue;
            const sm::EntryResult r = sm::parse_entry_point(at.first(at.size() < 32 ? at.size() : 32));
            if (!r.ok) {
                con.line().str("smbios: entry point at ").hex(kFsegBase + off).str(" rejected: ");
                core::TextSink sink = con.text_sink();
                core::write_fault(sink, sm::to_error(r.error));
                con.end();
                continue;
            }
            const auto table = mem.view(r.entry.table_address, r.entry.table_length);
            if (table.empty()) {
                con.line().str("smbios: entry point at ").hex(kFsegBase + off).str(": table [");
                con.hex(r.entry.table_address).str(", ").hex(r.entry.table_address + r.entry.table_length);
                con.str(") outside memory").end();
                continue;
            }
            p = {.found = true, .entry_paddr = kFsegBase + off, .entry = r.entry, .table = table};
            return p;
        }
    }
    return p;
}

// ---- defaults, as hvmloader generates them when there is no platform table -------------------

// ByteWriter keeps its first fault (a table that does not fit), so the writes need no checks
// of their own: generate_defaults() asks once, at the end.
struct Gen : core::ByteWriter {
    std::uint16_t handle = 0;
    void head(std::uint8_t type, std::uint8_t length) {
        u8(type);
        u8(length);
        u16le(handle++);
    }
    // The string set: each string NUL-terminated, then the closing NUL (two NULs when none).
    void strings(std::initializer_list<const char*> list) {
        std::size_t n = 0;
        for (const char* s : list) {
            for (; *s != 0; ++s)
                u8(static_cast<std::uint8_t>(*s));
            u8(0);
            ++n;
        }
        if (n == 0) u8(0);
        u8(0);
    }
};

// Types 0, 1, 3, 4 (one per vCPU, as hvmloader: "CPU 0", "CPU 1", ...), 16, 17, 19, 20, 32, 127,
// for `ram_kib` of memory (the RAM of the memory map). Handles 0 up. Returns the bytes written
// (0 when `out` is too small: defaults_room() sizes it).
std::size_t generate_defaults(std::span<std::uint8_t> out, std::uint64_t ram_kib, std::uint32_t vcpus) {
    const std::uint32_t kib = ram_kib > 0xFFFFFFFFU ? 0xFFFFFFFFU : static_cast<std::uint32_t>(ram_kib);
    const std::uint64_t mib = ram_kib / 1024;
    Gen g{core::ByteWriter(out)};
    g.head(0, 0x18); // BIOS information (SMBIOS 2.4 length)
    g.u8(1), g.u8(2), g.u16le(0xE800), g.u8(3), g.u8(0);
    g.u32le(0x80), g.u32le(0); // characteristics: PCI is supported (as hvmloader)
    g.u8(0), g.u8(0x10);       // extension byte 2 bit 4: the table describes a virtual machine
    g.u8(0), g.u8(0), g.u8(0xFF), g.u8(0xFF);
    g.strings({"domfw", "domfw-loader", "01/01/2026"});
    g.head(1, 0x1B); // system information
    g.u8(1), g.u8(2), g.u8(0), g.u8(0);
    g.zeros(16); // UUID: not known to the loader
    g.u8(6), g.u8(0), g.u8(0);
    g.strings({"domfw", "PVH guest"});
    g.head(3, 0x0D); // chassis
    g.u8(1), g.u8(0x01), g.u8(0), g.u8(0), g.u8(0);
    g.u8(0x03), g.u8(0x03), g.u8(0x03), g.u8(0x02);
    g.strings({"domfw"});
    for (std::uint32_t cpu = 0; cpu < vcpus; ++cpu) {
        g.head(4, 0x1A); // processor
        g.u8(1), g.u8(0x03), g.u8(0x01), g.u8(2);
        g.zeros(8); // processor ID
        g.u8(0), g.u8(0), g.u16le(0), g.u16le(0), g.u16le(0);
        g.u8(0x41), g.u8(0x01); // populated, enabled; upgrade: other
        // "CPU N": N has at most 3 digits (kMaxSmbiosVcpus).
        char socket[8] = {'C', 'P', 'U', ' '};
        std::size_t len = 4;
        char digits[4];
        std::size_t nd = 0;
        for (std::uint32_t v = cpu; nd == 0 || v != 0; v /= 10)
            digits[nd++] = static_cast<char>('0' + v % 10);
        while (nd != 0)
            socket[len++] = digits[--nd];
        socket[len] = 0;
        g.strings({socket, "domfw"});
    }
    const std::uint16_t array = g.handle;
    g.head(16, 0x0F); // physical memory array
    g.u8(0x03), g.u8(0x03), g.u8(0x03), g.u32le(kib), g.u16le(0xFFFE), g.u16le(1);
    g.strings({});
    const std::uint16_t device = g.handle;
    g.head(17, 0x15); // memory device
    g.u16le(array), g.u16le(0xFFFE), g.u16le(64), g.u16le(64);
    g.u16le(static_cast<std::uint16_t>(mib > 0x7FFE ? 0x7FFE : mib));
    g.u8(0x09), g.u8(0), g.u8(1), g.u8(0), g.u8(0x07), g.u16le(0x0002);
    g.strings({"DIMM 0"});
    const std::uint16_t mapped = g.handle;
    g.head(19, 0x0F); // memory array mapped address
    g.u32le(0), g.u32le(kib == 0 ? 0 : kib - 1), g.u16le(array), g.u8(1);
    g.strings({});
    g.head(20, 0x13); // memory device mapped address
    g.u32le(0), g.u32le(kib == 0 ? 0 : kib - 1), g.u16le(device), g.u16le(mapped), g.u8(1), g.u8(0), g.u8(0);
    g.strings({});
    g.head(32, 0x0B); // system boot information: no errors
    g.zeros(6), g.u8(0);
    g.strings({});
    g.head(127, 4);
    g.strings({});
    return g.ok() ? g.offset() : 0;
}

std::uint64_t ram_kib(const BootInfo& boot) {
    std::uint64_t total = 0;
    for (std::uint32_t i = 0; i < boot.memmap.count; ++i)
        if (boot.memmap.entries[i].type == DOMFW_HVM_MEMMAP_TYPE_RAM) total += boot.memmap.entries[i].size / 1024;
    return total;
}

// ---- the F-segment ---------------------------------------------------------------------------

struct Chipset {
    const char* name = nullptr;
    std::uint32_t pam0 = 0;
    std::uint32_t id = 0xFFFFFFFF;
};

Chipset identify(const PciConfig& pci) {
    Chipset c;
    if (pci.read32 == nullptr) return c;
    c.id = pci.read32(pci.ctx, kPciHostBridgeId);
    if (c.id == kI440fxId) c = {.name = "i440FX", .pam0 = kI440fxPam0, .id = c.id};
    if (c.id == kQ35Id) c = {.name = "Q35", .pam0 = kQ35Pam0, .id = c.id};
    return c;
}

// Every SMBIOS/DMI anchor on a 16-byte boundary loses its first byte ('_' -> 'x'), so no scan
// finds a stale entry point before (or instead of) the new ones.
std::uint32_t deface_anchors(std::span<std::uint8_t> fseg) {
    std::uint32_t n = 0;
    for (std::size_t off = 0; off + 16 <= fseg.size(); off += 16) {
        if (fseg[off] != '_') continue; // as in find_platform
        const core::Bytes at = core::Bytes(fseg).subspan(off);
        sm::EntryKind kind{};
        if (sm::has_anchor(at, kind)) {
            fseg[off] = 'x';
            ++n;
        }
    }
    return n;
}

bool all_zero(core::Bytes b) {
    for (const std::uint8_t x : b)
        if (x != 0) return false;
    return true;
}

} // namespace

SmbiosResult install_smbios(const PhysMemory& mem, const Region& area, const PciConfig& pci, const BootInfo& boot,
                            const BundleContents& bundle, SmbiosWork& work, Console& con) {
    SmbiosResult res;
    const auto out_area = mem.view(area.addr, area.size);
    if (out_area.empty()) {
        con.line().str("smbios: no area for the table: the guest gets no SMBIOS").end();
        return res;
    }
    for (auto& b : work.handle_used)
        b = 0;
    Handles handles{work.handle_used};

    // The base: the platform's table, else defaults built at the far end of the area (the merged
    // table, written from the start, never catches up with them: it is copied structure by
    // structure from lower addresses and the defaults are far smaller than the area).
    // 1 KiB for the fixed types and one type 4, 64 bytes for each further one (26 formatted +
    // "CPU NNN" + "domfw"); the merged table needs at least 1 KiB more.
    const Platform plat = find_platform(mem, con);
    const std::uint32_t vcpus = plat.found ? 1 : count_vcpus(mem, boot.rsdp_paddr, con).count;
    const std::size_t defaults_room = 1024 + std::size_t{64} * (vcpus - 1);
    if (out_area.size() <= defaults_room + 1024) {
        con.line().str("smbios: area of ").dec(out_area.size()).str(" bytes too small: the guest gets no SMBIOS").end();
        return res;
    }
    core::Bytes base;
    std::uint16_t base_count = 0;
    if (plat.found) {
        base = plat.table;
        base_count = plat.entry.structure_count;
        con.line().str("smbios: platform table ").dec(plat.entry.version >> 8).put('.').dec(plat.entry.version & 0xFF);
        con.str(" at ")
            .hex(plat.entry.table_address)
            .str(", ")
            .dec(plat.entry.table_length)
            .str(" bytes, entry point at ");
        con.hex(plat.entry_paddr).end();
    } else {
        const auto scratch = out_area.subspan(out_area.size() - defaults_room);
        base = core::Bytes(scratch.data(), generate_defaults(scratch, ram_kib(boot), vcpus));
        con.line().str("smbios: no platform table in the F-segment: hvmloader-style defaults (").dec(base.size());
        con.str(" bytes)").end();
    }

    // Pass 1 over the base: its handles are taken.
    {
        sm::StructureWalk walk(base, base_count);
        sm::Structure s;
        while (walk.next(s))
            handles.mark(s.handle);
        if (walk.stop() == sm::WalkStop::error) {
            const sm::WalkError& e = walk.error();
            con.line().str("smbios: platform table broken at offset ").hex(e.offset).str(" (type ").dec(e.type);
            con.str(", handle ").hex(e.handle).str("): the structures before it are kept").end();
        }
    }

    // The structures of a bundle's SMBIOS module (header_length at 8, structure_count at 28;
    // validated by scan_bundle), read the same way by both passes.
    auto module_payload = [&](const FirmwareModule& fm) {
        return core::Bytes(mem.view(bundle.paddr + fm.payload_offset, fm.payload_length));
    };
    // Where each module's vendor structures (types 128-255) lie, from pass 1: the append pass
    // walks only those bytes, not the whole module again (a host's table holds hundreds of DMTF
    // structures and a few vendor ones, mostly at its end: docs/loader.md, "Cost").
    std::uint32_t* const vendor_from = work.vendor_from;
    std::uint32_t* const vendor_to = work.vendor_to;

    // Pass 1 over the modules: the first structure of each overridable type wins.
    sm::Structure winner[kOverridableCount];
    bool has_winner[kOverridableCount] = {};
    bool placed[kOverridableCount] = {};
    for (std::uint32_t m = 0; m < bundle.firmware_count; ++m) {
        const FirmwareModule& fm = bundle.firmware[m];
        if (fm.type != DOMFW_MODULE_TYPE_SMBIOS) continue;
        sm::StructureWalk walk(module_payload(fm), static_cast<std::uint16_t>(fm.count));
        sm::Structure s;
        vendor_from[m] = vendor_to[m] = 0;
        // The structures of the loader's own types are reported once per module, not one line
        // each: a host's table holds dozens (types 4, 7, 16, 17, ...), and each console line
        // costs more than merging the structure (docs/loader.md, "Cost").
        std::uint32_t own = 0;
        std::uint8_t own_types[32] = {};
        while (walk.next(s)) {
            if (s.type >= 128) {
                if (vendor_to[m] == 0) vendor_from[m] = static_cast<std::uint32_t>(s.offset);
                vendor_to[m] = static_cast<std::uint32_t>(s.offset + s.size());
            }
            const int slot = overridable_slot(s.type);
            if (slot < 0 && s.type < 128) {
                ++own;
                own_types[s.type >> 3] = static_cast<std::uint8_t>(own_types[s.type >> 3] | (1U << (s.type & 7)));
                continue;
            }
            con.line().str("smbios: module ").dec(fm.index).str(" type ").dec(s.type).str(" handle ").hex(s.handle);
            if (slot >= 0 && s.length < kMinLength[slot]) {
                con.str(": skipped, shorter than type ").dec(s.type).str("'s minimum ").hex(kMinLength[slot]).end();
            } else if (slot >= 0 && !has_winner[slot]) {
                winner[slot] = s;
                has_winner[slot] = true;
                con.str(": overrides").end();
            } else if (slot >= 0) {
                con.str(": skipped, an earlier type ").dec(s.type).str(" wins").end();
            } else {
                con.str(": appended").end();
            }
        }
        if (own != 0) {
            con.line().str("smbios: module ").dec(fm.index).str(": ").dec(own);
            con.str(own == 1 ? " structure" : " structures").str(" skipped, of the loader's own types");
            char sep = ' ';
            for (std::uint32_t t = 0; t < 128; ++t) {
                if (((own_types[t >> 3] >> (t & 7)) & 1U) == 0) continue;
                con.put(sep).dec(t);
                sep = ',';
            }
            con.end();
        }
    }

    // With defaults at its far end, the merged table stops short of them.
    TableOut out{.area = plat.found ? out_area : out_area.first(out_area.size() - defaults_room)};
    auto place_pending = [&](int below_rank) {
        for (std::uint32_t i = 0; i < kOverridableCount; ++i) {
            if (!has_winner[i] || placed[i] || rank_of(kOverridable[i]) >= below_rank) continue;
            std::uint16_t h = 0;
            if (!handles.fresh(&h)) {
                out.full = true;
                return;
            }
            (void)out.emit(winner[i], h);
            placed[i] = true;
        }
    };

    // Pass 2: the base in order, overridden types replaced in place (taking the base's handle),
    // missing overridable types inserted where hvmloader's order puts them, vendor structures
    // before the end-of-table.
    std::uint16_t end_handle = 0xFFFF;
    {
        sm::StructureWalk walk(base, base_count);
        sm::Structure s;
        while (walk.next(s)) {
            if (s.type == 127) {
                end_handle = s.handle;
                break;
            }
            const int r = rank_of(s.type);
            if (r >= 0) place_pending(r);
            const int slot = overridable_slot(s.type);
            if (slot >= 0 && has_winner[slot]) {
                if (!placed[slot]) (void)out.emit(winner[slot], s.handle);
                placed[slot] = true; // further base structures of the type are dropped
                continue;
            }
            (void)out.emit(s, s.handle);
        }
    }
    place_pending(kEndRank);
    std::uint32_t renumbered = 0;
    for (std::uint32_t m = 0; m < bundle.firmware_count; ++m) {
        const FirmwareModule& fm = bundle.firmware[m];
        if (fm.type != DOMFW_MODULE_TYPE_SMBIOS) continue;
        const core::Bytes payload = module_payload(fm);
        sm::StructureWalk walk(payload.subspan(vendor_from[m], vendor_to[m] - vendor_from[m]));
        sm::Structure s;
        while (walk.next(s)) {
            if (s.type < 128) continue;
            std::uint16_t h = s.handle;
            if (h >= 0xFFFE || handles.used(h)) {
                if (!handles.fresh(&h)) {
                    out.full = true;
                    break;
                }
                ++renumbered;
            } else {
                handles.mark(h);
            }
            (void)out.emit(s, h);
        }
    }
    if (end_handle == 0xFFFF && !handles.fresh(&end_handle)) out.full = true;
    const std::uint8_t end_bytes[] = {127, 4, 0, 0, 0, 0};
    sm::Structure end{
        .type = 127, .length = 4, .formatted = core::Bytes(end_bytes, 4), .strings = core::Bytes(end_bytes + 4, 2)};
    (void)out.emit(end, end_handle);
    if (out.full) {
        con.line().str("smbios: the merged table does not fit ").dec(out.area.size());
        con.str(" bytes (or no free handle): the guest gets no SMBIOS").end();
        return res;
    }
    if (renumbered != 0) con.line().str("smbios: ").dec(renumbered).str(" vendor handles renumbered (clash)").end();

    // The entry points: where the platform's was (its table, already copied, may follow it), or
    // at the start of the F-segment when it is all zero (Xen: zero-filled RAM).
    const auto fseg = mem.view(kFsegBase, kFsegSize);
    if (fseg.empty()) {
        con.line().str("smbios: no F-segment in memory: the guest gets no SMBIOS").end();
        return res;
    }
    std::uint64_t at = kFsegBase;
    std::uint64_t room = 64;
    if (plat.found) {
        at = plat.entry_paddr;
        room = 32;
        // SeaBIOS puts its table right behind its entry point: that space is free now too.
        if (plat.entry.table_address >= at + 32 && plat.entry.table_address <= at + 48)
            room = plat.entry.table_address + plat.entry.table_length - at;
    } else if (!all_zero(core::Bytes(fseg).first(64))) {
        con.line().str("smbios: no free place for the entry point in the F-segment: the guest gets no SMBIOS").end();
        return res;
    }
    const bool with_sm2 = room >= 64 && out.used <= 0xFFFF && area.addr + out.used <= 0xFFFFFFFFU;

    const Chipset chip = identify(pci);
    std::uint8_t old_pam = 0;
    if (chip.name != nullptr) {
        old_pam = pci.read8(pci.ctx, chip.pam0);
        pci.write8(pci.ctx, chip.pam0, static_cast<std::uint8_t>((old_pam & 0x0F) | 0x30));
    }
    const std::uint32_t defaced = deface_anchors(fseg);
    const auto entry = mem.view(at, with_sm2 ? 64 : 32);
    for (auto& b : entry)
        b = 0;
    // SMBIOS 3.0 (2.8 for "_SM_"): the version of the structures hvmloader and this merge write.
    core::smbios::EntryPointFields f{
        .major = 3, .table_address = area.addr, .table_length = static_cast<std::uint32_t>(out.used)};
    core::smbios::write_sm3(entry, f);
    if (with_sm2) {
        f.major = 2, f.minor = 8, f.structure_count = static_cast<std::uint16_t>(out.count);
        f.max_structure_size = out.max_size;
        core::smbios::write_sm2(entry.subspan(32), f);
    }
    if (chip.name != nullptr) pci.write8(pci.ctx, chip.pam0, old_pam);

    con.line().str("smbios: host bridge ");
    if (chip.name != nullptr) {
        con.str(chip.name).str(": PAM0 ").hex(old_pam).str(" unlocked for the write and restored").end();
    } else if (pci.read32 == nullptr) {
        con.str("none (no PCI): F-segment written directly").end();
    } else {
        con.hex(chip.id).str(" unknown: not unlocked, F-segment written directly").end();
    }
    // Read back: a write-protected F-segment drops writes silently.
    if (!sm::parse_entry_point(core::Bytes(entry).first(0x18)).ok) {
        con.line().str("smbios: the entry point at ").hex(at).str(" did not read back (F-segment write-protected):");
        con.str(" the guest gets no SMBIOS").end();
        return res;
    }
    con.line().str("smbios: table at ").hex(area.addr).str(", ").dec(out.count).str(" structures, ").dec(out.used);
    con.str(" bytes; _SM3_ at ").hex(at);
    if (with_sm2) con.str(", _SM_ 2.8 at ").hex(at + 32);
    con.str("; ").dec(defaced).str(defaced == 1 ? " old anchor defaced" : " old anchors defaced").end();
    res = {.installed = true,
           .table_paddr = area.addr,
           .table_length = static_cast<std::uint32_t>(out.used),
           .entry_paddr = at};
    return res;
}

} // namespace domfw::loader
