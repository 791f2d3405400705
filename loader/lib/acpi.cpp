#include "loader/lib/acpi.hpp"

#include "core/acpi_table.hpp"
#include "core/byte_reader.hpp"
#include "core/byte_writer.hpp"
#include "core/checked.hpp"
#include "core/checksum.hpp"
#include "domfw/abi/module.h"
#include "loader/lib/fault.hpp"
#include "loader/lib/guest_layout.hpp"

namespace domfw::loader {
namespace {

namespace acpi = core::acpi;

// ACPI 6.5 §5.2.6: where the header's fields are.
constexpr std::size_t kChecksumAt = 9;
constexpr std::size_t kOemIdAt = 10;
constexpr std::size_t kOemTableIdAt = 16;
// The minimal FADT: revision 6 (ACPI 6.0, 276 bytes) with HW_REDUCED_ACPI (flags bit 20), so it
// needs no FACS, PM timer, SCI or fixed-feature registers (§5.2.9, §4.1); DSDT and X_DSDT at
// 40 and 140, flags at 112.
constexpr std::uint32_t kFadtLength = 276;
constexpr std::uint8_t kFadtRevision = 6;
constexpr std::size_t kFadtDsdtAt = 40;
constexpr std::size_t kFadtFlagsAt = 112;
constexpr std::size_t kFadtXDsdtAt = 140;
constexpr std::uint32_t kFadtHwReduced = 1U << 20;
constexpr std::size_t kAlign = 16;

const acpi::OemId kOwnOemId = {'D', 'O', 'M', 'F', 'W', ' '};
const acpi::OemTableId kOwnTableId = {'D', 'O', 'M', 'F', 'W', 'L', 'D', 'R'};

std::uint64_t end_of(std::uint64_t addr, std::uint64_t len) { return addr > ~len ? ~std::uint64_t{0} : addr + len; }

Console& sig(Console& con, const acpi::Signature& s) { return con.put('\'').text(core::Bytes(s.data(), 4)).put('\''); }

// ---- reading the platform's tables -----------------------------------------------------------

enum class Why : std::uint8_t { ok, outside, too_long, core };

struct Read {
    Why why = Why::ok;
    acpi::TableView view{};
    std::uint64_t length = acpi::kHeaderSize;
    core::Error error{};
};

// The table at `addr`, checked by core's reader (header, length, checksum) before anything else
// looks at it.
Read read_table(const PhysMemory& mem, std::uint64_t addr) {
    Read r;
    // Paging is off in the loader: nothing at or above 4 GiB is reachable, nor listed by the RSDT.
    const auto head =
        end_of(addr, acpi::kHeaderSize) > k4GiB ? std::span<std::uint8_t>{} : mem.view(addr, acpi::kHeaderSize);
    if (head.empty()) {
        r.why = Why::outside;
        return r;
    }
    r.length = acpi::read_header(head).value().length; // core's step 1; head holds the 36-byte header
    if (r.length > kMaxPlatformTableLength) {
        r.why = Why::too_long;
        return r;
    }
    const std::uint64_t len = r.length < acpi::kHeaderSize ? acpi::kHeaderSize : r.length;
    const auto all = end_of(addr, len) > k4GiB ? std::span<std::uint8_t>{} : mem.view(addr, len);
    if (all.empty()) {
        r.why = Why::outside;
        return r;
    }
    const core::Result<acpi::TableView> t = acpi::checked_table(all);
    if (!t) {
        r.why = Why::core;
        r.error = t.error();
        return r;
    }
    r.view = t.value();
    return r;
}

void say_why(Console& con, const Read& r, std::uint64_t addr) {
    switch (r.why) {
    case Why::ok: break;
    case Why::outside: con.str("[").hex(addr).str(", ").hex(end_of(addr, r.length)).str(") outside memory"); break;
    case Why::too_long: con.str("length ").hex(r.length).str(" above the limit ").hex(kMaxPlatformTableLength); break;
    case Why::core: render(con, r.error); break;
    }
}

struct Listed {
    std::uint64_t addr = 0;
    core::Bytes bytes{}; // the table as found (module tables: in the bundle)
    std::uint32_t module = 0;
    acpi::Signature sig{};
};

struct Platform {
    bool found = false;
    std::uint64_t rsdp_addr = 0;
    acpi::RsdpView rsdp{};
    std::uint64_t root_addr = 0;
    acpi::TableHeader root{};
    Listed tables[kMaxAcpiTables];
    std::uint32_t count = 0;
    std::int32_t fadt = -1; // index in `tables`
    bool has_dsdt = false;
    bool has_facs = false;
};

// The RSDP at `addr`, checked (signature, length, both checksums).
core::Result<acpi::RsdpView> rsdp_at(const PhysMemory& mem, std::uint64_t addr) {
    std::uint64_t avail = mem.size() > addr ? mem.size() - addr : 0;
    if (avail > 256) avail = 256;
    return acpi::check_rsdp(mem.view(addr, avail));
}

// As ACPICA's AcpiFindRootPointer (Linux without an RSDP address): the EBDA's first KiB when its
// segment word points above 0x400, then 0xE0000..0xFFFFF, on 16-byte boundaries.
bool scan_for_rsdp(const PhysMemory& mem, std::uint64_t* at) {
    auto window = [&](std::uint64_t base, std::uint64_t size) {
        const auto w = mem.view(base, size);
        if (w.empty()) return false;
        const core::Result<std::uint64_t> r = acpi::find_rsdp({base, w});
        if (!r) return false;
        *at = r.value();
        return true;
    };
    const auto ebda_word = mem.view(kEbdaPointer, 2);
    if (!ebda_word.empty()) {
        const std::uint64_t ebda = std::uint64_t{static_cast<std::uint32_t>(ebda_word[0] | ebda_word[1] << 8)} << 4;
        if (ebda > 0x400 && window(ebda, kEbdaWindow)) return true;
    }
    return window(kBiosAreaBase, kBiosAreaSize);
}

// The root table the RSDP names (XSDT first, the RSDT when the XSDT is unusable), then each entry
// checked; what fails is reported and left out.
void read_platform(const PhysMemory& mem, const BootInfo& boot, Platform& p, Console& con) {
    bool from_start_info = false;
    if (boot.rsdp_paddr != 0) {
        const core::Result<acpi::RsdpView> r = rsdp_at(mem, boot.rsdp_paddr);
        if (r) {
            p.rsdp_addr = boot.rsdp_paddr;
            p.rsdp = r.value();
            from_start_info = true;
        } else {
            con.line().str("acpi: start_info rsdp ").hex(boot.rsdp_paddr).str(" rejected: ");
            render(con, r.error());
            con.str("; scanning the BIOS area").end();
        }
    }
    if (!from_start_info) {
        std::uint64_t at = 0;
        if (!scan_for_rsdp(mem, &at)) {
            con.line().str("acpi: no platform RSDP (none in start_info, the EBDA or [0xe0000, 0x100000))").end();
            return;
        }
        p.rsdp_addr = at;
        p.rsdp = rsdp_at(mem, at).value(); // find_rsdp checked it
    }
    con.line().str("acpi: platform RSDP at ").hex(p.rsdp_addr).str(from_start_info ? " (start_info)" : " (scan)");
    con.str(", revision ").dec(p.rsdp.revision).str(", OEM '").text(core::Bytes(p.rsdp.oem_id.data(), 6));
    con.str("', RSDT ").hex(p.rsdp.rsdt_address);
    if (p.rsdp.has_extended_part()) con.str(", XSDT ").hex(p.rsdp.xsdt_address);
    con.end();

    // XSDT when there is one (ACPICA's choice), else, or when it is unusable, the RSDT.
    acpi::RootTable root;
    bool have_root = false;
    for (int pass = 0; pass < 2 && !have_root; ++pass) {
        const bool xsdt = pass == 0;
        if (xsdt && (!p.rsdp.has_extended_part() || p.rsdp.xsdt_address == 0)) continue;
        if (!xsdt && p.rsdp.rsdt_address == 0) continue; // an ACPI 2.0+ RSDP may name only an XSDT
        const std::uint64_t at = xsdt ? p.rsdp.xsdt_address : p.rsdp.rsdt_address;
        const char* name = xsdt ? "XSDT" : "RSDT";
        const Read r = read_table(mem, at);
        if (r.why == Why::ok && !acpi::signature_is(r.view.header.signature, xsdt ? "XSDT" : "RSDT")) {
            con.line().str("acpi: platform ").str(name).str(" at ").hex(at).str(" rejected: its signature is ");
            sig(con, r.view.header.signature).end();
            continue;
        }
        if (r.why != Why::ok) {
            con.line().str("acpi: platform ").str(name).str(" at ").hex(at).str(" rejected: ");
            say_why(con, r, at);
            con.end();
            continue;
        }
        root = acpi::RootTable::from(r.view).value(); // the signature is RSDT or XSDT
        p.root = r.view.header;
        p.root_addr = at;
        have_root = true;
    }
    if (!have_root) {
        con.line().str("acpi: the platform's RSDP names no usable root table").end();
        return;
    }
    p.found = true;

    const std::size_t n = root.count();
    std::uint32_t skipped = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t at = root.entry(i).value(); // i < count
        if (p.count == kMaxAcpiTables) {
            ++skipped;
            continue;
        }
        const Read r = read_table(mem, at);
        if (r.why != Why::ok) {
            con.line().str("acpi: platform table ").dec(i).str(" at ").hex(at).str(" skipped: ");
            say_why(con, r, at);
            con.end();
            continue;
        }
        Listed& l = p.tables[p.count];
        l = {.addr = at, .bytes = r.view.bytes, .sig = r.view.header.signature};
        if (acpi::signature_is(l.sig, "FACP") && p.fadt < 0) {
            p.fadt = static_cast<std::int32_t>(p.count);
            // The FADT is kept as it is; what it points to is checked, so a bad pointer is reported.
            const core::Result<acpi::FadtPointers> fp = acpi::fadt_pointers(r.view);
            if (!fp) {
                con.line().str("acpi: platform FACP at ").hex(at).str(": ");
                render(con, fp.error());
                con.end();
            } else {
                if (fp.value().dsdt != 0) {
                    const Read d = read_table(mem, fp.value().dsdt);
                    if (d.why == Why::ok && acpi::signature_is(d.view.header.signature, "DSDT")) {
                        p.has_dsdt = true;
                    } else {
                        con.line().str("acpi: platform FACP at ").hex(at).str(": its DSDT at ").hex(fp.value().dsdt);
                        con.str(" is not valid: ");
                        if (d.why == Why::ok) sig(con.str("signature "), d.view.header.signature);
                        say_why(con, d, fp.value().dsdt);
                        con.end();
                    }
                }
                if (fp.value().facs != 0) {
                    std::uint64_t avail = mem.size() > fp.value().facs ? mem.size() - fp.value().facs : 0;
                    if (avail > 4096) avail = 4096;
                    const core::Result<acpi::FacsView> f = acpi::check_facs(mem.view(fp.value().facs, avail));
                    if (f) {
                        p.has_facs = true;
                    } else {
                        con.line().str("acpi: platform FACP at ").hex(at).str(": its FACS at ").hex(fp.value().facs);
                        con.str(" is not valid: ");
                        render(con, f.error());
                        con.end();
                    }
                }
            }
        }
        ++p.count;
    }
    if (skipped != 0)
        con.line()
            .str("acpi: ")
            .dec(skipped)
            .str(" platform tables beyond ")
            .dec(kMaxAcpiTables)
            .str(" left out")
            .end();
    con.line().str("acpi: platform ").str(acpi::signature_is(p.root.signature, "XSDT") ? "XSDT" : "RSDT");
    con.str(" at ").hex(p.root_addr).str(": ").dec(p.count).str(p.count == 1 ? " table" : " tables");
    for (std::uint32_t i = 0; i < p.count; ++i)
        sig(con.put(' '), p.tables[i].sig);
    con.end();
}

bool platform_has(const Platform& p, const acpi::Signature& s) {
    if (acpi::signature_is(s, "DSDT")) return p.has_dsdt;
    if (acpi::signature_is(s, "FACS")) return p.has_facs;
    for (std::uint32_t i = 0; i < p.count; ++i)
        if (p.tables[i].sig == s) return true;
    return false;
}

// ---- writing ---------------------------------------------------------------------------------

struct Identity {
    acpi::OemId oem_id{};
    acpi::OemTableId table_id{};
    std::uint32_t oem_revision = 1;
};

void put_header(std::span<std::uint8_t> t, const char* signature, std::uint32_t length, std::uint8_t revision,
                const Identity& id) {
    core::ByteWriter w(t);
    w.bytes(core::Bytes(reinterpret_cast<const std::uint8_t*>(signature), 4));
    w.u32le(length);
    w.u8(revision);
    w.u8(0); // checksum, set last
    w.bytes(id.oem_id);
    w.bytes(id.table_id);
    w.u32le(id.oem_revision);
    w.bytes(core::Bytes(reinterpret_cast<const std::uint8_t*>("DFWL"), 4)); // creator: the loader
    w.u32le(1);
}

void fix_checksum(std::span<std::uint8_t> t) {
    t[kChecksumAt] = 0;
    t[kChecksumAt] = core::sum8_fix(t);
}

std::size_t align16(std::size_t v) { return (v + kAlign - 1) & ~(kAlign - 1); }

} // namespace

AcpiResult install_acpi(const PhysMemory& mem, const Region& area, const BootInfo& boot, const BundleContents& bundle,
                        Console& con) {
    AcpiResult res{.rsdp_paddr = boot.rsdp_paddr};
    // Only whole 16-byte units of the area are used: every table starts on a 16-byte boundary, so
    // rounding an end up never leaves the area.
    const auto whole = mem.view(area.addr, area.size);
    const auto out = whole.first(whole.size() & ~(kAlign - 1));
    // The RSDT holds 32-bit addresses: the area must end below 4 GiB.
    if (out.empty() || end_of(area.addr, area.size) > 0xFFFFFFFFU) {
        con.line().str("acpi: no area for the tables below 4 GiB: the platform's RSDP is handed on").end();
        return res;
    }

    Platform plat;
    read_platform(mem, boot, plat, con);
    // Should nothing be written below, an RSDP that leads nowhere valid is not handed on either.
    res.rsdp_paddr = plat.found ? plat.rsdp_addr : 0;

    // The bundle's tables, in module order (scan_bundle validated every one with the core reader).
    Listed added[kMaxAcpiTables];
    std::uint32_t added_count = 0;
    bool match_slic = false;
    Identity slic{};
    std::uint32_t slic_module = 0;
    const std::uint32_t room = kMaxAcpiTables - plat.count - (plat.found ? 0U : 1U); // minimal set: + FADT
    for (std::uint32_t m = 0; m < bundle.firmware_count; ++m) {
        const FirmwareModule& fm = bundle.firmware[m];
        if (fm.type != DOMFW_MODULE_TYPE_ACPI) continue;
        acpi::TableSequence seq(mem.view(bundle.paddr + fm.payload_offset, fm.payload_length));
        acpi::TableView t;
        bool wants_slic = (fm.acpi_flags & DOMFW_ACPI_F_MATCH_SLIC_OEM_IDS) != 0;
        while (seq.next(t)) {
            const acpi::Signature& s = t.header.signature;
            if (wants_slic && acpi::signature_is(s, "SLIC")) {
                wants_slic = false;
                if (!match_slic) {
                    match_slic = true;
                    slic = {.oem_id = t.header.oem_id, .table_id = t.header.oem_table_id};
                    slic_module = fm.index;
                }
            }
            if (acpi::signature_is(s, "RSDT") || acpi::signature_is(s, "XSDT")) {
                con.line().str("acpi: module ").dec(fm.index).str(" table ");
                sig(con, s).str(": skipped, the root tables are the loader's own").end();
                continue;
            }
            if (added_count == room) {
                con.line().str("acpi: module ").dec(fm.index).str(" table ");
                sig(con, s).str(": skipped, the XSDT holds at most ").dec(kMaxAcpiTables).str(" tables").end();
                continue;
            }
            added[added_count++] = {.bytes = t.bytes, .module = fm.index, .sig = s};
        }
    }

    // A minimal set only carries the bundle's tables: on its own it would turn a guest without
    // ACPI into one with an ACPI that describes no processor or interrupt controller, and Linux,
    // once it finds an RSDP, ignores the MP table (measured: Linux 6.1 on QEMU `pc,acpi=off`
    // double-faults with it). Without either, the guest gets no RSDP, as the platform gave none.
    if (!plat.found && added_count == 0) {
        con.line().str("acpi: no platform ACPI and no table from the bundle: the kernel gets no RSDP").end();
        return res;
    }

    // Layout: RSDP, XSDT, RSDT (sized for every candidate), the FADT (a copy, or the minimal
    // set's with its DSDT), then the added tables; each on a 16-byte boundary.
    const std::uint32_t candidates = plat.count + added_count + (plat.found ? 0U : 1U);
    // At most 128 entries: these offsets are small.
    const std::size_t xsdt_at = align16(acpi::kRsdpV2Size);
    const std::size_t rsdt_at = align16(xsdt_at + acpi::kHeaderSize + std::size_t{8} * candidates);
    std::size_t used = align16(rsdt_at + acpi::kHeaderSize + std::size_t{4} * candidates);
    const bool copy_fadt = plat.found && match_slic && plat.fadt >= 0;
    std::size_t fadt_at = 0;
    std::size_t dsdt_at = 0;
    if (copy_fadt) {
        fadt_at = used;
        used = align16(used + plat.tables[plat.fadt].bytes.size());
    } else if (!plat.found) {
        fadt_at = used;
        dsdt_at = align16(fadt_at + kFadtLength);
        used = align16(dsdt_at + acpi::kHeaderSize);
    }
    if (used > out.size()) {
        con.line().str("acpi: the new root tables need ").dec(used).str(" bytes, the area holds ").dec(out.size());
        con.str(": the platform's RSDP is handed on").end();
        return res;
    }
    std::size_t placed_at[kMaxAcpiTables] = {}; // offsets in the area
    std::uint32_t kept = 0;
    for (std::uint32_t i = 0; i < added_count; ++i) {
        const Listed& a = added[i];
        if (a.bytes.size() > out.size() - used) {
            con.line().str("acpi: module ").dec(a.module).str(" table ");
            sig(con, a.sig).str(", ").hex(a.bytes.size()).str(" bytes: skipped, ").dec(out.size() - used);
            con.str(" bytes left in the area").end();
            continue;
        }
        added[kept] = a;
        placed_at[kept++] = used;
        used = align16(used + a.bytes.size());
    }
    added_count = kept;

    // Write. The area is cleared first so the gaps between tables are zero.
    __builtin_memset(out.data(), 0, used);
    Identity id{.oem_id = kOwnOemId, .table_id = kOwnTableId};
    if (plat.found)
        id = {.oem_id = plat.root.oem_id, .table_id = plat.root.oem_table_id, .oem_revision = plat.root.oem_revision};
    if (match_slic) id = {.oem_id = slic.oem_id, .table_id = slic.table_id, .oem_revision = id.oem_revision};

    std::uint64_t entries[kMaxAcpiTables];
    std::uint32_t n = 0;
    for (std::uint32_t i = 0; i < plat.count; ++i)
        entries[n++] =
            static_cast<std::int32_t>(i) == plat.fadt && copy_fadt ? area.addr + fadt_at : plat.tables[i].addr;
    if (copy_fadt) {
        const core::Bytes src = plat.tables[plat.fadt].bytes;
        const auto dst = out.subspan(fadt_at, src.size());
        __builtin_memcpy(dst.data(), src.data(), src.size());
        for (std::size_t i = 0; i < 6; ++i)
            dst[kOemIdAt + i] = slic.oem_id[i];
        for (std::size_t i = 0; i < 8; ++i)
            dst[kOemTableIdAt + i] = slic.table_id[i];
        fix_checksum(dst);
    }
    if (!plat.found) {
        const auto fadt = out.subspan(fadt_at, kFadtLength);
        put_header(fadt, "FACP", kFadtLength, kFadtRevision, id);
        core::ByteWriter w(fadt);
        w.u32_at(kFadtDsdtAt, static_cast<std::uint32_t>(area.addr + dsdt_at));
        w.u32_at(kFadtFlagsAt, kFadtHwReduced);
        w.u64_at(kFadtXDsdtAt, area.addr + dsdt_at);
        fix_checksum(fadt);
        // An empty AML definition block: a header and no objects (revision 2: 64-bit integers).
        const auto dsdt = out.subspan(dsdt_at, acpi::kHeaderSize);
        put_header(dsdt, "DSDT", acpi::kHeaderSize, 2, Identity{.oem_id = id.oem_id, .table_id = id.table_id});
        fix_checksum(dsdt);
        entries[n++] = area.addr + fadt_at;
    }
    for (std::uint32_t i = 0; i < added_count; ++i) {
        const auto dst = out.subspan(placed_at[i], added[i].bytes.size());
        __builtin_memcpy(dst.data(), added[i].bytes.data(), added[i].bytes.size());
        entries[n++] = area.addr + placed_at[i];
    }

    const auto xsdt_len = static_cast<std::uint32_t>(acpi::kHeaderSize + std::uint64_t{8} * n);
    const auto rsdt_len = static_cast<std::uint32_t>(acpi::kHeaderSize + std::uint64_t{4} * n);
    const auto xsdt = out.subspan(xsdt_at, xsdt_len);
    const auto rsdt = out.subspan(rsdt_at, rsdt_len);
    put_header(xsdt, "XSDT", xsdt_len, 1, id);
    put_header(rsdt, "RSDT", rsdt_len, 1, id);
    // Every entry is below 4 GiB (read_table refuses the rest), so the RSDT lists the same tables.
    for (std::uint32_t i = 0; i < n; ++i) {
        core::ByteWriter(xsdt).u64_at(acpi::kHeaderSize + std::size_t{8} * i, entries[i]);
        core::ByteWriter(rsdt).u32_at(acpi::kHeaderSize + std::size_t{4} * i, static_cast<std::uint32_t>(entries[i]));
    }
    fix_checksum(xsdt);
    fix_checksum(rsdt);
    {
        const auto rsdp = out.first(acpi::kRsdpV2Size);
        core::ByteWriter w(rsdp);
        w.bytes(core::Bytes(reinterpret_cast<const std::uint8_t*>("RSD PTR "), 8));
        w.u8(0);
        w.bytes(id.oem_id);
        w.u8(2);
        w.u32le(static_cast<std::uint32_t>(area.addr + rsdt_at));
        w.u32le(static_cast<std::uint32_t>(acpi::kRsdpV2Size));
        w.u64le(area.addr + xsdt_at);
        w.u8(0);
        rsdp[8] = core::sum8_fix(rsdp.first(acpi::kRsdpV1Size));
        rsdp[32] = core::sum8_fix(rsdp);
    }

    // The report: what was added, where the new tables are.
    if (!plat.found)
        con.line()
            .str("acpi: minimal set: FACP (hardware-reduced) at ")
            .hex(area.addr + fadt_at)
            .str(", empty DSDT at ")
            .hex(area.addr + dsdt_at)
            .end();
    // One line per module, not one per table: a console line costs more than copying the table
    // (docs/loader.md, "Cost"). added[] is in module order, each module's tables placed in a row.
    for (std::uint32_t first = 0, last = 0; first < added_count; first = last) {
        last = first + 1;
        while (last < added_count && added[last].module == added[first].module)
            ++last;
        const std::uint32_t n_mod = last - first;
        con.line().str("acpi: module ").dec(added[first].module).str(": ").dec(n_mod);
        con.str(n_mod == 1 ? " table added at [" : " tables added at [").hex(area.addr + placed_at[first]).str(", ");
        con.hex(area.addr + placed_at[last - 1] + added[last - 1].bytes.size()).str("):");
        for (std::uint32_t i = first; i < last; ++i)
            sig(con.put(' '), added[i].sig);
        bool dup = false;
        for (std::uint32_t i = first; i < last; ++i) {
            if (acpi::signature_is(added[i].sig, "SSDT") || !platform_has(plat, added[i].sig)) continue;
            sig(con.str(dup ? " " : "; the platform has "), added[i].sig);
            dup = true;
        }
        if (dup) con.str(" too: both listed, the platform's first, as hvmloader does");
        con.end();
    }
    if (match_slic) {
        con.line().str("acpi: MATCH_SLIC_OEM_IDS (module ").dec(slic_module).str("): RSDT, XSDT and FACP take OEM '");
        con.text(core::Bytes(slic.oem_id.data(), 6)).str("' '").text(core::Bytes(slic.table_id.data(), 8)).str("'");
        if (copy_fadt)
            con.str("; FACP copied from ").hex(plat.tables[plat.fadt].addr).str(" to ").hex(area.addr + fadt_at);
        if (plat.found && plat.fadt < 0) con.str("; the platform has no FACP");
        con.end();
    }
    con.line().str("acpi: new RSDP at ").hex(area.addr).str(" (revision 2), XSDT at ").hex(area.addr + xsdt_at);
    con.str(", RSDT at ").hex(area.addr + rsdt_at).str(": ").dec(n).str(n == 1 ? " table (" : " tables (");
    con.dec(plat.count).str(" platform, ").dec(added_count).str(" added); ").dec(used).str(" bytes").end();
    res = {.installed = true, .rsdp_paddr = area.addr, .area_used = static_cast<std::uint32_t>(used)};
    return res;
}

} // namespace domfw::loader
