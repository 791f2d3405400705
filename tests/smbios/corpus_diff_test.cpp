// domfw against dmidecode 3.4 on every SMBIOS source in ../shared/corpus/smbios (label diff):
//  - the same structures (count, handles, types, lengths) as the dmidecode text next to each
//    source, and the same values for every field domfw decodes in types 0, 1, 2, 3 and 11;
//  - where the source is a dump, the real `dmidecode --from-dump` prints that same text;
//  - a capture written by write_host_dump decodes with `dmidecode --from-dump` to that same text.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "hostfw/host_firmware.hpp"
#include "hostfw/smbios_sources.hpp"
#include "smbios/decode.hpp"
#include "smbios/report.hpp"
#include "support/files.hpp"

#include "dmidecode_text.hpp"

using namespace domfw;
namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = fs::path(DOMFW_SHARED_DIR) / "corpus/smbios";

struct Source {
    fs::path path;     // file or pair directory
    fs::path expected; // dmidecode text
};

std::vector<Source> sources() {
    std::vector<Source> out;
    for (const auto& de : fs::recursive_directory_iterator(kCorpus)) {
        if (de.is_directory() && fs::exists(de.path() / "dmidecode.txt"))
            out.push_back({de.path(), de.path() / "dmidecode.txt"});
        if (de.is_regular_file() && de.path().extension() != ".txt" &&
            !fs::exists(de.path().parent_path() / "dmidecode.txt"))
            out.push_back({de.path(), fs::path(de.path().string() + ".dmidecode.txt")});
    }
    std::sort(out.begin(), out.end(), [](const Source& a, const Source& b) { return a.path < b.path; });
    return out;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The corpus convention: stdout, then "\n# stderr:\n" and stderr when there is any. Comparison
// drops '#' lines and the "Reading ... from file NAME." line (the name differs).
std::string normalize(const std::string& text) {
    std::istringstream in(text);
    std::string line, out;
    while (std::getline(in, line)) {
        if (line.starts_with("#") || line.starts_with("Reading SMBIOS/DMI data from file")) continue;
        out += line + "\n";
    }
    while (out.ends_with("\n\n"))
        out.pop_back();
    return out;
}

std::string run_dmidecode(const fs::path& dump) {
    const fs::path out = fs::temp_directory_path() / ("domfw-dmi-out-" + std::to_string(::getpid()));
    const fs::path err = fs::temp_directory_path() / ("domfw-dmi-err-" + std::to_string(::getpid()));
    const std::string cmd =
        "dmidecode --from-dump '" + dump.string() + "' >'" + out.string() + "' 2>'" + err.string() + "'";
    if (std::system(cmd.c_str()) != 0) ADD_FAILURE() << cmd;
    std::string text = slurp(out);
    const std::string e = slurp(err);
    if (!e.empty()) text += "\n# stderr:\n" + e;
    fs::remove(out);
    fs::remove(err);
    return text;
}

using test::DmiStructure;
using test::parse_dmidecode;

bool have_dmidecode() { return std::system("dmidecode --version >/dev/null 2>&1") == 0; }

} // namespace

TEST(SmbiosVsDmidecode, StructuresAndFieldsMatchTheCorpusText) {
    if (!fs::exists(kCorpus)) GTEST_SKIP() << "no corpus at " << kCorpus;
    std::size_t sources_ok = 0, structures = 0, fields = 0;
    const auto all = sources();
    ASSERT_GE(all.size(), 37U);
    for (const Source& src : all) {
        SCOPED_TRACE(src.path.string());
        ASSERT_TRUE(fs::exists(src.expected));
        auto t = hostfw::read_smbios(src.path);
        ASSERT_TRUE(t) << t.error().message;
        const auto want = parse_dmidecode(slurp(src.expected));
        ASSERT_EQ(t->structures.size(), want.size());
        bool all_same = true;
        for (std::size_t i = 0; i < want.size(); ++i) {
            const auto& s = t->structures[i];
            EXPECT_EQ(s.handle, want[i].handle) << "structure " << i;
            EXPECT_EQ(s.type, want[i].type) << "structure " << i;
            EXPECT_EQ(s.length(), want[i].length) << "structure " << i;
            if (s.type > 3 && s.type != 11) continue;
            for (const auto& f : smbios::decode(s, t->version).fields) {
                auto it = want[i].fields.find(std::string(f.label));
                if (it == want[i].fields.end()) {
                    ADD_FAILURE() << "handle " << s.handle << ": dmidecode has no '" << f.label << "'";
                    all_same = false;
                    continue;
                }
                // Values are compared, never printed on success: they include serial numbers.
                if (it->second != f.text) {
                    ADD_FAILURE() << "handle " << s.handle << " type " << int{s.type} << ": '" << f.label
                                  << "' differs";
                    all_same = false;
                }
                ++fields;
            }
            ++structures;
        }
        if (all_same) ++sources_ok;
    }
    std::cout << "dmidecode agreement: " << sources_ok << "/" << all.size() << " sources, " << fields
              << " decoded fields in " << structures << " type 0/1/2/3/11 structures\n";
    EXPECT_EQ(sources_ok, all.size());
}

TEST(SmbiosVsDmidecode, RealDmidecodeOnTheDumpsPrintsTheCorpusText) {
    if (!fs::exists(kCorpus)) GTEST_SKIP() << "no corpus at " << kCorpus;
    if (!have_dmidecode()) GTEST_SKIP() << "dmidecode is not installed (apt-get install dmidecode)";
    std::size_t dumps = 0, same = 0, physical = 0;
    for (const Source& src : sources()) {
        if (fs::is_directory(src.path)) continue;
        auto bytes = support::read_file(src.path);
        ASSERT_TRUE(bytes);
        core::smbios::EntryKind kind{};
        if (!core::smbios::has_anchor(*bytes, kind)) continue;
        SCOPED_TRACE(src.path.string());
        ++dumps;
        auto t = hostfw::read_smbios(src.path);
        ASSERT_TRUE(t);
        const bool keeps_physical = std::any_of(t->notes.begin(), t->notes.end(), [](const std::string& n) {
            return n.find("physical table address") != std::string::npos;
        });
        const std::string real = normalize(run_dmidecode(src.path));
        if (keeps_physical) {
            // dmidecode reads the table at the physical address and fails; domfw falls back to 0x20.
            EXPECT_NE(real, normalize(slurp(src.expected)));
            ++physical;
            continue;
        }
        EXPECT_EQ(real, normalize(slurp(src.expected)));
        if (real == normalize(slurp(src.expected))) ++same;
    }
    std::cout << "real dmidecode --from-dump: " << same << "/" << dumps - physical << " dumps print the corpus text; "
              << physical
              << " dumps keep the physical address (dmidecode cannot read them, domfw falls back to 0x20)\n";
    EXPECT_GE(dumps, 20U);
}

TEST(SmbiosVsDmidecode, HostDumpDecodesLikeTheOriginal) {
    if (!fs::exists(kCorpus)) GTEST_SKIP() << "no corpus at " << kCorpus;
    if (!have_dmidecode()) GTEST_SKIP() << "dmidecode is not installed (apt-get install dmidecode)";
    const fs::path dir = fs::temp_directory_path() / ("domfw-hostdump-" + std::to_string(::getpid()));
    std::size_t same = 0, total = 0;
    for (const Source& src : sources()) {
        SCOPED_TRACE(src.path.string());
        auto fw = hostfw::load_host_firmware(src.path);
        ASSERT_TRUE(fw) << fw.error().message;
        ASSERT_TRUE(fw->smbios);
        auto w = hostfw::write_host_dump(*fw, dir);
        ASSERT_TRUE(w) << w.error().message;
        ++total;
        const std::string got = normalize(run_dmidecode(dir / hostfw::kDumpBinName));
        EXPECT_EQ(got, normalize(slurp(src.expected)));
        if (got == normalize(slurp(src.expected))) ++same;
        // The sysfs pair written next to it reads back to the same table.
        auto back = hostfw::read_smbios(dir);
        ASSERT_TRUE(back) << back.error().message;
        EXPECT_EQ(back->table_bytes, fw->smbios->table_bytes);
        EXPECT_EQ(back->structures.size(), fw->smbios->structures.size());
    }
    fs::remove_all(dir);
    std::cout << "host dump -> dmidecode --from-dump: " << same << "/" << total
              << " identical to the original's text\n";
}

// The streamed JSON of `host show --json` is byte for byte the nlohmann document's dump.
TEST(SmbiosVsDmidecode, StreamedJsonEqualsTheJsonDocument) {
    if (!fs::exists(kCorpus)) GTEST_SKIP() << "no corpus at " << kCorpus;
    for (const Source& src : sources()) {
        SCOPED_TRACE(src.path.string());
        auto t = hostfw::read_smbios(src.path);
        ASSERT_TRUE(t);
        for (bool secrets : {false, true}) {
            std::string streamed;
            smbios::write_json(*t, {secrets}, streamed, 0);
            EXPECT_EQ(streamed,
                      smbios::to_json(*t, {secrets}).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
        }
    }
}

// The command itself, end to end, on one dump: exit status and the redaction default.
TEST(SmbiosVsDmidecode, HostShowCommandRedactsByDefault) {
    const fs::path dump = kCorpus / "jcreekmore-dmidecode/dmidecode.bin";
    if (!fs::exists(dump)) GTEST_SKIP() << "no corpus at " << kCorpus;
    const fs::path out = fs::temp_directory_path() / ("domfw-show-" + std::to_string(::getpid()));
    const std::string cmd =
        std::string(DOMFW_CLI) + " host show --smbios --json --from '" + dump.string() + "' >'" + out.string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const std::string json = slurp(out);
    EXPECT_NE(json.find("\"uuid\": \"[redacted]\""), std::string::npos);
    EXPECT_NE(json.find("\"serial_number\": \"[redacted]\""), std::string::npos);
    EXPECT_NE(json.find("\"vendor\": \"LENOVO\""), std::string::npos);
    // The real serial number (read through the library) appears nowhere; it is never printed.
    auto t = hostfw::read_smbios(dump);
    ASSERT_TRUE(t);
    auto sys = std::find_if(t->structures.begin(), t->structures.end(), [](const auto& s) { return s.type == 1; });
    ASSERT_NE(sys, t->structures.end());
    const std::string* serial = sys->string(*sys->byte(0x07));
    ASSERT_NE(serial, nullptr);
    EXPECT_EQ(json.find(*serial), std::string::npos) << "the type 1 serial number leaked";
    fs::remove(out);
}
