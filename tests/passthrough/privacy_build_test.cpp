// Privacy through `domfw build`: with the default policy, for every SMBIOS capture in
// the corpus, none of the host's serial numbers, asset tags or UUID bytes (as stored, in the
// other byte order, or as text) appears in any file of the output directory or in what the
// command prints; and no MSDM product key appears in any output (files, `domfw plan`,
// `domfw module inspect`), except inside the ACPI blobs that pass the MSDM on purpose.
// Nothing found is ever printed: failures name the file and the field, not the value.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "guest_build.hpp"
#include "hostfw/host_firmware.hpp"
#include "smbios/identity.hpp"

using namespace domfw;
using namespace domfw::test;
namespace fs = std::filesystem;

namespace {

constexpr const char* kUuid = "7d0e4c2a-1f3b-4a59-8c6d-9e2f1a3b5c70";

struct Needle {
    std::string what; // "type 1 serial number", never the value
    std::string bytes;
};

// Identity fields (DSP0134): system/baseboard/chassis/processor/memory/battery serials and tags.
struct Field {
    std::uint8_t type, offset;
    const char* what;
};
constexpr Field kFields[] = {{1, 0x07, "system serial number"},        {2, 0x07, "baseboard serial number"},
                             {2, 0x08, "baseboard asset tag"},         {3, 0x07, "chassis serial number"},
                             {3, 0x08, "chassis asset tag"},           {4, 0x20, "processor serial number"},
                             {4, 0x21, "processor asset tag"},         {17, 0x18, "memory serial number"},
                             {17, 0x19, "memory asset tag"},           {22, 0x07, "battery serial number"},
                             {39, 0x08, "power supply serial number"}, {39, 0x09, "power supply asset tag"}};

std::string uuid_text(const std::string& b, bool upper) {
    std::string s;
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
        s += upper ? fmt::format("{:02X}", static_cast<std::uint8_t>(b[i]))
                   : fmt::format("{:02x}", static_cast<std::uint8_t>(b[i]));
    }
    return s;
}

// The host's identity values, without the surrounding blanks (the core is what must not leak).
// Placeholders (the scrubber's one list: under 4 characters, one repeated character such as
// "00000000" or blanks, "To Be Filled By O.E.M.", "Not Specified", ...) identify nothing and
// match by chance, e.g. inside hex addresses in plan.txt: they are left out. A value that is
// also a whole OEM string is NOT left out: vendors copy the serial there.
std::vector<Needle> identity_needles(const smbios::SmbiosTable& t) {
    std::vector<Needle> out;
    for (const auto& s : t.structures) {
        for (const auto& f : kFields) {
            if (s.type != f.type || f.offset >= s.formatted.size()) continue;
            const std::string* v = s.string(s.formatted[f.offset]);
            if (v == nullptr || smbios::is_identity_placeholder(*v)) continue;
            const auto b = v->find_first_not_of(" \t"), e = v->find_last_not_of(" \t");
            out.push_back({fmt::format("type {} {}", s.type, f.what), v->substr(b, e + 1 - b)});
        }
        if (s.type == 1 && s.formatted.size() >= 0x18) {
            const std::string raw(s.formatted.begin() + 8, s.formatted.begin() + 24);
            if (raw == std::string(16, '\0') || raw == std::string(16, '\xff')) continue;
            // SMBIOS 2.6+ stores the first three fields little-endian; older tables (and some
            // firmware) big-endian: both orders, raw and as text in either case.
            std::string swapped = raw;
            std::reverse(swapped.begin(), swapped.begin() + 4);
            std::reverse(swapped.begin() + 4, swapped.begin() + 6);
            std::reverse(swapped.begin() + 6, swapped.begin() + 8);
            for (const auto& [form, b] : {std::pair{"as stored", raw}, std::pair{"byte-swapped", swapped}}) {
                out.push_back({fmt::format("type 1 UUID bytes ({})", form), b});
                out.push_back({fmt::format("type 1 UUID text ({}, lower case)", form), uuid_text(b, false)});
                out.push_back({fmt::format("type 1 UUID text ({}, upper case)", form), uuid_text(b, true)});
            }
        }
    }
    return out;
}

// HVM: the blobs go to hvmloader; PVH: into the one bundle that domfw's loader reads (a kernel
// at 16 MiB, clear of the loader; `domfw build` copies the real domfw-loader.elf built next to it).
std::string config(const std::string& name, const fs::path& source, const std::string& policy, bool pvh = false) {
    const std::string boot =
        pvh ? fmt::format("type = \"pvh\"\nkernel = \"{}\"\n",
                          (fs::path(DOMFW_SOURCE_DIR) / "examples/firmware/pvh-kernel-16m.elf").string())
            : "type = \"hvm\"\n";
    return fmt::format("name = \"{}\"\n{}uuid = \"{}\"\nmemory = 256\nfirmware_source = \"{}\"\n{}\n", name, boot,
                       kUuid, source.string(), policy);
}

bool ready() { return fs::exists(domfw_exe()) && fs::exists("/usr/lib/xen-4.17/boot/hvmloader"); }

TEST(PrivacyBuild, NoHostIdentityInTheOutputDirectory) {
    const auto sources = corpus_smbios_sources();
    if (sources.empty()) GTEST_SKIP() << "shared corpus not present";
    if (!ready()) GTEST_SKIP() << "the domfw executable or hvmloader (xen-utils-4.17) is missing";
    TempDir tmp("privacy");
    int dumps = 0, needles = 0, files = 0;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        auto host = hostfw::load_host_firmware(sources[i]);
        if (!host || !host->smbios || host->smbios->structures.empty()) continue;
        const auto ids = identity_needles(*host->smbios);
        for (const bool pvh : {false, true}) {
            const auto name = fmt::format("p{}{}", i, pvh ? "pvh" : "hvm");
            const Ran r =
                build_guest(tmp.path(), name, config(name, sources[i], "smbios_passthrough = [ \"0-255\" ]", pvh));
            ASSERT_EQ(r.status, 0) << sources[i] << ": domfw build failed (output withheld: it may name host values)";
            const auto all = files_of(tmp.path() / (name + ".out"));
            // The loader copied into a PVH build is domfw's own program, byte for byte the one built
            // next to the domfw command: host bytes cannot be in it (a short serial may occur in any
            // binary by chance), so it is compared whole instead of searched.
            const auto own = read_bytes(domfw_exe().parent_path() / "domfw-loader.elf");
            const std::string own_loader(own.begin(), own.end());
            for (const auto& n : ids) {
                for (const auto& [file, bytes] : all) {
                    if (file.ends_with("domfw-loader.elf")) {
                        EXPECT_TRUE(bytes == own_loader) << file << " differs from the loader built next to domfw";
                        continue;
                    }
                    EXPECT_EQ(bytes.find(n.bytes), std::string::npos)
                        << sources[i].string() << ": the host's " << n.what << " is in " << file;
                }
                EXPECT_EQ(r.out.find(n.bytes), std::string::npos)
                    << sources[i].string() << ": domfw build printed the host's " << n.what;
            }
            files += static_cast<int>(all.size());
        }
        ++dumps;
        needles += static_cast<int>(ids.size());
    }
    // The search must be able to fail: with smbios_copy_identity = 1 the host's values are there.
    {
        const auto& src = sources.front();
        auto host = hostfw::load_host_firmware(src);
        ASSERT_TRUE(host && host->smbios);
        // HVM: the blob for hvmloader; PVH: the bundle. Both must carry the host's values.
        const auto ids = identity_needles(*host->smbios);
        for (const bool pvh : {false, true}) {
            const std::string name = pvh ? "copypvh" : "copy";
            const Ran r =
                build_guest(tmp.path(), name,
                            config(name, src, "smbios_passthrough = [ \"0-255\" ]\nsmbios_copy_identity = 1", pvh));
            ASSERT_EQ(r.status, 0);
            const auto bin = read_bytes(tmp.path() / (name + ".out") / (pvh ? "bundle.dfwb" : "smbios.bin"));
            const std::string text(bin.begin(), bin.end());
            int found = 0;
            for (const auto& n : ids)
                found += text.find(n.bytes) != std::string::npos ? 1 : 0;
            EXPECT_GT(found, 0) << src.string() << ": smbios_copy_identity = 1 should pass the host's values ("
                                << (pvh ? "PVH bundle" : "HVM smbios.bin") << ")";
        }
    }
    std::printf("privacy (domfw build, HVM and PVH): %d corpus SMBIOS captures, %d identity values/UUID forms, "
                "searched in %d output files\n",
                dumps, needles, files);
    EXPECT_GE(dumps, 30);
}

// `domfw host show --smbios` (text and JSON) on `source`, and on a `domfw host dump` of it read
// back: none of `needles` in what is printed. The dump itself copies the host's raw tables by
// design (it is a capture, not a guest output); what it holds is checked by the caller.
void expect_show_and_dump_redact(const fs::path& source, const std::vector<Needle>& needles, const fs::path& tmp,
                                 const std::string& name) {
    const fs::path dump = tmp / (name + ".dump");
    const Ran d = run(fmt::format("{} host dump -o {} --from {}", quoted(domfw_exe()), quoted(dump), quoted(source)));
    // A capture with a broken structure is dumped all the same, and exits 1 (docs/host-firmware.md).
    ASSERT_TRUE(d.status == 0 || (d.status == 1 && fs::is_directory(dump)))
        << source.string() << ": domfw host dump failed (output withheld)";
    for (const fs::path& from : {source, dump}) {
        for (const char* json : {"", " --json"}) {
            const Ran r =
                run(fmt::format("{} host show --smbios{} --from {}", quoted(domfw_exe()), json, quoted(from)));
            EXPECT_TRUE(r.status == 0 || r.status == 1) << source.string() << ": host show crashed";
            for (const auto& n : needles)
                EXPECT_EQ(r.out.find(n.bytes), std::string::npos)
                    << source.string() << ": domfw host show" << json << (from == dump ? " (of its host dump)" : "")
                    << " printed the host's " << n.what;
        }
    }
    fs::remove_all(dump);
}

TEST(PrivacyShow, NoHostIdentityInHostShowOfEveryCaptureOrItsDump) {
    const auto sources = corpus_smbios_sources();
    if (sources.empty()) GTEST_SKIP() << "shared corpus not present";
    if (!fs::exists(domfw_exe())) GTEST_SKIP() << "the domfw executable is missing";
    TempDir tmp("privacy-show");
    int captures = 0, needles = 0;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        auto host = hostfw::load_host_firmware(sources[i]);
        if (!host || !host->smbios || host->smbios->structures.empty()) continue;
        const auto ids = identity_needles(*host->smbios);
        expect_show_and_dump_redact(sources[i], ids, tmp.path(), fmt::format("s{}", i));
        ++captures;
        needles += static_cast<int>(ids.size());
    }
    std::printf("privacy (domfw host show, text and JSON, and of its host dump): %d corpus SMBIOS captures, %d "
                "identity values/UUID forms\n",
                captures, needles);
    EXPECT_GE(captures, 30);
}

// The crafted captures (make_identity_tables.py): one per way identity has leaked, each with the
// bytes it planted (identity/needles.tsv).
std::map<std::string, std::vector<Needle>> crafted_needles() {
    std::map<std::string, std::vector<Needle>> out;
    std::ifstream f(fs::path(DOMFW_SOURCE_DIR) / "tests/passthrough/identity/needles.tsv");
    for (std::string line; std::getline(f, line);) {
        const auto a = line.find('\t'), b = line.rfind('\t');
        std::string bytes;
        for (std::size_t i = b + 1; i + 1 < line.size(); i += 2)
            bytes += static_cast<char>(std::stoi(line.substr(i, 2), nullptr, 16));
        out[line.substr(0, a)].push_back({line.substr(a + 1, b - a - 1), bytes});
    }
    return out;
}

fs::path crafted(const std::string& file) { return fs::path(DOMFW_SOURCE_DIR) / "tests/passthrough/identity" / file; }

TEST(PrivacyCrafted, EveryLeakClassIsScrubbedByBuildShowAndDump) {
    if (!ready()) GTEST_SKIP() << "the domfw executable or hvmloader (xen-utils-4.17) is missing";
    const auto tables = crafted_needles();
    ASSERT_EQ(tables.size(), 9U) << "identity/needles.tsv: run tests/passthrough/make_identity_tables.py";
    TempDir tmp("crafted");
    for (const auto& [file, needles] : tables) {
        const fs::path src = crafted(file);
        for (const bool pvh : {false, true}) {
            const auto name = fs::path(file).stem().string() + (pvh ? "-pvh" : "-hvm");
            const Ran r = build_guest(tmp.path(), name, config(name, src, "smbios_passthrough = [ \"0-255\" ]", pvh));
            ASSERT_EQ(r.status, 0) << file << ": " << r.out;
            for (const auto& n : needles) {
                for (const auto& [out, bytes] : files_of(tmp.path() / (name + ".out")))
                    EXPECT_EQ(bytes.find(n.bytes), std::string::npos)
                        << file << ": the host's " << n.what << " is in " << out << (pvh ? " (PVH)" : " (HVM)");
                EXPECT_EQ(r.out.find(n.bytes), std::string::npos) << file << ": domfw build printed the " << n.what;
            }
        }
        expect_show_and_dump_redact(src, needles, tmp.path(), fs::path(file).stem().string());
        // The search can fail: the capture and a build that copies identity hold the planted bytes.
        const auto raw = read_bytes(src);
        for (const auto& n : needles)
            EXPECT_NE(std::string(raw.begin(), raw.end()).find(n.bytes), std::string::npos)
                << file << ": the " << n.what << " is not planted (needles.tsv is stale)";
        const Ran c = build_guest(tmp.path(), "copy",
                                  config("copy", src, "smbios_passthrough = [ \"0-255\" ]\nsmbios_copy_identity = 1"));
        ASSERT_EQ(c.status, 0) << file << ": " << c.out;
        const auto bin = read_bytes(tmp.path() / "copy.out" / "smbios.bin");
        const std::string text(bin.begin(), bin.end());
        for (const auto& n : needles)
            EXPECT_NE(text.find(n.bytes), std::string::npos)
                << file << ": smbios_copy_identity = 1 should pass the " << n.what;
    }
}

TEST(PrivacyCrafted, AStructureTheScrubberCannotCleanIsDroppedWithANote) {
    if (!ready()) GTEST_SKIP() << "the domfw executable or hvmloader (xen-utils-4.17) is missing";
    TempDir tmp("crafted-drop");
    const Ran r = build_guest(tmp.path(), "drop",
                              config("drop", crafted("header_overlap.bin"), "smbios_passthrough = [ \"0-255\" ]"));
    ASSERT_EQ(r.status, 0) << r.out;
    const auto notes = read_bytes(tmp.path() / "drop.out" / "passthrough.txt");
    const std::string text(notes.begin(), notes.end());
    EXPECT_NE(text.find("scrubbed: type 65 (handle 0x4443): an identity value overlaps its header; the structure is "
                        "dropped\n"),
              std::string::npos)
        << text;
    // Only type 1 is left (the end-of-table is hvmloader's own).
    const auto bin = read_bytes(tmp.path() / "drop.out" / "smbios.bin");
    ASSERT_GE(bin.size(), 5U);
    EXPECT_EQ(bin[4], 1);
    EXPECT_EQ(bin.size(), 4 + std::size_t{bin[0]});
}

TEST(PrivacyCrafted, PlaceholdersAreNotHunted) {
    if (!ready()) GTEST_SKIP() << "the domfw executable or hvmloader (xen-utils-4.17) is missing";
    TempDir tmp("crafted-placeholder");
    const Ran r =
        build_guest(tmp.path(), "ph", config("ph", crafted("placeholders.bin"), "smbios_passthrough = [ \"11\" ]"));
    ASSERT_EQ(r.status, 0) << r.out;
    const auto bin = read_bytes(tmp.path() / "ph.out" / "smbios.bin");
    const std::string text(bin.begin(), bin.end());
    // The OEM strings pass unchanged although type 1's serial field holds the first of them.
    EXPECT_NE(text.find(std::string("To Be Filled By O.E.M.\0Default string\0\0", 39)), std::string::npos);
}

// The product key of an MSDM (Microsoft "Software Licensing Data" table): data length at 52,
// data from 56.
std::optional<std::string> msdm_key(const std::vector<std::uint8_t>& t) {
    if (t.size() < 56) return std::nullopt;
    const std::size_t n = t[52] | t[53] << 8;
    if (n < 8 || 56 + n > t.size()) return std::nullopt;
    return std::string(t.begin() + 56, t.begin() + 56 + static_cast<long>(n));
}

TEST(PrivacyBuild, NoMsdmKeyInAnyOutput) {
    auto sources = corpus_acpi_sources();
    sources.push_back(fs::path(DOMFW_SOURCE_DIR) / "examples/firmware/laptop-host"); // its fake key
    if (!ready()) GTEST_SKIP() << "the domfw executable or hvmloader (xen-utils-4.17) is missing";
    TempDir tmp("msdm");
    int sets = 0, builds = 0, outputs = 0, msdm_tables = 0;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        auto host = hostfw::load_host_firmware(sources[i]);
        if (!host || !host->acpi) continue;
        std::vector<std::string> keys;
        std::set<std::string> others; // signatures the policy lets through, with good checksums
        std::set<std::string> broken;
        for (const auto& t : host->acpi->tables()) {
            const std::string sig(reinterpret_cast<const char*>(t.signature().data()), 4);
            if (sig == "MSDM") {
                ++msdm_tables;
                if (auto k = msdm_key(t.bytes())) keys.push_back(*k);
                continue;
            }
            unsigned sum = 0;
            for (auto b : t.bytes())
                sum += b;
            if (t.bytes().size() < 36 || (sum & 0xFF) != 0) broken.insert(sig);
            if (sig != "DSDT" && sig != "FACP" && sig != "FACS" && sig != "RSDT" && sig != "XSDT" && sig != "RSDP")
                others.insert(sig);
        }
        for (const auto& b : broken)
            others.erase(b);
        if (keys.empty()) continue;
        ++sets;
        auto list = [](const std::set<std::string>& sigs) {
            std::string s;
            for (const auto& x : sigs)
                s += fmt::format("{}\"{}\"", s.empty() ? "" : ", ", x);
            return s;
        };
        // 1. Everything but the MSDM: the key is nowhere. 2. The MSDM on purpose: only in the
        // blobs that carry it to the guest, never in anything printed or written as text.
        for (int with_msdm : {0, 1}) {
            std::set<std::string> sigs = others;
            if (with_msdm) sigs.insert("MSDM");
            if (sigs.empty()) continue;
            const auto name = fmt::format("m{}_{}", i, with_msdm);
            const Ran r = build_guest(tmp.path(), name,
                                      config(name, sources[i], fmt::format("acpi_passthrough = [ {} ]", list(sigs))));
            ASSERT_EQ(r.status, 0) << sources[i] << ": domfw build failed (output withheld)";
            const fs::path out = tmp.path() / (name + ".out");
            const fs::path cfg = tmp.path() / (name + ".cfg");
            std::vector<std::pair<std::string, std::string>> printed{{"domfw build", r.out}};
            for (const char* args : {"plan", "plan --json"})
                printed.emplace_back(fmt::format("domfw {}", args),
                                     run(fmt::format("{} {} {}", quoted(domfw_exe()), args, quoted(cfg))).out);
            for (const char* f : {"bundle.dfwb", "modules/acpi.dfwm"})
                for (const char* json : {"", " --json"})
                    printed.emplace_back(
                        fmt::format("domfw module inspect {}{}", f, json),
                        run(fmt::format("{} module inspect{} {}", quoted(domfw_exe()), json, quoted(out / f))).out);
            const std::set<std::string> carriers{"acpi.bin", "modules/acpi.dfwm", "bundle.dfwb"};
            for (const auto& key : keys) {
                for (const auto& [file, bytes] : files_of(out)) {
                    const bool found = bytes.find(key) != std::string::npos;
                    // The MSDM's own file for QEMU's -acpitable (`domfw run`) carries it too.
                    const bool qemu_msdm = file.starts_with("qemu/acpi-") && file.ends_with("-MSDM.bin");
                    if (with_msdm && (carriers.contains(file) || qemu_msdm))
                        EXPECT_TRUE(found) << sources[i].string() << ": the passed MSDM is missing from " << file;
                    else
                        EXPECT_FALSE(found) << sources[i].string() << ": an MSDM key is in " << file;
                }
                for (const auto& [what, text] : printed)
                    EXPECT_EQ(text.find(key), std::string::npos)
                        << sources[i].string() << ": " << what << " printed an MSDM key";
            }
            outputs += static_cast<int>(printed.size());
            ++builds;
        }
    }
    std::printf("privacy (MSDM): %d MSDM tables, %d firmware sets with a product key (8+ bytes), %d builds, %d printed "
                "outputs searched\n",
                msdm_tables, sets, builds, outputs);
    EXPECT_GE(sets, 1);
}

} // namespace
