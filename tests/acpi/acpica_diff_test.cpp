// domfw against ACPICA 20200925 on every ACPI set of ../shared/corpus/acpi:
//  - the tables read from acpidump text are byte-identical to what `acpixtract -a` writes;
//  - each table's checksum verdict agrees with `iasl -d` ("Incorrect checksum", exit status 0);
//  - tables written through sysfs_files() disassemble without checksum warnings.
// iasl runs on every table of one representative set and on the tables up to 16 KiB elsewhere
// (the big DSDTs dominate iasl's time and add nothing to the checksum question).
// MSDM tables hold real product keys: nothing of iasl's output or of table bytes is printed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>

#include "acpi/acpidump_text.hpp"
#include "acpi/load.hpp"
#include "acpi/report.hpp"
#include "hostfw/acpi_sources.hpp"
#include "support/files.hpp"
#include "test_paths.hpp"

namespace domfw::acpi {
namespace {
namespace fs = std::filesystem;
using namespace domfw::acpi::testing;

constexpr std::size_t kIaslSmallTable = 16 * 1024;
constexpr std::string_view kRepresentativeSet = "Desktop_Gigabyte_Technology_GA-MA785GM-US2H_75CF50C321BE";

// acpixtract's output file name for each header, in order: lower-case first four characters
// ("RSD PTR" counts as RSDP) plus an instance number when more than one line of the file starts
// with them (AxCountTableInstances counts every non-blank line not starting with a space).
std::vector<std::string> acpixtract_names(const std::string& text, const std::vector<AcpidumpBlock>& blocks) {
    std::map<std::string, unsigned> count;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        pos = nl == std::string::npos ? text.size() : nl + 1;
        if (line.empty() || line[0] == ' ' || line.find_first_not_of(' ') == std::string::npos) continue;
        std::string sig = line.substr(0, 4);
        if (sig == "RSD ") sig = "RSDP";
        ++count[sig];
    }
    std::map<std::string, unsigned> next;
    std::vector<std::string> out;
    for (const auto& b : blocks) {
        std::string sig = b.header.substr(0, 4);
        if (sig == "RSD ") sig = "RSDP";
        std::string name = sig;
        if (count[sig] > 1) name += std::to_string(++next[sig]);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        out.push_back(name + ".dat");
    }
    return out;
}

enum class Verdict { kOk, kBadChecksum, kUnloadable };

const char* to_string(Verdict v) {
    return v == Verdict::kOk ? "ok" : v == Verdict::kBadChecksum ? "bad checksum" : "unloadable";
}

// iasl -d in `dir` on `file`: its words, never its output.
Verdict iasl_verdict(const fs::path& dir, const std::string& file) {
    std::string out = run("cd " + quote(dir) + " && iasl -d " + quote(file));
    if (out.find("Incorrect checksum") != std::string::npos) return Verdict::kBadChecksum;
    if (out.find("is too long for file") != std::string::npos ||
        out.find("does not contain a valid ACPI table") != std::string::npos)
        return Verdict::kUnloadable;
    return Verdict::kOk;
}

Verdict our_verdict(const AcpiTable& t) {
    if (!t.problem().empty()) return Verdict::kUnloadable;
    if (t.checksum_ok() && !*t.checksum_ok()) return Verdict::kBadChecksum;
    return Verdict::kOk; // FACS: no checksum to fail
}

bool want_iasl(const AcpiTable& t, bool representative) {
    if (t.kind() == TableKind::kRsdp) return false; // iasl 20200925 cannot disassemble RSDP files
    return representative || t.bytes().size() <= kIaslSmallTable;
}

class AcpicaDiff : public ::testing::Test {
protected:
    void SetUp() override {
        if (!have_corpus()) GTEST_SKIP() << "no ../shared/corpus/acpi";
        if (!have_tool("acpixtract") || !have_tool("iasl")) GTEST_SKIP() << "acpixtract/iasl missing (acpica-tools)";
    }
};

TEST_F(AcpicaDiff, AcpixtractBytesAndIaslChecksumVerdicts) {
    std::size_t sets = 0, tables = 0, identical = 0, iasl_runs = 0, iasl_agree = 0, bad_seen = 0, broken_seen = 0;
    for (const auto& dump : corpus_dumps()) {
        SCOPED_TRACE(dump.string());
        ++sets;
        auto text = support::read_text_file(dump);
        ASSERT_TRUE(text.has_value());
        auto blocks = parse_acpidump_text(*text, dump.string());
        ASSERT_TRUE(blocks.has_value()) << blocks.error().message;
        auto set = load_acpidump_text(*text, dump.string());
        ASSERT_TRUE(set.has_value());
        ASSERT_EQ(set->size(), blocks->size());

        TempDir tmp;
        int status = 0;
        run("cd " + quote(tmp.path()) + " && acpixtract -a " + quote(dump), &status);
        ASSERT_EQ(status, 0);
        auto names = acpixtract_names(*text, *blocks);
        std::set<std::string> theirs;
        for (const auto& e : fs::directory_iterator(tmp.path()))
            theirs.insert(e.path().filename().string());
        std::set<std::string> ours(names.begin(), names.end());
        ASSERT_EQ(ours.size(), names.size()) << "two headers map to one acpixtract file name";
        EXPECT_EQ(ours, theirs);

        bool representative = dump.parent_path().filename() == kRepresentativeSet;
        for (std::size_t i = 0; i < set->size(); ++i) {
            const AcpiTable& t = set->tables()[i];
            ++tables;
            auto peer = support::read_file(tmp.path() / names[i]);
            ASSERT_TRUE(peer.has_value()) << names[i];
            // Compare without printing bytes (MSDM).
            bool same = *peer == t.bytes();
            EXPECT_TRUE(same) << names[i] << ": bytes differ from acpixtract's (" << peer->size() << " vs "
                              << t.bytes().size() << " bytes)";
            identical += same ? 1 : 0;
            if (our_verdict(t) == Verdict::kBadChecksum) ++bad_seen;
            if (our_verdict(t) == Verdict::kUnloadable) ++broken_seen;
            if (!want_iasl(t, representative)) continue;
            ++iasl_runs;
            Verdict theirs_v = iasl_verdict(tmp.path(), names[i]);
            EXPECT_EQ(to_string(our_verdict(t)), std::string(to_string(theirs_v))) << names[i];
            iasl_agree += our_verdict(t) == theirs_v ? 1 : 0;
        }
    }
    std::printf("acpixtract: %zu sets, %zu tables, %zu byte-identical; iasl: %zu verdicts, %zu agree "
                "(%zu bad checksums, %zu truncated tables among all tables)\n",
                sets, tables, identical, iasl_runs, iasl_agree, bad_seen, broken_seen);
    EXPECT_GT(sets, 0U);
    EXPECT_GE(bad_seen, 1U) << "the corpus's Gigabyte TAMG has a bad checksum";
}

// The fwts binary set: each file loads with the checksum verdict iasl gives.
TEST_F(AcpicaDiff, BinaryTableSetVerdicts) {
    fs::path dir = corpus_acpi() / "fwts" / "Lenovo_ThinkPad_TP-68_binary_tables";
    if (!fs::is_directory(dir)) GTEST_SKIP() << "no binary table set";
    auto set = hostfw::read_acpi(dir);
    ASSERT_TRUE(set.has_value()) << set.error().message;
    EXPECT_EQ(set->size(), 18U);
    TempDir tmp;
    std::size_t agree = 0;
    for (const auto& t : set->tables()) {
        if (t.kind() == TableKind::kRsdp) {
            EXPECT_EQ(t.checksum_ok(), std::optional<bool>(true));
            continue;
        }
        fs::path f = tmp.path() / (fs::path(t.origin().where).filename().string());
        ASSERT_TRUE(support::write_file_atomic(f, t.bytes()).has_value());
        Verdict v = iasl_verdict(tmp.path(), f.filename().string());
        EXPECT_EQ(to_string(our_verdict(t)), std::string(to_string(v))) << f.filename();
        agree += our_verdict(t) == v ? 1 : 0;
    }
    std::printf("binary set: %zu tables, %zu iasl verdicts agree\n", set->size(), agree);
}

// What `host dump` writes (sysfs_files) disassembles without checksum warnings, except where the
// source table's own checksum was already wrong (kept byte for byte).
TEST_F(AcpicaDiff, SysfsFilesDisassembleCleanly) {
    std::size_t files = 0, clean = 0;
    for (const auto& dump : corpus_dumps()) {
        SCOPED_TRACE(dump.string());
        auto set = hostfw::read_acpi(dump);
        ASSERT_TRUE(set.has_value()) << set.error().message;
        bool representative = dump.parent_path().filename() == kRepresentativeSet;
        TempDir tmp;
        auto out = sysfs_files(*set);
        std::map<std::string, const AcpiTable*> by_name;
        for (const auto& [name, bytes] : out) {
            for (const auto& t : set->tables()) {
                if (t.bytes() == bytes) by_name[name] = &t;
            }
        }
        for (const auto& [name, bytes] : out) {
            const AcpiTable* t = by_name[name];
            ASSERT_NE(t, nullptr);
            if (!want_iasl(*t, representative)) continue;
            ++files;
            fs::path f = tmp.path() / (name + ".dat");
            ASSERT_TRUE(support::write_file_atomic(f, bytes).has_value());
            Verdict v = iasl_verdict(tmp.path(), f.filename().string());
            EXPECT_EQ(to_string(v), std::string(to_string(our_verdict(*t)))) << name;
            if (v == Verdict::kOk) ++clean;
        }
    }
    std::printf("sysfs_files: %zu files disassembled, %zu without checksum warnings\n", files, clean);
}

} // namespace
} // namespace domfw::acpi
