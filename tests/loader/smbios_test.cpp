// The loader's SMBIOS step on simulated guest memory: the platform's table (a SeaBIOS-style _SM_
// 2.8 in the F-segment) or hvmloader-style defaults, the bundle's structures merged under
// hvmloader's override rules, the chipset's PAM register unlocked and relocked through a
// simulated PCI configuration space, every problem reported with its exact line; the table
// read back decodes with dmidecode --from-dump (the real peer) without a warning.
#include <gtest/gtest.h>

#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

#include "core/checksum.hpp"
#include "core/smbios_walk.hpp"
#include "guest_fixture.hpp"
#include "loader/lib/smbios.hpp"
#include "smbios_dump.hpp"

using namespace domfw::loader;
using namespace domfw::loader::test;
namespace sm = domfw::core::smbios;

namespace {

constexpr std::uint64_t kArea = 0x11E000; // inside the loader image, after the hand-off area

bool has_line(const LoaderRun& r, const std::string& line) {
    return r.report.find("domfw-loader: " + line + "\n") != std::string::npos;
}

// Host bridge 0:0.0 with an ID dword and a PAM0 byte; every write is logged. Writes to the
// F-segment made while PAM0 says "writes go to ROM" are undone by settle(), as the chipset
// would have dropped them.
struct FakeBridge {
    std::uint32_t id = kI440fxId;
    std::uint32_t pam0_address = kI440fxPam0;
    std::uint8_t pam0 = 0x10; // SeaBIOS's lock: reads from RAM, writes dropped
    std::vector<std::pair<std::uint32_t, std::uint8_t>> writes;
    Guest* guest = nullptr;
    ByteVector committed; // the F-segment as the last relock left it

    [[nodiscard]] bool writable() const { return (pam0 & 0x20) != 0; }
    void settle() {
        if (!writable()) guest->write(kFsegBase, committed);
    }
    PciConfig config() {
        committed = guest->read(kFsegBase, kFsegSize);
        return {this,
                [](void* c, std::uint32_t a) -> std::uint32_t {
                    auto* b = static_cast<FakeBridge*>(c);
                    return a == kPciHostBridgeId ? b->id : 0xFFFFFFFF;
                },
                [](void* c, std::uint32_t a) -> std::uint8_t {
                    auto* b = static_cast<FakeBridge*>(c);
                    return a == b->pam0_address ? b->pam0 : 0xFF;
                },
                [](void* c, std::uint32_t a, std::uint8_t v) {
                    auto* b = static_cast<FakeBridge*>(c);
                    b->writes.emplace_back(a, v);
                    if (a != b->pam0_address) return;
                    // Relock: what was written while unlocked stays; later writes are dropped.
                    if (b->writable() && (v & 0x20) == 0) b->committed = b->guest->read(kFsegBase, kFsegSize);
                    b->pam0 = v;
                }};
    }
};

constexpr auto* structure = &domfw::test::smbios_structure;

ByteVector smbios_module_of(const std::vector<ByteVector>& structures) {
    auto m = domfw::module::write_smbios_module({3, 0, 0, structures});
    if (!m) throw std::runtime_error("write_smbios_module");
    return *m;
}

ByteVector type1(std::uint16_t handle, const std::string& maker) {
    ByteVector body{1, 2, 0, 0};
    body.resize(body.size() + 16, 0x11);
    body.insert(body.end(), {6, 0, 0});
    return structure(1, handle, body, {maker, "Model"});
}

// A SeaBIOS-like platform: _SM_ 2.8 at 0xF59F0 (as seen under QEMU) with its table right behind.
struct PlatformTable {
    std::uint64_t entry = 0xF59F0;
    std::uint64_t table = 0xF5A10;
    ByteVector bytes;
    std::uint16_t count = 0;
};

PlatformTable seabios_like() {
    PlatformTable p;
    const std::vector<ByteVector> s = {
        structure(0, 0x0000, {1, 2, 0x00, 0xE8, 3, 0, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                  {"SeaBIOS", "1.16", "04/01/2014"}),
        type1(0x0100, "QEMU"),
        structure(4, 0x0400, {1, 3, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x41, 1}, {"CPU 0", "QEMU"}),
        structure(127, 0x7F00, {}, {})};
    for (const auto& x : s)
        p.bytes.insert(p.bytes.end(), x.begin(), x.end());
    p.count = static_cast<std::uint16_t>(s.size());
    return p;
}

ByteVector sm2_entry(std::uint64_t table, std::uint16_t length, std::uint16_t count, std::uint16_t max) {
    ByteVector e(0x1F, 0);
    const char* a = "_SM_";
    std::copy(a, a + 4, e.begin());
    e[5] = 0x1F, e[6] = 2, e[7] = 8, e[8] = static_cast<std::uint8_t>(max), e[9] = static_cast<std::uint8_t>(max >> 8);
    const char* d = "_DMI_";
    std::copy(d, d + 5, e.begin() + 0x10);
    e[0x16] = static_cast<std::uint8_t>(length), e[0x17] = static_cast<std::uint8_t>(length >> 8);
    for (unsigned i = 0; i < 4; ++i)
        e[0x18 + i] = static_cast<std::uint8_t>(table >> (8 * i));
    e[0x1C] = static_cast<std::uint8_t>(count), e[0x1D] = static_cast<std::uint8_t>(count >> 8), e[0x1E] = 0x28;
    e[0x15] = domfw::core::sum8_fix(std::span(e).subspan(0x10, 0x0F));
    e[4] = domfw::core::sum8_fix(e);
    return e;
}

struct GuestRig {
    Guest g;
    FakeBridge bridge;
    LoaderEnv env;
    GuestRig() : env(g.env()) { bridge.guest = &g; }
    void boot(const ByteVector& bundle, bool platform) {
        g.boot(bundle, "console=ttyS0");
        g.write(kFsegBase, ByteVector(kFsegSize, 0));
        if (platform) {
            const PlatformTable p = seabios_like();
            g.write(p.entry, sm2_entry(p.table, static_cast<std::uint16_t>(p.bytes.size()), p.count, 0x40));
            g.write(p.table, p.bytes);
        }
        env = g.env();
        env.smbios_area = Region{kArea, kSmbiosAreaSize};
    }
    LoaderRun run_with_bridge() {
        env.pci = bridge.config();
        LoaderRun r = run(env);
        bridge.settle();
        return r;
    }
};

struct Seen {
    std::uint8_t type;
    std::uint16_t handle;
};

std::vector<Seen> walk_table(const Guest& g, std::uint64_t at, std::uint32_t length) {
    const ByteVector t = g.read(at, length);
    sm::StructureWalk w(t);
    sm::Structure s;
    std::vector<Seen> out;
    while (w.next(s))
        out.push_back({s.type, s.handle});
    EXPECT_EQ(w.stop(), sm::WalkStop::end_of_table);
    return out;
}

std::string types_of(const std::vector<Seen>& v) {
    std::string s;
    for (const auto& x : v)
        s += std::to_string(x.type) + "/" + std::to_string(x.handle) + " ";
    return s;
}

// The entry point at `entry` (from the F-segment) with its table, decoded by dmidecode.
std::string dmidecode_of(const Guest& g, std::uint64_t entry, bool sm3) {
    const ByteVector e = g.read(entry, sm3 ? 0x18 : 0x1F);
    std::uint64_t table = 0;
    std::uint32_t length = 0;
    if (sm3) {
        for (unsigned i = 0; i < 8; ++i)
            table |= std::uint64_t{e[0x10 + i]} << (8 * i);
        for (unsigned i = 0; i < 4; ++i)
            length |= std::uint32_t{e[0x0C + i]} << (8 * i);
    } else {
        for (unsigned i = 0; i < 4; ++i)
            table |= std::uint64_t{e[0x18 + i]} << (8 * i);
        length = std::uint32_t{e[0x16]} | std::uint32_t{e[0x17]} << 8;
    }
    // One file per process: CTest runs these tests in parallel, each in its own process.
    return domfw::test::dmidecode_of(e, g.read(table, length),
                                     ::testing::TempDir() + "loader-smbios-" + std::to_string(::getpid()) + ".bin");
}

using domfw::test::expect_clean_dmidecode;
using domfw::test::have_dmidecode;

} // namespace

TEST(LoaderSmbios, DefaultsWhenThePlatformHasNoneWithTheModuleMerged) {
    GuestRig s;
    s.boot(bundle_of({blob("kernel", make_kernel_elf(small_kernel())),
                      smbios_module_of({type1(0x0100, "Acme"), structure(200, 0x0000, {9, 9}, {"vendor"})})}),
           false);
    s.env.pci = {}; // Xen: no PCI, the F-segment is plain zeroed RAM
    const LoaderRun r = run(s.env);
    ASSERT_EQ(r.outcome.next, Next::start_kernel) << r.report;
    EXPECT_TRUE(has_line(r, "smbios: no platform table in the F-segment: hvmloader-style defaults (261 bytes)"))
        << r.report;
    EXPECT_TRUE(has_line(r, "smbios: module 1 type 1 handle 0x100: overrides")) << r.report;
    EXPECT_TRUE(has_line(r, "smbios: module 1 type 200 handle 0x0: appended")) << r.report;
    EXPECT_TRUE(has_line(r, "smbios: 1 vendor handles renumbered (clash)")) << r.report;
    EXPECT_TRUE(has_line(r, "smbios: host bridge none (no PCI): F-segment written directly")) << r.report;
    EXPECT_TRUE(has_line(r, "smbios: table at 0x11e000, 11 structures, 270 bytes; _SM3_ at 0xf0000, _SM_ 2.8 at "
                            "0xf0020; 0 old anchors defaced"))
        << r.report;
    // hvmloader's order, type 1 taking the default's handle 1, the vendor structure renumbered
    // past the defaults' handles 0..9.
    EXPECT_EQ(types_of(walk_table(s.g, kArea, 270)), "0/0 1/1 3/2 4/3 16/4 17/5 19/6 20/7 32/8 200/10 127/9 ")
        << r.report;
    // The table's pages are reserved in the memory map handed on.
    const std::uint64_t si = r.outcome.start_info;
    const std::uint64_t mm = s.g.peek(si + 40, 8), n = s.g.peek(si + 48, 4);
    bool reserved = false;
    for (std::uint64_t i = 0; i < n; ++i)
        reserved |= s.g.peek(mm + 24 * i, 8) == kArea && s.g.peek(mm + 24 * i + 8, 8) == 0x1000 &&
                    s.g.peek(mm + 24 * i + 16, 4) == 2;
    EXPECT_TRUE(reserved);
    if (!have_dmidecode()) GTEST_SKIP() << "dmidecode not installed";
    const std::string d3 = dmidecode_of(s.g, 0xF0000, true);
    expect_clean_dmidecode(d3);
    EXPECT_NE(d3.find("SMBIOS 3.0.0 present."), std::string::npos) << d3;
    EXPECT_NE(d3.find("Manufacturer: Acme"), std::string::npos) << d3;
    EXPECT_NE(d3.find("Handle 0x000A, DMI type 200, 6 bytes"), std::string::npos) << d3;
    EXPECT_NE(d3.find("System is a virtual machine"), std::string::npos) << d3;
    const std::string d2 = dmidecode_of(s.g, 0xF0020, false);
    expect_clean_dmidecode(d2);
    EXPECT_NE(d2.find("SMBIOS 2.8 present."), std::string::npos) << d2;
    EXPECT_NE(d2.find("11 structures occupying 270 bytes."), std::string::npos) << d2;
}

namespace {

// The platform's table with a module that overrides type 1, adds type 11, repeats type 1
// (skipped), brings a type 4 (the loader's own: skipped) and a vendor structure whose handle
// clashes with the platform's type 4 (renumbered); a stale, broken _SM3_ at 0xF1000 is defaced.
void platform_merge(std::uint32_t id, std::uint32_t pam0_address) {
    GuestRig s;
    s.bridge.id = id;
    s.bridge.pam0_address = pam0_address;
    s.boot(bundle_of(
               {blob("kernel", make_kernel_elf(small_kernel())),
                smbios_module_of({type1(0x0100, "Acme"), structure(11, 0x0B00, {1}, {"io.systemd.credential:a=b"}),
                                  type1(0x0101, "Second"), structure(4, 0x0400, {0}, {}),
                                  structure(3, 0x0300, {1}, {"short"}), structure(200, 0x0400, {9, 9}, {"vendor"})})}),
           true);
    s.g.write(0xF1000, {'_', 'S', 'M', '3', '_', 0});
    const LoaderRun r = s.run_with_bridge();
    ASSERT_EQ(r.outcome.next, Next::start_kernel) << r.report;
    const PlatformTable p = seabios_like();
    EXPECT_TRUE(
        has_line(r, "smbios: entry point at 0xf1000 rejected: _SM3_ entry point: length 0x00 is outside 0x18..0x20"))
        << r.report;
    EXPECT_TRUE(has_line(r, "smbios: platform table 2.8 at 0xf5a10, " + std::to_string(p.bytes.size()) +
                                " bytes, entry point at 0xf59f0"))
        << r.report;
    EXPECT_TRUE(has_line(r, "smbios: module 1 type 1 handle 0x100: overrides")) << r.report;
    EXPECT_TRUE(has_line(r, "smbios: module 1 type 11 handle 0xb00: overrides")) << r.report;
    EXPECT_TRUE(has_line(r, "smbios: module 1 type 1 handle 0x101: skipped, an earlier type 1 wins")) << r.report;
    EXPECT_TRUE(has_line(r, "smbios: module 1: 1 structure skipped, of the loader's own types 4")) << r.report;
    EXPECT_TRUE(has_line(r, "smbios: module 1 type 3 handle 0x300: skipped, shorter than type 3's minimum 0xd"))
        << r.report;
    EXPECT_TRUE(has_line(r, "smbios: module 1 type 200 handle 0x400: appended")) << r.report;
    EXPECT_TRUE(has_line(r, "smbios: 1 vendor handles renumbered (clash)")) << r.report;
    // Unlocked with (PAM0 & 0x0F) | 0x30, then the old value restored; nothing else poked.
    const std::vector<std::pair<std::uint32_t, std::uint8_t>> want = {{pam0_address, 0x30}, {pam0_address, 0x10}};
    EXPECT_EQ(s.bridge.writes, want);
    EXPECT_EQ(s.bridge.pam0, 0x10);
    // settle() dropped whatever was written while locked: the entry points survived, so they
    // were written between the unlock and the relock.
    const ByteVector sm3 = s.g.read(0xF59F0, 0x18);
    const auto e3 = sm::parse_entry_point(sm3);
    ASSERT_TRUE(e3.ok) << r.report;
    EXPECT_EQ(e3.entry.kind, sm::EntryKind::smbios3);
    EXPECT_EQ(e3.entry.table_address, kArea);
    const auto e2 = sm::parse_entry_point(s.g.read(0xF5A10, 0x1F));
    ASSERT_TRUE(e2.ok) << r.report;
    EXPECT_EQ(e2.entry.structure_count, 6);
    // The stale anchor and the old _SM_ (with its _DMI_ at +16, where it was not overwritten) defaced.
    EXPECT_EQ(s.g.peek(0xF1000, 1), std::uint64_t{'x'});
    EXPECT_TRUE(has_line(r, "smbios: table at 0x11e000, 6 structures, " + std::to_string(e3.entry.table_length) +
                                " bytes; _SM3_ at 0xf59f0, _SM_ 2.8 at 0xf5a10; 3 old anchors defaced"))
        << r.report;
    EXPECT_EQ(types_of(walk_table(s.g, kArea, e3.entry.table_length)), "0/0 1/256 4/1024 11/1 200/2 127/32512 ");
    if (!have_dmidecode()) GTEST_SKIP() << "dmidecode not installed";
    const std::string d2 = dmidecode_of(s.g, 0xF5A10, false);
    expect_clean_dmidecode(d2);
    EXPECT_NE(d2.find("6 structures occupying"), std::string::npos) << d2;
    EXPECT_NE(d2.find("String 1: io.systemd.credential:a=b"), std::string::npos) << d2;
    EXPECT_NE(d2.find("Manufacturer: Acme"), std::string::npos) << d2;
    EXPECT_NE(d2.find("Manufacturer: QEMU"), std::string::npos) << d2; // the platform's type 4 kept
}

LoaderRun run_rig(GuestRig& s) { return s.run_with_bridge(); }

} // namespace

TEST(LoaderSmbios, PlatformTableMergedUnderI440fxPam) { platform_merge(kI440fxId, kI440fxPam0); }
TEST(LoaderSmbios, PlatformTableMergedUnderQ35Pam) { platform_merge(kQ35Id, kQ35Pam0); }

TEST(LoaderSmbios, UnknownBridgeIsNotPoked) {
    GuestRig s;
    s.bridge.id = 0x12345678;
    s.boot(bundle_of({blob("kernel", make_kernel_elf(small_kernel())), smbios_module()}), true);
    const LoaderRun r = run_rig(s);
    EXPECT_TRUE(s.bridge.writes.empty());
    EXPECT_TRUE(has_line(r, "smbios: host bridge 0x12345678 unknown: not unlocked, F-segment written directly"))
        << r.report;
}

// ---- one case per path that leaves the guest without SMBIOS, or falls back to defaults ----------

TEST(LoaderSmbiosMalformed, NoFreePlaceInTheFsegment) {
    GuestRig s;
    s.boot(bundle_of({blob("kernel", make_kernel_elf(small_kernel()))}), false);
    s.g.write(kFsegBase, ByteVector(64, 0xAA)); // BIOS code where the entry point would go
    const LoaderRun r = run_rig(s);
    ASSERT_EQ(r.outcome.next, Next::start_kernel) << r.report;
    EXPECT_TRUE(has_line(r, "smbios: no free place for the entry point in the F-segment: the guest gets no SMBIOS"))
        << r.report;
    EXPECT_TRUE(s.bridge.writes.empty());
    EXPECT_EQ(s.g.peek(r.outcome.start_info + 48, 4), 7u); // the map: no area reserved
}

TEST(LoaderSmbiosMalformed, AreaTooSmall) {
    GuestRig s;
    s.boot(bundle_of({blob("kernel", make_kernel_elf(small_kernel()))}), false);
    s.env.smbios_area.size = 2048;
    const LoaderRun r = run_rig(s);
    EXPECT_TRUE(has_line(r, "smbios: area of 2048 bytes too small: the guest gets no SMBIOS")) << r.report;
}

TEST(LoaderSmbiosMalformed, MergedTableDoesNotFit) {
    GuestRig s;
    s.boot(bundle_of({blob("kernel", make_kernel_elf(small_kernel())),
                      smbios_module_of({structure(200, 0x10, ByteVector(240, 1), {std::string(900, 'v')})})}),
           false);
    s.env.smbios_area.size = 2100;
    const LoaderRun r = run_rig(s);
    ASSERT_EQ(r.outcome.next, Next::start_kernel) << r.report;
    EXPECT_TRUE(has_line(r, "smbios: the merged table does not fit 1076 bytes (or no free handle): the guest gets no "
                            "SMBIOS"))
        << r.report;
    EXPECT_TRUE(s.bridge.writes.empty());
}

TEST(LoaderSmbiosMalformed, PlatformEntryPointBadChecksumFallsBackToDefaults) {
    GuestRig s;
    s.boot(bundle_of({blob("kernel", make_kernel_elf(small_kernel()))}), true);
    s.g.poke(0xF59F0 + 4, (s.g.peek(0xF59F0 + 4, 1) + 1) & 0xFF, 1);
    s.g.write(kFsegBase, ByteVector(64, 0));
    const LoaderRun r = run_rig(s);
    EXPECT_TRUE(has_line(
        r, "smbios: entry point at 0xf59f0 rejected: _SM_ entry point: checksum over 0x1f bytes sums to 0x01, not 0"))
        << r.report;
    EXPECT_TRUE(has_line(r, "smbios: no platform table in the F-segment: hvmloader-style defaults (261 bytes)"))
        << r.report;
}

TEST(LoaderSmbiosMalformed, PlatformTableOutsideMemory) {
    GuestRig s;
    s.boot(bundle_of({blob("kernel", make_kernel_elf(small_kernel()))}), false);
    s.g.write(0xF59F0, sm2_entry(0xF0000000, 0x100, 4, 0x40));
    const LoaderRun r = run_rig(s);
    EXPECT_TRUE(has_line(r, "smbios: entry point at 0xf59f0: table [0xf0000000, 0xf0000100) outside memory"))
        << r.report;
    EXPECT_TRUE(has_line(r, "smbios: no platform table in the F-segment: hvmloader-style defaults (261 bytes)"))
        << r.report;
}

TEST(LoaderSmbiosMalformed, PlatformTableBrokenKeepsWhatPrecedes) {
    GuestRig s;
    s.boot(bundle_of({blob("kernel", make_kernel_elf(small_kernel()))}), true);
    // The platform's type 4 claims a formatted area past the table's end.
    const PlatformTable p = seabios_like();
    const std::uint64_t t4 = p.table + 0x58; // after type 0 (0x18 + 27 bytes) and type 1 (0x1B + 18)
    s.g.poke(t4 + 1, 0xF0, 1);
    const LoaderRun r = run_rig(s);
    EXPECT_TRUE(has_line(r, "smbios: platform table broken at offset 0x58 (type 4, handle 0x400): the structures "
                            "before it are kept"))
        << r.report;
    const auto e3 = sm::parse_entry_point(s.g.read(0xF59F0, 0x18));
    ASSERT_TRUE(e3.ok) << r.report;
    EXPECT_EQ(types_of(walk_table(s.g, kArea, e3.entry.table_length)), "0/0 1/256 127/1 ");
}

namespace {

// ACPI tables as libxl builds them for a PVH guest, at 0x90000: RSDP 2 -> XSDT -> MADT with
// `lapics` Local APIC entries (the last one disabled: an offline vCPU still counts, as in
// hvmloader's nr_vcpus) and one I/O APIC entry (not a processor).
void put_checksum(ByteVector& t, std::size_t at, std::size_t n) {
    t[at] = 0;
    std::uint8_t sum = 0;
    for (std::size_t i = 0; i < n; ++i)
        sum = static_cast<std::uint8_t>(sum + t[i]);
    t[at] = static_cast<std::uint8_t>(0x100 - sum);
}

ByteVector acpi_table(const char* sig, const ByteVector& body) {
    // Sized once (GCC 12 -O3 misreads a vector grown by insert() here as an overread).
    ByteVector t(36 + body.size(), 0);
    std::copy(sig, sig + 4, t.begin());
    std::copy(body.begin(), body.end(), t.begin() + 36);
    for (unsigned i = 0; i < 4; ++i)
        t[4 + i] = static_cast<std::uint8_t>(t.size() >> (8 * i));
    t[8] = 1;
    put_checksum(t, 9, t.size());
    return t;
}

constexpr std::uint64_t kRsdp = 0x90000, kXsdt = 0x90040, kMadt = 0x90100;

void put_acpi(Guest& g, unsigned lapics) {
    ByteVector rsdp(36, 0);
    const char* a = "RSD PTR ";
    std::copy(a, a + 8, rsdp.begin());
    rsdp[15] = 2;
    rsdp[20] = 36;
    for (unsigned i = 0; i < 8; ++i)
        rsdp[24 + i] = static_cast<std::uint8_t>(kXsdt >> (8 * i));
    put_checksum(rsdp, 8, 20);
    put_checksum(rsdp, 32, 36);
    g.write(kRsdp, rsdp);
    ByteVector x(8, 0);
    for (unsigned i = 0; i < 8; ++i)
        x[i] = static_cast<std::uint8_t>(kMadt >> (8 * i));
    g.write(kXsdt, acpi_table("XSDT", x));
    ByteVector m{0x00, 0x00, 0xE0, 0xFE, 0, 0, 0, 0}; // Local APIC address, flags
    for (unsigned i = 0; i < lapics; ++i)
        m.insert(m.end(), {0, 8, static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(2 * i),
                           static_cast<std::uint8_t>(i + 1 < lapics ? 1 : 0), 0, 0, 0});
    m.insert(m.end(), {1, 12, 0, 0, 0, 0, 0xC0, 0xFE, 0, 0, 0, 0});
    g.write(kMadt, acpi_table("APIC", m));
    g.poke(kStartInfo + 32, kRsdp, 8);
}

} // namespace

// Xen: no platform SMBIOS, but a MADT through rsdp_paddr: one type 4 per vCPU it lists, with
// hvmloader's socket names, dmidecode-clean.
TEST(LoaderSmbios, DefaultsHaveOneType4PerVcpuOfTheMadt) {
    GuestRig s;
    s.boot(bundle_of({blob("kernel", make_kernel_elf(small_kernel()))}), false);
    put_acpi(s.g, 3);
    s.env.pci = {};
    const LoaderRun r = run(s.env);
    ASSERT_EQ(r.outcome.next, Next::start_kernel) << r.report;
    EXPECT_TRUE(has_line(r, "smbios: 3 vCPUs in the MADT at 0x90100: one type 4 each")) << r.report;
    EXPECT_TRUE(has_line(r, "smbios: no platform table in the F-segment: hvmloader-style defaults (339 bytes)"))
        << r.report;
    EXPECT_TRUE(has_line(r, "smbios: table at 0x11e000, 12 structures, 339 bytes; _SM3_ at 0xf0000, _SM_ 2.8 at "
                            "0xf0020; 0 old anchors defaced"))
        << r.report;
    EXPECT_EQ(types_of(walk_table(s.g, kArea, 339)), "0/0 1/1 3/2 4/3 4/4 4/5 16/6 17/7 19/8 20/9 32/10 127/11 ")
        << r.report;
    if (!have_dmidecode()) GTEST_SKIP() << "dmidecode not installed";
    const std::string d = dmidecode_of(s.g, 0xF0000, true);
    expect_clean_dmidecode(d);
    for (const char* want :
         {"Socket Designation: CPU 0\n", "Socket Designation: CPU 1\n", "Socket Designation: CPU 2\n"})
        EXPECT_NE(d.find(want), std::string::npos) << want << " in:\n" << d;
}

// One case per reason the MADT cannot give the count: the defaults keep one type 4.
TEST(LoaderSmbiosMalformed, VcpuCountFallsBackToOne) {
    struct Case {
        const char* name;
        void (*spoil)(Guest&);
        const char* line;
    };
    const Case cases[] = {
        {"no rsdp", [](Guest& g) { g.poke(kStartInfo + 32, 0, 8); },
         "smbios: one type 4: no rsdp_paddr, so no MADT to count vCPUs in"},
        {"rsdp checksum", [](Guest& g) { g.poke(kRsdp + 8, g.peek(kRsdp + 8, 1) ^ 1, 1); },
         "smbios: one type 4: the RSDP is not valid (at 0x90000)"},
        {"xsdt signature", [](Guest& g) { g.poke(kXsdt, 0x54445352, 4); }, // "RSDT" with an XSDT's checksum
         "smbios: one type 4: the RSDT/XSDT is not valid (at 0x90040)"},
        {"madt checksum", [](Guest& g) { g.poke(kMadt + 9, g.peek(kMadt + 9, 1) ^ 1, 1); },
         "smbios: one type 4: no valid MADT in the root table (at 0x90040)"},
        {"madt without processors", [](Guest& g) { put_acpi(g, 0); },
         "smbios: one type 4: the MADT lists no processor (at 0x90100)"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        GuestRig s;
        s.boot(bundle_of({blob("kernel", make_kernel_elf(small_kernel()))}), false);
        put_acpi(s.g, 2);
        c.spoil(s.g);
        s.env.pci = {};
        const LoaderRun r = run(s.env);
        ASSERT_EQ(r.outcome.next, Next::start_kernel) << r.report;
        EXPECT_TRUE(has_line(r, c.line)) << r.report;
        EXPECT_TRUE(has_line(r, "smbios: no platform table in the F-segment: hvmloader-style defaults (261 bytes)"))
            << r.report;
    }
}
