// The CLI on inputs that are not what they should be: devices, huge sparse files, links inside a
// capture, broken tables, files whose content must not be printed. Every case: the exit status
// and the exact message. And the memory of `host show --json` on a large table: the output is
// streamed, so the child's max RSS grows far less than the output it writes.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "run.hpp"
#include "support/files.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace domfw;
namespace test = domfw::test;

namespace {

const fs::path kSource = DOMFW_SOURCE_DIR;

class Inputs : public ::testing::Test {
protected:
    // Runs `domfw ARGS` (exec'd by the shell, so wait4's usage is domfw's own).
    static test::Ran domfw(const std::string& args) {
        test::RunOptions o;
        o.merge_stderr = false;
        // Leak checks off; a small ASan quarantine so freed memory is not counted as held.
        o.env = {{"ASAN_OPTIONS", "detect_leaks=0:quarantine_size_mb=1"}};
        return test::run("exec " + test::domfw_command(args), o);
    }

    void put(const fs::path& p, std::string_view bytes) {
        fs::create_directories(p.parent_path());
        ASSERT_TRUE(support::write_file_atomic(p, bytes).has_value());
    }

    // A capture: the example laptop's SMBIOS and ACPI tables.
    fs::path capture() {
        const fs::path cap = dir_ / "cap";
        fs::copy(kSource / "examples/firmware/laptop-host", cap, fs::copy_options::recursive);
        return cap;
    }

    test::TempDir tmp_;
    const fs::path dir_ = tmp_.path();
};

// A file no one may see: its content must not appear in any output or message.
constexpr std::string_view kSecret = "root:$y$j9T$SECRETHASH:19000:0:99999:7:::\n";

bool tree_contains(const fs::path& dir, std::string_view needle) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        auto text = support::read_text_file(e.path());
        if (text && text->find(needle) != std::string::npos) return true;
    }
    return false;
}

TEST_F(Inputs, ModuleInspectRefusesDevicesAndHugeFiles) {
    auto z = domfw("module inspect /dev/zero");
    EXPECT_EQ(z.status, 1);
    EXPECT_EQ(z.err, "domfw: /dev/zero: not a regular file (a character device): a module or bundle is read from a "
                     "regular file\n");
    const fs::path sparse = dir_ / "sparse.bin";
    put(sparse, "");
    fs::resize_file(sparse, std::uintmax_t{8} << 30);
    auto s = domfw("module inspect " + test::quoted(sparse));
    EXPECT_EQ(s.status, 1);
    EXPECT_EQ(s.err, fmt::format("domfw: {}: 0x200000000 bytes, above the limit of 0x80000000 bytes (2048 MiB) for a "
                                 "module or bundle\n",
                                 sparse.string()));
    auto h = domfw("host show --from " + test::quoted(sparse));
    EXPECT_EQ(h.status, 1);
    EXPECT_EQ(h.err, fmt::format("domfw host show: {}: 0x200000000 bytes, above the limit of 0x4000000 bytes (64 MiB) "
                                 "for a firmware capture file\n",
                                 sparse.string()));
    auto c = domfw("check /dev/zero");
    EXPECT_EQ(c.status, 1);
    EXPECT_EQ(c.err, "/dev/zero: error: cannot read the config: /dev/zero: not a regular file (a character device): an "
                     "xl.cfg is read from a regular file\n");
}

// A config naming a device: refused where the config is checked, before anything reads it.
TEST_F(Inputs, ConfigNamingADevice) {
    put(dir_ / "g.cfg", "name = \"g\"\ntype = \"pvh\"\nkernel = \"/dev/zero\"\n");
    auto r = domfw("check " + test::quoted(dir_ / "g.cfg"));
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out + r.err, fmt::format("{}:3:10: error: kernel = \"/dev/zero\": not a regular file (resolved to "
                                         "\"/dev/zero\")\n    kernel = \"/dev/zero\"\n             ^~~~~~~~~~~\n",
                                         (dir_ / "g.cfg").string()));
}

TEST_F(Inputs, MessagesDoNotPrintTheBytesOfTheWrongFile) {
    const fs::path secret = dir_ / "shadow";
    put(secret, kSecret);
    auto m = domfw("module inspect " + test::quoted(secret));
    EXPECT_EQ(m.status, 1);
    EXPECT_EQ(m.err,
              fmt::format("domfw: {}: module: no \"DFWM\" signature at offset 0x0: not a module\n", secret.string()));
    auto h = domfw("host show --smbios --from " + test::quoted(secret));
    EXPECT_EQ(h.status, 1);
    EXPECT_EQ(h.err, fmt::format("domfw host show: {}: not SMBIOS: expected a dmidecode --dump-bin file (starting "
                                 "with _SM_, _SM3_ or _DMI_), a Windows RSMB blob, or a raw structure table whose "
                                 "first structure is whole; found none of them in 0x2a bytes\n",
                                 secret.string()));
    const fs::path binary = dir_ / "binary";
    put(binary, std::string_view("\x7f"
                                 "ELF\x02\x01\x01\x00secret",
                                 15));
    auto a = domfw("host show --acpi --from " + test::quoted(binary));
    EXPECT_EQ(a.status, 1);
    EXPECT_EQ(a.err, fmt::format("domfw host show: {}: not an ACPI source: expected a binary table (4-character "
                                 "signature such as 'DSDT', then its length), an RSDP ('RSD PTR '), acpidump text, or "
                                 "a directory of tables; found none of them in 0xf bytes\n",
                                 binary.string()));
    for (const test::Ran* r : {&m, &h, &a})
        EXPECT_EQ(r->err.find("SECRET"), std::string::npos) << r->err;
}

// `--acpi` reads and reports ACPI only: no SMBIOS diagnostics in its message.
TEST_F(Inputs, AcpiOnlyDoesNotReportSmbios) {
    const fs::path cap = dir_ / "acpi-only";
    fs::create_directories(cap / "acpi/tables");
    auto r = domfw("host show --acpi --from " + test::quoted(cap));
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, fmt::format("domfw host show: {}/acpi/tables: no ACPI table files (expected files named like "
                                 "/sys/firmware/acpi/tables: DSDT, FACP, SSDT1, ...; or *.dat, *.aml, *.bin)\n",
                                 cap.string()));
    auto good = domfw("host show --acpi --from " + test::quoted(capture()));
    EXPECT_EQ(good.status, 0) << good.err;
    EXPECT_EQ(good.err, "");
    EXPECT_EQ(good.out.find("SMBIOS"), std::string::npos);
}

// One rule: anything broken in what was asked for exits 1.
TEST_F(Inputs, BrokenTablesExit1) {
    auto s =
        domfw("host show --smbios --from " + test::quoted(kSource / "tests/smbios/malformed/table21_truncated.bin"));
    EXPECT_EQ(s.status, 1);
    EXPECT_EQ(s.err, "domfw host show: SMBIOS table is truncated: 0x14 bytes held, the entry point announces 0x24\n");
    EXPECT_NE(s.out.find("2 structures"), std::string::npos) << s.out; // still shown, like dmidecode

    const fs::path cap = capture();
    fs::copy_file(kSource / "tests/acpi/malformed/table_length_past_end.dat", cap / "acpi/tables/SSDT2");
    auto a = domfw("host show --acpi --from " + test::quoted(cap));
    EXPECT_EQ(a.status, 1);
    EXPECT_EQ(a.err, fmt::format("domfw host show: {}/acpi/tables/SSDT2: length 0x40 exceeds the 0x24 bytes held\n",
                                 cap.string()));
    // --smbios did not ask for ACPI.
    EXPECT_EQ(domfw("host show --smbios --from " + test::quoted(cap)).status, 0);
}

TEST_F(Inputs, HostDumpCopiesNoLinkAndNoBrokenTable) {
    const fs::path cap = capture();
    const fs::path secret = dir_ / "shadow";
    put(secret, kSecret);
    fs::create_symlink(secret, cap / "acpi/tables/SSDT2");
    const fs::path out = dir_ / "out";
    auto d = domfw(fmt::format("host dump --from {} -o {}", test::quoted(cap), test::quoted(out)));
    EXPECT_EQ(d.status, 1);
    EXPECT_EQ(d.err, fmt::format("domfw host dump: not copied: {}/acpi/tables/SSDT2: is a symbolic link: a firmware "
                                 "capture file is read from a regular file, links are not followed\n",
                                 cap.string()));
    ASSERT_TRUE(fs::exists(out / "dmi/tables/DMI"));
    EXPECT_FALSE(tree_contains(out, "SECRETHASH"));
    auto show = domfw("host show --from " + test::quoted(cap));
    EXPECT_EQ(show.status, 1);
    EXPECT_EQ(show.out.find("SECRETHASH"), std::string::npos);
    EXPECT_EQ(show.err.find("SECRETHASH"), std::string::npos);

    // A table whose header does not hold is left out; the others are copied.
    fs::remove(cap / "acpi/tables/SSDT2");
    put(cap / "acpi/tables/SSDT2", std::string_view("SSDT\xff\x00\x00\x00"
                                                    "abc",
                                                    11));
    auto b = domfw(fmt::format("host dump --from {} -o {}", test::quoted(cap), test::quoted(out)));
    EXPECT_EQ(b.status, 1);
    EXPECT_EQ(b.err, fmt::format("domfw host dump: not copied: {}/acpi/tables/SSDT2: holds 0xb bytes, fewer than the "
                                 "36-byte table header\n",
                                 cap.string()));
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(out / "acpi/tables"))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"MSDM", "SLIC", "SSDT"}));
}

// An SMBIOS 3.2 dump of `count` type 17 (memory device) structures without strings: about 1 KiB
// of JSON per 90 bytes of table, so output held whole would dominate the child's memory.
std::string memory_devices_dump(std::size_t count) {
    std::string table;
    for (std::size_t i = 0; i < count; ++i) {
        std::string s(0x54, '\0');
        s[0] = 17;
        s[1] = 0x54;
        s[2] = static_cast<char>(i & 0xFF);
        s[3] = static_cast<char>((i >> 8) & 0xFF);
        for (std::size_t o = 4; o < 0x54; ++o)
            if (o < 0x10 || o > 0x1A) s[o] = static_cast<char>((o * 7 + i) & 0x7F);
        table += s;
        table += std::string(2, '\0');
    }
    table += std::string("\x7f\x04\xff\xff\0\0", 6);
    std::string ep(0x20, '\0');
    ep.replace(0, 5, "_SM3_");
    ep[6] = 0x18;
    ep[7] = 3;
    ep[8] = 2;
    ep[10] = 1;
    const auto len = static_cast<std::uint32_t>(table.size());
    for (int b = 0; b < 4; ++b)
        ep[static_cast<std::size_t>(0x0C + b)] = static_cast<char>((len >> (8 * b)) & 0xFF);
    ep[0x10] = 0x20;
    unsigned sum = 0;
    for (std::size_t i = 0; i < 0x18; ++i)
        sum += static_cast<unsigned char>(ep[i]);
    ep[5] = static_cast<char>((0x100 - (sum & 0xFF)) & 0xFF);
    return ep + table;
}

TEST_F(Inputs, HostShowJsonIsStreamed) {
    put(dir_ / "small.bin", memory_devices_dump(10));
    put(dir_ / "large.bin", memory_devices_dump(20000));
    auto small = domfw("host show --smbios --json --from " + test::quoted(dir_ / "small.bin"));
    ASSERT_EQ(small.status, 0) << small.err;
    auto large = domfw("host show --smbios --json --from " + test::quoted(dir_ / "large.bin"));
    ASSERT_EQ(large.status, 0) << large.err;
    ASSERT_NE(large.out.find("\"structures\""), std::string::npos);
    const auto out_kb = static_cast<long>(large.out.size() / 1024);
    const long growth_kb = large.max_rss_kb - small.max_rss_kb;
    // Held whole, the JSON alone (about 21 MB) would be more than the growth; streamed, the
    // growth is the table and its model (about 7 MB under ASan).
    EXPECT_GT(out_kb, 16 * 1024);
    EXPECT_LT(growth_kb, out_kb / 2) << "max RSS " << small.max_rss_kb << " KiB -> " << large.max_rss_kb << " KiB for "
                                     << out_kb << " KiB of JSON";
    std::printf("host show --json: %ld KiB of JSON, max RSS %ld KiB (small input: %ld KiB)\n", out_kb, large.max_rss_kb,
                small.max_rss_kb);
}

} // namespace
