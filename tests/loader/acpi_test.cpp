// The loader's ACPI step on simulated guest memory: a SeaBIOS-like platform set (RSDP revision 0,
// RSDT, FACP with DSDT and FACS, APIC) or none, the bundle's tables (the checked-in SSDT, a SLIC)
// merged into a new revision-2 RSDP with XSDT and RSDT; everything read back with core's one ACPI
// reader, decoded by ACPICA's iasl -d (the real peer) when it is installed, and one case per
// path that rejects or skips something, with its exact report line.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "core/acpi_table.hpp"
#include "core/checksum.hpp"
#include "guest_fixture.hpp"
#include "loader/lib/acpi.hpp"

using namespace domfw::loader;
using namespace domfw::loader::test;
namespace acpi = domfw::core::acpi;
namespace fs = std::filesystem;

namespace {

// The loader image grown to hold the ACPI area after the hand-off area (as .bss does in the ELF).
constexpr std::uint64_t kArea = 0x140000;
constexpr std::uint64_t kRsdp = 0xF59D0; // where the fixture's start_info points (SeaBIOS's place)
constexpr std::uint64_t kRsdt = 0xF6000;
constexpr std::uint64_t kFacp = 0xF6100;
constexpr std::uint64_t kDsdt = 0xF6300;
constexpr std::uint64_t kFacs = 0xF6400;
constexpr std::uint64_t kApic = 0xF6500;

bool has_line(const LoaderRun& r, const std::string& line) {
    return r.report.find("domfw-loader: " + line + "\n") != std::string::npos;
}

void put(ByteVector& v, std::size_t at, std::uint64_t value, unsigned size) {
    if (v.size() < at + size) v.resize(at + size, 0);
    for (unsigned i = 0; i < size; ++i)
        v[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

void fix(ByteVector& t) {
    t[9] = 0;
    t[9] = domfw::core::sum8_fix(t);
}

ByteVector table(const std::string& sig, std::uint8_t revision, const ByteVector& body,
                 const std::string& oem = "BOCHS ", const std::string& tid = "BXPC    ") {
    ByteVector t(36, 0);
    std::copy(sig.begin(), sig.end(), t.begin());
    put(t, 4, 36 + body.size(), 4);
    t[8] = revision;
    std::copy(oem.begin(), oem.end(), t.begin() + 10);
    std::copy(tid.begin(), tid.end(), t.begin() + 16);
    put(t, 24, 1, 4);
    std::copy_n("BXPC", 4, t.begin() + 28);
    put(t, 32, 1, 4);
    t.insert(t.end(), body.begin(), body.end());
    fix(t);
    return t;
}

ByteVector rsdp_v0(std::uint32_t rsdt) {
    ByteVector r(20, 0);
    std::copy_n("RSD PTR ", 8, r.begin());
    std::copy_n("BOCHS ", 6, r.begin() + 9);
    put(r, 16, rsdt, 4);
    r[8] = domfw::core::sum8_fix(r);
    return r;
}

ByteVector root(const std::string& sig, const std::vector<std::uint64_t>& entries) {
    const unsigned size = sig == "XSDT" ? 8 : 4;
    ByteVector body;
    for (const auto e : entries)
        put(body, body.size(), e, size);
    return table(sig, 1, body);
}

ByteVector facp() {
    ByteVector body(244 - 36, 0);
    put(body, 36 - 36, kFacs, 4);
    put(body, 40 - 36, kDsdt, 4);
    // PIIX4-like PM blocks, as SeaBIOS gives them: ACPICA requires PM1a event and control blocks.
    put(body, 56 - 36, 0x600, 4); // PM1a_EVT_BLK
    put(body, 64 - 36, 0x604, 4); // PM1a_CNT_BLK
    put(body, 76 - 36, 0x608, 4); // PM_TMR_BLK
    put(body, 88 - 36, 4, 1);     // PM1_EVT_LEN
    put(body, 89 - 36, 2, 1);     // PM1_CNT_LEN
    put(body, 91 - 36, 4, 1);     // PM_TMR_LEN
    return table("FACP", 3, body);
}

ByteVector facs() {
    ByteVector f(64, 0);
    std::copy_n("FACS", 4, f.begin());
    put(f, 4, 64, 4);
    f[32] = 2;
    return f;
}

ByteVector read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ByteVector ssdt_fixture() { return read_file(fs::path(DOMFW_LOADER_FIXTURES) / "ssdt_device.aml"); }

// A SLIC as OEMs ship it (the corpus' when ../shared is there; else a header with a body).
ByteVector slic_table() {
    const fs::path p = fs::path(DOMFW_SHARED_DIR) / "corpus/acpi/fwts/Lenovo_ThinkPad_TP-68_binary_tables/SLIC.dat";
    if (fs::exists(p)) return read_file(p);
    return table("SLIC", 1, ByteVector(338, 0x5A), "LENOVO", "TP-68   ");
}

ByteVector acpi_module(const std::vector<ByteVector>& tables, bool match_slic = false) {
    auto m = domfw::module::write_acpi_module({tables, match_slic});
    if (!m) throw std::runtime_error("write_acpi_module");
    return *m;
}

struct Rig {
    Guest g;
    LoaderEnv env;
    Rig() : env(g.env()) {}
    void boot(const std::vector<ByteVector>& modules, bool platform) {
        std::vector<ByteVector> all = {blob("kernel", make_kernel_elf(small_kernel()))};
        all.insert(all.end(), modules.begin(), modules.end());
        g.boot(bundle_of(all), "console=ttyS0");
        g.write(0xE0000, ByteVector(0x20000, 0)); // the BIOS area: nothing to find by default
        g.poke(kEbdaPointer, 0, 2);
        if (platform) {
            g.write(kRsdp, rsdp_v0(kRsdt));
            g.write(kRsdt, root("RSDT", {kFacp, kApic}));
            g.write(kFacp, facp());
            g.write(kDsdt, table("DSDT", 2, {0x10, 0x05, 0x5C, 0x5F, 0x53, 0x42, 0x5F})); // Scope (\_SB) {}
            g.write(kFacs, facs());
            g.write(kApic, table("APIC", 3, ByteVector(8, 0)));
        } else {
            g.poke(kStartInfo + 32, 0, 8);
        }
        env = g.env();
        env.image = Region{kImage, 0x60000};
        env.acpi_area = Region{kArea, kAcpiAreaSize};
    }
    LoaderRun run() { return test::run(env); }
    [[nodiscard]] std::uint64_t rsdp_handed_on(const LoaderRun& r) const {
        return g.peek(r.outcome.start_info + 32, 8);
    }
};

// The tables the new RSDP leads to, read back with core's reader: XSDT entries, which must equal
// the RSDT's.
struct Readback {
    acpi::RsdpView rsdp; // its bytes are rsdp_bytes'
    ByteVector rsdp_bytes, xsdt, rsdt;
    std::vector<std::uint64_t> entries;
};

Readback read_back(const Guest& g, std::uint64_t rsdp_at) {
    Readback rb;
    rb.rsdp_bytes = g.read(rsdp_at, 36);
    auto v = acpi::check_rsdp(rb.rsdp_bytes);
    EXPECT_TRUE(v);
    if (!v) return rb;
    rb.rsdp = *v;
    EXPECT_EQ(rb.rsdp.revision, 2);
    EXPECT_EQ(rb.rsdp.length, 36u);
    rb.xsdt = g.read(rb.rsdp.xsdt_address, g.peek(rb.rsdp.xsdt_address + 4, 4));
    rb.rsdt = g.read(rb.rsdp.rsdt_address, g.peek(rb.rsdp.rsdt_address + 4, 4));
    auto x = acpi::checked_table(rb.xsdt);
    auto r = acpi::checked_table(rb.rsdt);
    EXPECT_TRUE(x && r);
    if (!x || !r) return rb;
    auto xr = acpi::RootTable::from(*x);
    auto rr = acpi::RootTable::from(*r);
    EXPECT_TRUE(xr && rr);
    EXPECT_EQ(xr->count(), rr->count());
    EXPECT_EQ(xr->trailing_bytes(), 0u);
    for (std::size_t i = 0; i < xr->count(); ++i) {
        rb.entries.push_back(*xr->entry(i));
        EXPECT_EQ(*xr->entry(i), *rr->entry(i)) << i;
        const ByteVector t = g.read(*xr->entry(i), g.peek(*xr->entry(i) + 4, 4));
        EXPECT_TRUE(acpi::checked_table(t)) << i;
    }
    return rb;
}

std::string sig_at(const Guest& g, std::uint64_t at) {
    const ByteVector s = g.read(at, 4);
    return {s.begin(), s.end()};
}

bool have_iasl() { return std::system("iasl -v >/dev/null 2>&1") == 0; }

// ACPICA's disassembler on one table: its whole output; "" when it decoded without a warning.
std::string iasl_problems(const ByteVector& t, const std::string& name) {
    const fs::path dir = fs::path(::testing::TempDir()) / ("loader-acpi-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / (name + ".dat"), std::ios::binary)
        .write(reinterpret_cast<const char*>(t.data()), static_cast<std::streamsize>(t.size()));
    std::string out;
    FILE* p = popen(("cd " + dir.string() + " && iasl -d " + name + ".dat 2>&1").c_str(), "r");
    if (p == nullptr) return "(popen failed)";
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) != 0;)
        out.append(buf, n);
    const int rc = pclose(p);
    const bool dsl = !read_file(dir / (name + ".dsl")).empty();
    fs::remove_all(dir);
    for (const char* bad : {"Warning", "WARNING", "Error", "ERROR", "Invalid", "invalid"})
        if (out.find(bad) != std::string::npos) return out;
    if (rc != 0 || !dsl) return out;
    return "";
}

} // namespace

TEST(LoaderAcpi, PlatformTablesKeptModuleTablesCopiedAndListed) {
    Rig s;
    const ByteVector ssdt = ssdt_fixture();
    ASSERT_EQ(ssdt.size(), 132u);
    s.boot({acpi_module({ssdt})}, true);
    const LoaderRun r = s.run();
    ASSERT_EQ(r.outcome.next, Next::start_kernel) << r.report;
    EXPECT_TRUE(has_line(r, "acpi: platform RSDP at 0xf59d0 (start_info), revision 0, OEM 'BOCHS ', RSDT 0xf6000"))
        << r.report;
    EXPECT_TRUE(has_line(r, "acpi: platform RSDT at 0xf6000: 2 tables 'FACP' 'APIC'")) << r.report;
    EXPECT_TRUE(has_line(r, "acpi: module 1: 1 table added at [0x1400a0, 0x140124): 'SSDT'")) << r.report;
    EXPECT_TRUE(has_line(r, "acpi: new RSDP at 0x140000 (revision 2), XSDT at 0x140030, RSDT at 0x140070: 3 tables "
                            "(2 platform, 1 added); 304 bytes"))
        << r.report;
    EXPECT_EQ(s.rsdp_handed_on(r), kArea);
    const Readback rb = read_back(s.g, kArea);
    ASSERT_EQ(rb.entries.size(), 3u);
    EXPECT_EQ(rb.entries[0], kFacp); // the platform's tables stay where they are
    EXPECT_EQ(rb.entries[1], kApic);
    EXPECT_EQ(s.g.read(rb.entries[2], ssdt.size()), ssdt); // byte for byte
    // The new tables keep the platform's identity.
    EXPECT_EQ(std::string(rb.xsdt.begin() + 10, rb.xsdt.begin() + 24), "BOCHS BXPC    ");
    EXPECT_EQ(std::string(rb.rsdp_bytes.begin() + 9, rb.rsdp_bytes.begin() + 15), "BOCHS ");
    // The area's page is reserved in the map handed on.
    const std::uint64_t mm = s.g.peek(r.outcome.start_info + 40, 8);
    bool reserved = false;
    for (std::uint64_t i = 0; i < s.g.peek(r.outcome.start_info + 48, 4); ++i)
        reserved |= s.g.peek(mm + 24 * i, 8) == kArea && s.g.peek(mm + 24 * i + 8, 8) == 0x1000 &&
                    s.g.peek(mm + 24 * i + 16, 4) == 2;
    EXPECT_TRUE(reserved);
    if (!have_iasl()) GTEST_SKIP() << "iasl not installed";
    EXPECT_EQ(iasl_problems(rb.xsdt, "xsdt"), "");
    EXPECT_EQ(iasl_problems(rb.rsdt, "rsdt"), "");
}

TEST(LoaderAcpi, MinimalSetWhenThePlatformHasNone) {
    Rig s;
    s.boot({acpi_module({ssdt_fixture()})}, false);
    const LoaderRun r = s.run();
    ASSERT_EQ(r.outcome.next, Next::start_kernel) << r.report;
    EXPECT_TRUE(has_line(r, "acpi: no platform RSDP (none in start_info, the EBDA or [0xe0000, 0x100000))"))
        << r.report;
    EXPECT_TRUE(has_line(r, "acpi: minimal set: FACP (hardware-reduced) at 0x1400a0, empty DSDT at 0x1401c0"))
        << r.report;
    EXPECT_TRUE(has_line(r, "acpi: new RSDP at 0x140000 (revision 2), XSDT at 0x140030, RSDT at 0x140070: 2 tables "
                            "(0 platform, 1 added); 640 bytes"))
        << r.report;
    const Readback rb = read_back(s.g, kArea);
    ASSERT_EQ(rb.entries.size(), 2u);
    EXPECT_EQ(sig_at(s.g, rb.entries[0]), "FACP");
    EXPECT_EQ(sig_at(s.g, rb.entries[1]), "SSDT");
    const ByteVector fadt = s.g.read(rb.entries[0], 276);
    auto fv = acpi::checked_table(fadt);
    ASSERT_TRUE(fv);
    EXPECT_EQ(fv->header.revision, 6);
    EXPECT_EQ(s.g.peek(rb.entries[0] + 112, 4), 1u << 20); // HW_REDUCED_ACPI: no FACS needed
    auto fp = acpi::fadt_pointers(*fv);
    ASSERT_TRUE(fp);
    EXPECT_EQ(fp->facs, 0u);
    const ByteVector dsdt = s.g.read(fp->dsdt, 36);
    auto dv = acpi::checked_table(dsdt);
    ASSERT_TRUE(dv);
    EXPECT_EQ(std::string(dsdt.begin(), dsdt.begin() + 4), "DSDT");
    EXPECT_EQ(std::string(rb.xsdt.begin() + 10, rb.xsdt.begin() + 24), "DOMFW DOMFWLDR");
    if (!have_iasl()) GTEST_SKIP() << "iasl not installed";
    EXPECT_EQ(iasl_problems(fadt, "facp"), "");
    EXPECT_EQ(iasl_problems(dsdt, "dsdt"), "");
    EXPECT_EQ(iasl_problems(rb.xsdt, "xsdt"), "");
}

TEST(LoaderAcpi, MatchSlicOemIdsCopiesTheFadt) {
    Rig s;
    const ByteVector slic = slic_table();
    auto sv = acpi::checked_table(slic);
    ASSERT_TRUE(sv);
    s.boot({acpi_module({ssdt_fixture(), slic}, true)}, true);
    const ByteVector platform_fadt = s.g.read(kFacp, 244);
    const LoaderRun r = s.run();
    ASSERT_EQ(r.outcome.next, Next::start_kernel) << r.report;
    const std::string oem(slic.begin() + 10, slic.begin() + 16), tid(slic.begin() + 16, slic.begin() + 24);
    EXPECT_TRUE(has_line(r, "acpi: MATCH_SLIC_OEM_IDS (module 1): RSDT, XSDT and FACP take OEM '" + oem + "' '" + tid +
                                "'; FACP copied from 0xf6100 to 0x1400c0"))
        << r.report;
    const Readback rb = read_back(s.g, kArea);
    ASSERT_EQ(rb.entries.size(), 4u);
    EXPECT_EQ(rb.entries[0], 0x1400C0u);
    const ByteVector fadt = s.g.read(rb.entries[0], 244);
    EXPECT_TRUE(acpi::checked_table(fadt)); // checksum recomputed
    for (const ByteVector* t : {&rb.xsdt, &rb.rsdt, &fadt})
        EXPECT_EQ(std::string(t->begin() + 10, t->begin() + 24), oem + tid);
    // Only the IDs and the checksum changed; the platform's FADT is untouched.
    for (std::size_t i = 0; i < 244; ++i) {
        if (i != 9 && (i < 10 || i >= 24)) {
            EXPECT_EQ(fadt[i], platform_fadt[i]) << i;
        }
    }
    EXPECT_EQ(s.g.read(kFacp, 244), platform_fadt);
    EXPECT_EQ(s.g.read(rb.entries[3], slic.size()), slic);
    if (!have_iasl()) GTEST_SKIP() << "iasl not installed";
    EXPECT_EQ(iasl_problems(fadt, "facp"), "");
}

TEST(LoaderAcpi, MatchSlicOemIdsOnTheMinimalSet) {
    Rig s;
    const ByteVector slic = table("SLIC", 1, ByteVector(16, 1), "ACMEOE", "ACMETBL1");
    s.boot({acpi_module({slic}, true)}, false);
    const LoaderRun r = s.run();
    EXPECT_TRUE(has_line(r, "acpi: MATCH_SLIC_OEM_IDS (module 1): RSDT, XSDT and FACP take OEM 'ACMEOE' 'ACMETBL1'"))
        << r.report;
    const Readback rb = read_back(s.g, kArea);
    ASSERT_EQ(rb.entries.size(), 2u);
    EXPECT_EQ(std::string(rb.xsdt.begin() + 10, rb.xsdt.begin() + 24), "ACMEOEACMETBL1");
    const ByteVector fadt = s.g.read(rb.entries[0], 276);
    EXPECT_EQ(std::string(fadt.begin() + 10, fadt.begin() + 24), "ACMEOEACMETBL1");
}

TEST(LoaderAcpi, RsdpFoundByScanningTheEbdaThenTheBiosArea) {
    for (const std::uint64_t at : {std::uint64_t{0x9FC10}, std::uint64_t{0xE4560}}) {
        Rig s;
        s.boot({}, true);
        s.g.poke(kStartInfo + 32, 0, 8);
        s.g.write(kRsdp, ByteVector(20, 0));
        s.g.poke(kEbdaPointer, 0x9FC0, 2);
        s.g.write(at, rsdp_v0(kRsdt));
        const LoaderRun r = s.run();
        EXPECT_TRUE(has_line(r, "acpi: platform RSDP at 0x" + (std::ostringstream() << std::hex << at).str() +
                                    " (scan), revision 0, OEM 'BOCHS ', RSDT 0xf6000"))
            << r.report;
        EXPECT_EQ(read_back(s.g, kArea).entries.size(), 2u);
    }
}

TEST(LoaderAcpi, DuplicateSignatureListedAfterThePlatformsAsHvmloaderDoes) {
    Rig s;
    const ByteVector apic = table("APIC", 3, ByteVector(8, 7), "DOMFW ", "MYAPIC  ");
    const ByteVector ssdt = table("SSDT", 2, {}, "DOMFW ", "EMPTY   ");
    s.boot({acpi_module({apic, ssdt})}, true);
    const LoaderRun r = s.run();
    // One line for the module; the duplicate is named, the SSDT never is (SSDTs are always added).
    EXPECT_TRUE(has_line(r, "acpi: module 1: 2 tables added at [0x1400c0, 0x140114): 'APIC' 'SSDT'; the platform "
                            "has 'APIC' too: both listed, the platform's first, as hvmloader does"))
        << r.report;
    const Readback rb = read_back(s.g, kArea);
    ASSERT_EQ(rb.entries.size(), 4u);
    EXPECT_EQ(rb.entries[2], 0x1400c0u);
    EXPECT_EQ(rb.entries[3], 0x1400f0u);
    EXPECT_EQ(rb.entries[1], kApic);
    EXPECT_EQ(s.g.read(rb.entries[2], apic.size()), apic);
}

// A minimal set on its own would describe no processor and no interrupt controller, and Linux
// ignores the MP table once it finds an RSDP: with nothing to carry, none is written.
TEST(LoaderAcpi, NoPlatformAcpiAndNoModuleHandsOnNoRsdp) {
    Rig s;
    s.boot({}, false);
    const LoaderRun r = s.run();
    ASSERT_EQ(r.outcome.next, Next::start_kernel) << r.report;
    EXPECT_TRUE(has_line(r, "acpi: no platform ACPI and no table from the bundle: the kernel gets no RSDP"))
        << r.report;
    EXPECT_EQ(r.report.find("acpi: minimal set"), std::string::npos) << r.report;
    EXPECT_EQ(s.rsdp_handed_on(r), 0u);
    EXPECT_EQ(s.g.read(kArea, 8), ByteVector(8, 0xAA)); // nothing written
}

TEST(LoaderAcpi, NoAreaHandsOnThePlatformsRsdp) {
    Rig s;
    s.boot({acpi_module({ssdt_fixture()})}, true);
    s.env.acpi_area = Region{0xFFFFF000, 0x2000};
    const LoaderRun r = s.run();
    EXPECT_TRUE(has_line(r, "acpi: no area for the tables below 4 GiB: the platform's RSDP is handed on")) << r.report;
    EXPECT_EQ(s.rsdp_handed_on(r), kRsdp);
}

// ---- one case per path that rejects or leaves out something -----------------------------------

TEST(LoaderAcpiMalformed, StartInfoRsdpBadChecksumThenScan) {
    Rig s;
    s.boot({}, true);
    s.g.poke(kRsdp + 8, s.g.peek(kRsdp + 8, 1) ^ 1, 1);
    const LoaderRun r = s.run();
    EXPECT_TRUE(has_line(r,
                         "acpi: start_info rsdp 0xf59d0 rejected: ACPI table at offset 0x8: RSDP checksum 0xe2 (first "
                         "20 bytes) is wrong, should be 0xe3; scanning the BIOS area"))
        << r.report;
    // Nothing found, nothing in the bundle: the bad RSDP is not handed on, and no minimal set.
    EXPECT_TRUE(has_line(r, "acpi: no platform ACPI and no table from the bundle: the kernel gets no RSDP"))
        << r.report;
    EXPECT_EQ(s.rsdp_handed_on(r), 0u);
}

TEST(LoaderAcpiMalformed, XsdtRejectedRsdtUsed) {
    Rig s;
    s.boot({}, true);
    ByteVector rsdp(36, 0);
    std::copy_n("RSD PTR ", 8, rsdp.begin());
    std::copy_n("BOCHS ", 6, rsdp.begin() + 9);
    rsdp[15] = 2;
    put(rsdp, 16, kRsdt, 4);
    put(rsdp, 20, 36, 4);
    put(rsdp, 24, 0xF7000, 8);
    s.g.write(0xF7000, root("XSDT", {kFacp}));
    s.g.poke(0xF7000 + 9, s.g.peek(0xF7000 + 9, 1) ^ 0x10, 1);
    rsdp[8] = domfw::core::sum8_fix(std::span(rsdp).first(20));
    rsdp[32] = domfw::core::sum8_fix(rsdp);
    s.g.write(kRsdp, rsdp);
    const LoaderRun r = s.run();
    EXPECT_TRUE(has_line(r,
                         "acpi: platform XSDT at 0xf7000 rejected: ACPI table 'XSDT' at offset 0x9: checksum 0xa5 is "
                         "wrong, should be 0xb5"))
        << r.report;
    EXPECT_TRUE(has_line(r, "acpi: platform RSDT at 0xf6000: 2 tables 'FACP' 'APIC'")) << r.report;
}

// An RSDP naming only an XSDT (RSDT address 0), and that XSDT bad: address 0 is not read as a table.
TEST(LoaderAcpiMalformed, XsdtRejectedAndNoRsdt) {
    Rig s;
    s.boot({}, true);
    ByteVector rsdp(36, 0);
    std::copy_n("RSD PTR ", 8, rsdp.begin());
    std::copy_n("BOCHS ", 6, rsdp.begin() + 9);
    rsdp[15] = 2;
    put(rsdp, 20, 36, 4);
    put(rsdp, 24, 0xF7000, 8);
    s.g.write(0xF7000, ByteVector(36, 0));
    rsdp[8] = domfw::core::sum8_fix(std::span(rsdp).first(20));
    rsdp[32] = domfw::core::sum8_fix(rsdp);
    s.g.write(kRsdp, rsdp);
    const LoaderRun r = s.run();
    EXPECT_TRUE(has_line(r, "acpi: platform XSDT at 0xf7000 rejected: ACPI table '\\x00\\x00\\x00\\x00' at offset 0x4: "
                            "length 0x0 is below the 36-byte table header"))
        << r.report;
    EXPECT_EQ(r.report.find("RSDT at 0x0"), std::string::npos) << r.report;
    EXPECT_TRUE(has_line(r, "acpi: the platform's RSDP names no usable root table")) << r.report;
    EXPECT_EQ(s.rsdp_handed_on(r), 0u);
}

TEST(LoaderAcpiMalformed, RootWithTheWrongSignatureGivesTheMinimalSet) {
    Rig s;
    s.boot({acpi_module({ssdt_fixture()})}, true);
    s.g.write(kRsdt, table("FACP", 1, {}));
    const LoaderRun r = s.run();
    EXPECT_TRUE(has_line(r, "acpi: platform RSDT at 0xf6000 rejected: its signature is 'FACP'")) << r.report;
    EXPECT_TRUE(has_line(r, "acpi: the platform's RSDP names no usable root table")) << r.report;
    EXPECT_NE(r.report.find("acpi: minimal set: "), std::string::npos) << r.report;
}

TEST(LoaderAcpiMalformed, PlatformTableBadChecksumSkipped) {
    Rig s;
    s.boot({}, true);
    s.g.poke(kApic + 9, s.g.peek(kApic + 9, 1) ^ 1, 1);
    const LoaderRun r = s.run();
    EXPECT_TRUE(has_line(r,
                         "acpi: platform table 1 at 0xf6500 skipped: ACPI table 'APIC' at offset 0x9: checksum 0x48 is "
                         "wrong, should be 0x49"))
        << r.report;
    EXPECT_TRUE(has_line(r, "acpi: platform RSDT at 0xf6000: 1 table 'FACP'")) << r.report;
    EXPECT_EQ(read_back(s.g, kArea).entries.size(), 1u);
}

TEST(LoaderAcpiMalformed, PlatformTableOutsideMemorySkipped) {
    Rig s;
    s.boot({}, true);
    s.g.write(kRsdt, root("RSDT", {kFacp, 0xF0000000}));
    const LoaderRun r = s.run();
    EXPECT_TRUE(has_line(r, "acpi: platform table 1 at 0xf0000000 skipped: [0xf0000000, 0xf0000024) outside memory"))
        << r.report;
}

TEST(LoaderAcpiMalformed, PlatformTableTooLongSkipped) {
    Rig s;
    s.boot({}, true);
    s.g.poke(kApic + 4, 0x7FFFFFFF, 4);
    const LoaderRun r = s.run();
    EXPECT_TRUE(has_line(r, "acpi: platform table 1 at 0xf6500 skipped: length 0x7fffffff above the limit 0x1000000"))
        << r.report;
}

TEST(LoaderAcpiMalformed, FadtPointsAtABadDsdtAndFacs) {
    Rig s;
    s.boot({}, true);
    s.g.write(kDsdt, table("SSDT", 2, {}));
    s.g.write(kFacs, ByteVector(4, 0));
    const LoaderRun r = s.run();
    EXPECT_TRUE(has_line(r, "acpi: platform FACP at 0xf6100: its DSDT at 0xf6300 is not valid: signature 'SSDT'"))
        << r.report;
    EXPECT_TRUE(has_line(r,
                         "acpi: platform FACP at 0xf6100: its FACS at 0xf6400 is not valid: ACPI table at offset 0x0: "
                         "signature is not \"FACS\""))
        << r.report;
    EXPECT_EQ(read_back(s.g, kArea).entries.size(), 2u); // the FADT itself is kept
}

TEST(LoaderAcpiMalformed, ModuleRootTableSkipped) {
    Rig s;
    s.boot({acpi_module({root("XSDT", {kApic})})}, true);
    const LoaderRun r = s.run();
    EXPECT_TRUE(has_line(r, "acpi: module 1 table 'XSDT': skipped, the root tables are the loader's own")) << r.report;
    EXPECT_EQ(read_back(s.g, kArea).entries.size(), 2u);
}

TEST(LoaderAcpiMalformed, ModuleTableDoesNotFitTheArea) {
    Rig s;
    s.boot({acpi_module({table("SSDT", 2, ByteVector(0x400, 0xA3)), table("SSDT", 2, ByteVector(0x1000, 0xA3))})},
           true);
    s.env.acpi_area.size = 0x800;
    const LoaderRun r = s.run();
    EXPECT_TRUE(has_line(r, "acpi: module 1 table 'SSDT', 0x1024 bytes: skipped, 784 bytes left in the area"))
        << r.report;
    EXPECT_EQ(read_back(s.g, kArea).entries.size(), 3u);
}

TEST(LoaderAcpiMalformed, AreaTooSmallForTheRootTables) {
    Rig s;
    s.boot({}, true);
    s.env.acpi_area.size = 64;
    const LoaderRun r = s.run();
    EXPECT_TRUE(has_line(r, "acpi: the new root tables need 160 bytes, the area holds 64: the platform's RSDP is "
                            "handed on"))
        << r.report;
    EXPECT_EQ(s.rsdp_handed_on(r), kRsdp);
}

TEST(LoaderAcpiMalformed, MoreThan128PlatformTablesLeftOut) {
    Rig s;
    s.boot({}, true);
    s.g.write(kRsdt, root("RSDT", std::vector<std::uint64_t>(130, kApic)));
    const LoaderRun r = s.run();
    EXPECT_TRUE(has_line(r, "acpi: 2 platform tables beyond 128 left out")) << r.report;
    EXPECT_EQ(read_back(s.g, kArea).entries.size(), 128u);
}

// An area whose end is not on a 16-byte boundary: a table ending in its last partial unit is
// skipped (tables start on 16-byte boundaries), a smaller one still fits, nothing past the end is
// written.
TEST(LoaderAcpiMalformed, AreaEndNotOnA16ByteBoundary) {
    Rig s;
    s.boot({acpi_module({table("SSDT", 2, ByteVector(0x400, 0xA3)), table("SSDT", 2, ByteVector(0x2E1, 0xA4)),
                         table("SSDT", 2, {})})},
           true);
    s.env.acpi_area.size = 0x7F9;
    s.g.write(kArea + 0x7F0, ByteVector(0x100, 0xEE));
    const LoaderRun r = s.run();
    EXPECT_TRUE(has_line(r, "acpi: module 1 table 'SSDT', 0x305 bytes: skipped, 768 bytes left in the area"))
        << r.report;
    // The first and the last SSDT were added; the line covers both.
    EXPECT_TRUE(has_line(r, "acpi: module 1: 2 tables added at [0x1400c0, 0x140514): 'SSDT' 'SSDT'")) << r.report;
    EXPECT_EQ(s.g.read(kArea + 0x7F0, 0x100), ByteVector(0x100, 0xEE));
    const Readback rb = read_back(s.g, kArea);
    ASSERT_EQ(rb.entries.size(), 4u);
    EXPECT_EQ(rb.entries[2], 0x1400c0u);
    EXPECT_EQ(rb.entries[3], 0x1404f0u);
}
