// The proof for Xen's own pass-through files as `domfw build` writes them, checked by the
// real peers on the examples and on guests built from every corpus firmware set:
//   smbios.bin  walks under hvmloader's length-prefixed rules (XEN-FACTS §2; walked here by a
//               second, independent implementation) and every structure decodes with
//               `dmidecode --from-dump` behind the 2.4 entry point hvmloader gives it;
//   acpi.bin    splits into complete tables, each of which `iasl -d` disassembles without a
//               checksum warning;
//   xl.cfg      `xl -N create` (../shared/tools/xl-dryrun) sees smbios_firmware, acpi_firmware,
//               memory and kernel as intended.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/module_reader.hpp"
#include "guest_build.hpp"
#include "hostfw/host_firmware.hpp"

using namespace domfw;
using namespace domfw::test;
namespace fs = std::filesystem;

namespace {

const fs::path kExamples = fs::path(DOMFW_SOURCE_DIR) / "examples";
constexpr const char* kUuid = "2a9c7e51-0b4d-4c63-8f1e-5d7a3b9c1e20";

std::string read_text(const fs::path& p) {
    const auto b = read_bytes(p);
    return {b.begin(), b.end()};
}

std::uint32_t le32(const std::vector<std::uint8_t>& b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at] | b[at + 1] << 8 | b[at + 2] << 16 |
                                      static_cast<std::uint32_t>(b[at + 3]) << 24);
}

struct Record {
    std::uint8_t type = 0;
    std::uint16_t handle = 0;
    std::vector<std::uint8_t> bytes; // the structure without its prefix
};

// hvmloader (smbios.c, get_smbios_pt_struct) steps through [u32 LE length][structure] records and
// copies `length` bytes as one structure. It checks nothing, so here every record must hold
// exactly one well-formed structure: header inside the record, formatted length >= 4, the string
// set ending in the double NUL exactly at the record's end, no type 127 (hvmloader writes its own
// end-of-table; one passed through would hide every structure after it from the guest).
std::vector<Record> hvmloader_walk(const std::vector<std::uint8_t>& blob, std::string& error) {
    std::vector<Record> out;
    std::size_t pos = 0;
    while (pos < blob.size()) {
        const auto at = fmt::format("record {} at offset {:#x}", out.size(), pos);
        if (blob.size() - pos < 4) return error = at + ": truncated length prefix", out;
        const std::uint32_t len = le32(blob, pos);
        if (len < 4) return error = fmt::format("{}: length {:#x} below the 4-byte header", at, len), out;
        if (len > blob.size() - pos - 4) return error = fmt::format("{}: length {:#x} past the end", at, len), out;
        const std::vector<std::uint8_t> s(blob.begin() + static_cast<long>(pos) + 4,
                                          blob.begin() + static_cast<long>(pos + 4 + len));
        const std::size_t formatted = s[1];
        if (formatted < 4 || formatted > len)
            return error = fmt::format("{}: formatted length {:#x} outside 4..{:#x}", at, formatted, len), out;
        std::size_t end = formatted; // the first "\0\0" at or after the formatted area
        while (end + 1 < s.size() && !(s[end] == 0 && s[end + 1] == 0))
            ++end;
        if (end + 2 != s.size())
            return error = fmt::format("{}: string set ends at {:#x}, record holds {:#x}", at, end + 2, s.size()), out;
        if (s[0] == 127) return error = at + ": type 127 passed through", out;
        out.push_back({s[0], static_cast<std::uint16_t>(s[2] | s[3] << 8), s});
        pos += 4 + len;
    }
    if (out.empty()) error = "no structure";
    return out;
}

std::uint8_t sum8(const std::vector<std::uint8_t>& b, std::size_t from, std::size_t to) {
    unsigned s = 0;
    for (std::size_t i = from; i < to; ++i)
        s += b[i];
    return static_cast<std::uint8_t>(s);
}

// `dmidecode --dump-bin` layout: the 31-byte SMBIOS 2.4 entry point hvmloader writes (smbios.c,
// smbios_entry_point_init) at 0, the table at 0x20, plus hvmloader's type 127.
std::vector<std::uint8_t> dump_bin(const std::vector<Record>& recs) {
    std::vector<std::uint8_t> table;
    std::size_t biggest = 0;
    for (const auto& r : recs) {
        table.insert(table.end(), r.bytes.begin(), r.bytes.end());
        biggest = std::max(biggest, r.bytes.size());
    }
    for (int b : {127, 4, 0xFF, 0xFE, 0, 0})
        table.push_back(static_cast<std::uint8_t>(b));
    std::vector<std::uint8_t> ep(0x20, 0);
    auto put16 = [&](std::size_t at, std::size_t v) {
        ep[at] = static_cast<std::uint8_t>(v);
        ep[at + 1] = static_cast<std::uint8_t>(v >> 8);
    };
    std::copy_n("_SM_", 4, ep.begin());
    ep[5] = 0x1F, ep[6] = 2, ep[7] = 4;
    put16(8, biggest);
    std::copy_n("_DMI_", 5, ep.begin() + 0x10);
    put16(0x16, table.size());
    ep[0x18] = 0x20; // table address: right behind the entry point
    put16(0x1C, recs.size() + 1);
    ep[0x1E] = 0x24;
    ep[0x15] = static_cast<std::uint8_t>(-sum8(ep, 0x10, 0x1F));
    ep[4] = static_cast<std::uint8_t>(-sum8(ep, 0, 0x1F));
    ep.insert(ep.end(), table.begin(), table.end());
    return ep;
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t p = 0;
    while (p < text.size()) {
        auto e = text.find('\n', p);
        if (e == std::string::npos) e = text.size();
        std::string l = text.substr(p, e - p);
        while (!l.empty() && std::isspace(static_cast<unsigned char>(l.front())))
            l.erase(0, 1);
        out.push_back(l);
        p = e + 1;
    }
    return out;
}

// dmidecode's complaints about a table or a structure.
std::vector<std::string> complaints(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& l : lines(text)) {
        const auto s = lower(l);
        for (const char* w : {"invalid", "truncated", "wrong", "bad index", "broken"})
            if (s.find(w) != std::string::npos) {
                out.push_back(l);
                break;
            }
    }
    return out;
}

struct Totals {
    int guests = 0, structures = 0, tables = 0, host_complaints = 0, xl_checked = 0;
};
Totals totals;

bool have(const char* tool) { return run(fmt::format("command -v {} >/dev/null", tool)).status == 0; }

// The host's own dmidecode text (the corpus keeps one next to every capture): a complaint that
// dmidecode already makes about the host's table is the host's, not domfw's.
std::set<std::string> host_complaints(const std::optional<fs::path>& source) {
    std::set<std::string> out;
    if (!source) return out;
    const fs::path ref =
        fs::is_directory(*source) ? *source / "dmidecode.txt" : fs::path(source->string() + ".dmidecode.txt");
    std::ifstream f(ref);
    const std::string text{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
    for (auto& c : complaints(text))
        out.insert(c);
    return out;
}

void check_smbios(const fs::path& out, const std::string& what, const std::optional<fs::path>& source = std::nullopt) {
    SCOPED_TRACE(what);
    std::string error;
    const auto recs = hvmloader_walk(read_bytes(out / "smbios.bin"), error);
    ASSERT_TRUE(error.empty()) << "smbios.bin does not walk under hvmloader's rules: " << error;
    const fs::path dump = out.parent_path() / (out.filename().string() + ".dump.bin");
    {
        const auto d = dump_bin(recs);
        std::ofstream(dump, std::ios::binary)
            .write(reinterpret_cast<const char*>(d.data()), static_cast<std::streamsize>(d.size()));
    }
    const Ran r = run("dmidecode --from-dump " + quoted(dump));
    ASSERT_EQ(r.status, 0) << "dmidecode failed; complaints: "
                           << fmt::format("{}", fmt::join(complaints(r.out), " | "));
    // Every structure appears with its type, handle and length, as many times as it was passed.
    std::multiset<std::string> seen, want;
    for (const auto& l : lines(r.out))
        if (l.starts_with("Handle 0x")) seen.insert(l);
    for (const auto& rec : recs)
        want.insert(fmt::format("Handle {:#06X}, DMI type {}, {} bytes", rec.handle, rec.type, rec.bytes[1])
                        .replace(0, 9, "Handle 0x"));
    want.insert("Handle 0xFEFF, DMI type 127, 4 bytes");
    EXPECT_EQ(seen, want);
    const auto known = host_complaints(source);
    for (const auto& c : complaints(r.out)) {
        if (known.contains(c)) {
            ++totals.host_complaints;
            continue;
        }
        ADD_FAILURE() << "dmidecode complains: " << c;
    }
    totals.structures += static_cast<int>(recs.size());
}

// The tables of acpi.bin, split by their header lengths (tools/libacpi/build.c does the same).
void check_acpi(const fs::path& out, const std::string& what) {
    SCOPED_TRACE(what);
    const auto blob = read_bytes(out / "acpi.bin");
    ASSERT_FALSE(blob.empty());
    const fs::path dir = out.parent_path() / (out.filename().string() + ".iasl");
    fs::create_directories(dir);
    std::size_t pos = 0;
    for (int i = 0; pos < blob.size(); ++i) {
        ASSERT_GE(blob.size() - pos, 36u) << "trailing bytes at " << pos;
        const std::uint32_t len = le32(blob, pos + 4);
        ASSERT_GE(len, 36u);
        ASSERT_LE(len, blob.size() - pos);
        const std::string sig(blob.begin() + static_cast<long>(pos), blob.begin() + static_cast<long>(pos) + 4);
        const std::vector<std::uint8_t> t(blob.begin() + static_cast<long>(pos),
                                          blob.begin() + static_cast<long>(pos + len));
        EXPECT_EQ(sum8(t, 0, t.size()), 0) << sig << " table " << i << " checksum";
        std::string name = fmt::format("t{}", i);
        std::ofstream(dir / (name + ".dat"), std::ios::binary).write(reinterpret_cast<const char*>(t.data()), len);
        // Only iasl's status and its checksum lines are shown: its listing of an MSDM holds the key.
        const Ran r = run(fmt::format("cd {} && iasl -d {}.dat", quoted(dir), name));
        std::ifstream f(dir / (name + ".dsl"));
        const std::string dsl{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
        EXPECT_EQ(r.status, 0) << sig << " table " << i << ": iasl -d failed";
        EXPECT_FALSE(dsl.empty()) << sig << " table " << i << ": iasl wrote no listing";
        for (const auto& text : {r.out, dsl})
            for (const auto& l : lines(text))
                if (lower(l).find("checksum") != std::string::npos && lower(l).find("incorrect") != std::string::npos)
                    ADD_FAILURE() << sig << " table " << i << ": " << l;
        ++totals.tables;
        pos += len;
    }
}

// xl 4.17 itself reads the generated xl.cfg (dry run) and points at the validated copies.
void check_xl(const fs::path& out, long memory_mib, bool smbios, bool acpi,
              const std::optional<fs::path>& kernel = std::nullopt) {
    const fs::path xl = shared_dir() / "tools/xl-dryrun/xl_dryrun.sh";
    if (!fs::exists(xl) || !fs::exists("/usr/lib/xen-4.17/bin/xl")) return;
    const Ran r = run(quoted(xl) + " " + quoted(out / "xl.cfg") + " 2>/dev/null");
    ASSERT_EQ(r.status, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out.substr(r.out.find('{')));
    const auto& b = j["b_info"];
    EXPECT_EQ(b["max_memkb"], memory_mib * 1024);
    EXPECT_EQ(b["target_memkb"], memory_mib * 1024);
    if (b.contains("type.hvm")) {
        const auto& h = b["type.hvm"];
        if (smbios)
            EXPECT_EQ(h.value("smbios_firmware", ""), (out / "smbios.bin").string());
        else
            EXPECT_FALSE(h.contains("smbios_firmware"));
        if (acpi)
            EXPECT_EQ(h.value("acpi_firmware", ""), (out / "acpi.bin").string());
        else
            EXPECT_FALSE(h.contains("acpi_firmware"));
    }
    if (kernel)
        EXPECT_EQ(b.value("kernel", ""), kernel->string());
    else
        EXPECT_FALSE(b.contains("kernel"));
    ++totals.xl_checked;
}

bool have_peers() { return have("dmidecode") && have("iasl") && fs::exists(domfw_exe()); }

// The failures a check reports, caught instead of failing this test: the checks must be able
// to fail.
template <typename F> std::string failures_of(F check) {
    ::testing::TestPartResultArray caught;
    {
        ::testing::ScopedFakeTestPartResultReporter reporter(
            ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &caught);
        check();
    }
    std::string out;
    for (int i = 0; i < caught.size(); ++i)
        out += std::string(caught.GetTestPartResult(i).message()) + "\n";
    return out;
}

void write_bytes(const fs::path& p, const std::vector<std::uint8_t>& b) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary)
        .write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

TEST(PassthroughPeers, ChecksCatchBrokenFiles) {
    if (!have_peers()) GTEST_SKIP() << "dmidecode, iasl or the domfw executable is missing";
    TempDir tmp("selfcheck");
    const Totals saved = totals; // these files are not counted as checked
    const fs::path out = tmp.path() / "out";
    // Type 1 (SMBIOS 2.0 length 8) whose product name points at string 5 of 1.
    const std::vector<std::uint8_t> t1{1, 8, 0x00, 0x01, 1, 5, 0, 0, 'A', 0, 0};
    std::vector<std::uint8_t> blob{static_cast<std::uint8_t>(t1.size()), 0, 0, 0};
    blob.insert(blob.end(), t1.begin(), t1.end());
    write_bytes(out / "smbios.bin", blob);
    EXPECT_NE(failures_of([&] { check_smbios(out, "self"); }).find("dmidecode complains: Product Name: <BAD INDEX>"),
              std::string::npos);
    blob[0] += 1; // the prefix claims one byte more than the record holds
    write_bytes(out / "smbios.bin", blob);
    EXPECT_NE(failures_of([&] {
                  check_smbios(out, "self");
              }).find("does not walk under hvmloader's rules: record 0 at offset 0x0: length 0xc past the end"),
              std::string::npos);
    blob.push_back(0);
    write_bytes(out / "smbios.bin", blob);
    EXPECT_NE(failures_of([&] {
                  check_smbios(out, "self");
              }).find("record 0 at offset 0x0: string set ends at 0xb, record holds 0xc"),
              std::string::npos);
    // An SSDT with a wrong checksum byte: iasl says so.
    std::vector<std::uint8_t> ssdt(36, 0);
    std::copy_n("SSDT", 4, ssdt.begin());
    ssdt[4] = 36, ssdt[8] = 2;
    ssdt[9] = static_cast<std::uint8_t>(-sum8(ssdt, 0, 36) + 1);
    write_bytes(out / "acpi.bin", ssdt);
    const std::string f = failures_of([&] { check_acpi(out, "self"); });
    EXPECT_NE(f.find("SSDT table 0: Firmware Warning (ACPI): Incorrect checksum in table [SSDT]"), std::string::npos)
        << f;
    totals = saved;
}

TEST(PassthroughPeers, ExampleGuests) {
    if (!have_peers()) GTEST_SKIP() << "dmidecode, iasl or the domfw executable is missing";
    if (!fs::exists("/usr/lib/xen-4.17/boot/hvmloader")) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    TempDir tmp("examples");
    for (const char* name : {"hvm-host-passthrough", "hvm-passthrough"}) {
        const fs::path out = tmp.path() / name;
        const Ran r = run(fmt::format("{} build {} -o {}", quoted(domfw_exe()),
                                      quoted(kExamples / (std::string(name) + ".cfg")), quoted(out)));
        ASSERT_EQ(r.status, 0) << r.out;
        check_smbios(out, name);
        check_acpi(out, name);
        check_xl(out, std::string(name) == "hvm-passthrough" ? 512 : 1024, true, true);
        ++totals.guests;
    }
    const fs::path pvh = tmp.path() / "pvh";
    const Ran r =
        run(fmt::format("{} build {} -o {}", quoted(domfw_exe()), quoted(kExamples / "pvh-direct.cfg"), quoted(pvh)));
    ASSERT_EQ(r.status, 0) << r.out;
    check_xl(pvh, 256, false, false, (kExamples / "firmware/pvh-kernel.elf").lexically_normal());
}

// smbios = [...] through `domfw build`: the passed host structures (smbios.bin and the module)
// carry the config's values, with or without smbios_copy_identity, and dmidecode reads them there.
TEST(PassthroughPeers, SmbiosKeysOverridePassedStructures) {
    if (!have_peers()) GTEST_SKIP() << "dmidecode, iasl or the domfw executable is missing";
    if (!fs::exists("/usr/lib/xen-4.17/boot/hvmloader")) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    const fs::path laptop = kExamples / "firmware/laptop-host";
    auto host = hostfw::load_host_firmware(laptop);
    ASSERT_TRUE(host && host->smbios);
    std::string host_serial;
    for (const auto& st : host->smbios->structures)
        if (st.type == 1) {
            host_serial = *st.string(st.formatted[7]);
        }
    ASSERT_FALSE(host_serial.empty());
    TempDir tmp("overrides");
    for (int copy : {0, 1}) {
        const auto name = fmt::format("o{}", copy);
        const Ran r = build_guest(
            tmp.path(), name,
            fmt::format("name = \"{}\"\ntype = \"hvm\"\nuuid = \"{}\"\nmemory = 256\nfirmware_source = \"{}\"\n"
                        "smbios_passthrough = [ \"0-3\", \"11\" ]\nsmbios_copy_identity = {}\n"
                        "smbios = [ \"system_manufacturer=ACME Guests\", \"system_serial_number=XYZ-0042\", "
                        "\"enclosure_asset_tag=RACK-7\", \"bios_version=2.0-guest\", \"oem=guest oem one\", "
                        "\"oem=guest oem two\" ]\n",
                        name, kUuid, laptop.string(), copy));
        ASSERT_EQ(r.status, 0) << r.out;
        const fs::path out = tmp.path() / (name + ".out");
        check_smbios(out, name);
        const auto blob = read_bytes(out / "smbios.bin");
        const std::string text(blob.begin(), blob.end());
        EXPECT_EQ(text.find(host_serial), std::string::npos)
            << "copy " << copy << ": the host's type 1 serial survived an explicit key";
        // The module carries the same structures.
        const auto mod = read_bytes(out / "modules/smbios.dfwm");
        auto v = core::read_module(mod);
        ASSERT_TRUE(v);
        const std::string payload(v->payload.begin(), v->payload.end());
        for (const char* want : {"ACME Guests", "XYZ-0042", "RACK-7", "2.0-guest", "guest oem one", "guest oem two"}) {
            EXPECT_NE(text.find(want), std::string::npos) << want;
            EXPECT_NE(payload.find(want), std::string::npos) << want;
        }
        // What the guest's dmidecode shows, per structure.
        const Ran d = run("dmidecode --from-dump " + quoted(tmp.path() / (name + ".out.dump.bin")));
        std::map<std::string, std::string> seen; // "type:Field" -> value
        std::string type;
        for (const auto& l : lines(d.out)) {
            if (l.starts_with("Handle "))
                type = l.substr(l.find("DMI type ") + 9, l.find(',', l.find("DMI type ")) - l.find("DMI type ") - 9);
            else if (auto c = l.find(": "); c != std::string::npos)
                seen[type + ":" + l.substr(0, c)] = l.substr(c + 2);
        }
        EXPECT_EQ(seen["1:Manufacturer"], "ACME Guests");
        EXPECT_EQ(seen["1:Serial Number"], "XYZ-0042");
        EXPECT_EQ(seen["3:Asset Tag"], "RACK-7");
        EXPECT_EQ(seen["0:Version"], "2.0-guest");
        EXPECT_EQ(seen["11:String 1"], "guest oem one");
        EXPECT_EQ(seen["11:String 2"], "guest oem two");
        EXPECT_EQ(seen.count("11:String 3"), 0u);
        const std::string notes = read_text(out / "passthrough.txt");
        EXPECT_NE(notes.find("set from smbios = [...]: type 1 (handle 0x0001) system_serial_number"), std::string::npos)
            << notes;
    }
}

TEST(PassthroughPeers, CorpusSmbiosGuests) {
    const auto sources = corpus_smbios_sources();
    if (sources.empty()) GTEST_SKIP() << "shared corpus not present";
    if (!have_peers()) GTEST_SKIP() << "dmidecode, iasl or the domfw executable is missing";
    if (!fs::exists("/usr/lib/xen-4.17/boot/hvmloader")) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    TempDir tmp("smbios");
    int built = 0, refused = 0;
    const int before = totals.structures, known_before = totals.host_complaints;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const auto name = fmt::format("g{}", i);
        const Ran r = build_guest(
            tmp.path(), name,
            fmt::format("name = \"{}\"\ntype = \"hvm\"\nuuid = \"{}\"\nmemory = 256\nfirmware_source = \"{}\"\n"
                        "smbios_passthrough = [ \"0-255\" ]\n",
                        name, kUuid, sources[i].string()));
        if (r.status != 0) {
            // A capture domfw refuses must be refused with a reason, never half-built.
            ++refused;
            EXPECT_FALSE(fs::exists(tmp.path() / (name + ".out"))) << sources[i];
            EXPECT_NE(r.out.find("error"), std::string::npos) << sources[i] << ": " << r.out;
            std::printf("refused %s: %s", sources[i].filename().c_str(), r.out.c_str());
            continue;
        }
        ++built;
        check_smbios(tmp.path() / (name + ".out"), sources[i].string(), sources[i]);
        check_xl(tmp.path() / (name + ".out"), 256, true, false);
        ++totals.guests;
    }
    std::printf("dmidecode: %d corpus guests built (%d refused), %d structures decoded, %d complaints that the host's "
                "own table has too\n",
                built, refused, totals.structures - before, totals.host_complaints - known_before);
    EXPECT_GE(built, 25);
}

TEST(PassthroughPeers, CorpusAcpiGuests) {
    const auto sources = corpus_acpi_sources();
    if (sources.empty()) GTEST_SKIP() << "shared corpus not present";
    if (!have_peers()) GTEST_SKIP() << "dmidecode, iasl or the domfw executable is missing";
    if (!fs::exists("/usr/lib/xen-4.17/boot/hvmloader")) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    TempDir tmp("acpi");
    int built = 0, broken_signatures = 0;
    const int before = totals.tables;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        auto host = hostfw::load_host_firmware(sources[i]);
        ASSERT_TRUE(host && host->acpi) << sources[i];
        // Every signature the policy lets through (the guest's own tables are refused).
        // A host table with a bad checksum makes the policy refuse its signature (policy_test
        // has the message), so those signatures are left out here.
        std::set<std::string> sigs, broken;
        for (const auto& t : host->acpi->tables()) {
            const std::string sig(reinterpret_cast<const char*>(t.signature().data()), 4);
            if (sig != "DSDT" && sig != "FACP" && sig != "FACS" && sig != "RSDT" && sig != "XSDT" && sig != "RSDP")
                sigs.insert(sig);
            if (t.bytes().size() < 36 || sum8(t.bytes(), 0, t.bytes().size()) != 0) broken.insert(sig);
        }
        for (const auto& b : broken)
            if (sigs.erase(b) != 0) {
                ++broken_signatures;
                std::printf("left out: %s %s (a table with a bad checksum)\n", sources[i].string().c_str(), b.c_str());
            }
        std::string list;
        for (const auto& s : sigs)
            list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", s);
        const auto name = fmt::format("a{}", i);
        const Ran r = build_guest(
            tmp.path(), name,
            fmt::format("name = \"{}\"\ntype = \"hvm\"\nuuid = \"{}\"\nmemory = 256\nfirmware_source = \"{}\"\n"
                        "acpi_passthrough = [ {} ]\n",
                        name, kUuid, sources[i].string(), list));
        ASSERT_EQ(r.status, 0) << sources[i] << ": " << r.out;
        check_acpi(tmp.path() / (name + ".out"), sources[i].string());
        check_xl(tmp.path() / (name + ".out"), 256, false, true);
        ++built;
        ++totals.guests;
    }
    std::printf("iasl: %d corpus guests, %d tables disassembled without a checksum warning (%d signatures left out: a "
                "host table "
                "with a bad checksum); xl dry run on %d guests so far\n",
                built, totals.tables - before, broken_signatures, totals.xl_checked);
    EXPECT_GE(built, 15);
}

} // namespace
