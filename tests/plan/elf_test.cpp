#include <gtest/gtest.h>

#include <filesystem>

#include "expected_messages.hpp"
#include "plan/elf_image.hpp"
#include "support/files.hpp"

using namespace domfw;

namespace {

namespace fs = std::filesystem;
const fs::path kDir = fs::path(DOMFW_SOURCE_DIR) / "tests/plan/fixtures";

TEST(ElfImage, EveryMalformedFileFailsWithItsExactMessage) {
    int n = 0;
    for (const auto& [file, expected] : test::expected_messages(kDir / "expected.tsv")) {
        auto bytes = support::read_file(kDir / file);
        ASSERT_TRUE(bytes) << file;
        auto r = plan::read_elf_image(*bytes, "kernel 'FILE'");
        ASSERT_FALSE(r) << file << " was accepted";
        EXPECT_EQ(r.error().message, expected) << file;
        ++n;
    }
    EXPECT_GE(n, 22);
}

TEST(ElfImage, SyntheticPvhKernels) {
    for (const char* f : {"pvh32.elf", "pvh64.elf"}) {
        auto bytes = support::read_file(kDir / f);
        ASSERT_TRUE(bytes);
        auto r = plan::read_elf_image(*bytes, f);
        ASSERT_TRUE(r) << r.error().message;
        ASSERT_TRUE(r->phys32_entry);
        EXPECT_EQ(*r->phys32_entry, 0x100010u);
        ASSERT_EQ(r->segments.size(), 1u);
        EXPECT_EQ(r->load_start(), 0x100000u);
        EXPECT_EQ(r->load_end(), 0x102000u);
    }
    auto bytes = support::read_file(kDir / "nopvh32.elf");
    ASSERT_TRUE(bytes);
    auto r = plan::read_elf_image(*bytes, "x");
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->phys32_entry);
}

// Peer: Debian's xen-shim is a real PVH ELF32; readelf -ln shows LOAD 0x200000 memsz 0x800000
// and the Xen note type 0x12 with 0x6279f2. Compare with readelf's own view when present.
TEST(ElfImage, DebianXenShimAgreesWithReadelf) {
    const fs::path shim = "/usr/lib/xen-4.17/boot/xen-shim";
    if (!fs::exists(shim)) GTEST_SKIP() << "xen-utils-4.17 (xen-shim) is not installed";
    auto bytes = support::read_file(shim);
    ASSERT_TRUE(bytes);
    auto r = plan::read_elf_image(*bytes, "xen-shim");
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->phys32_entry);
    // Ask readelf for the note bytes and the load segment, independently.
    const std::string cmd = "readelf -lnW " + shim.string() + " 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) GTEST_SKIP() << "readelf not runnable";
    std::string out;
    char buf[4096];
    while (std::size_t n = fread(buf, 1, sizeof buf, p))
        out.append(buf, n);
    pclose(p);
    if (out.empty()) GTEST_SKIP() << "readelf printed nothing";
    const auto e = *r->phys32_entry;
    const std::string le =
        fmt::format("{:02x} {:02x} {:02x} {:02x}", e & 0xFF, (e >> 8) & 0xFF, (e >> 16) & 0xFF, (e >> 24) & 0xFF);
    EXPECT_NE(out.find(le), std::string::npos) << "readelf does not show entry bytes " << le;
    EXPECT_NE(out.find(fmt::format("{:#010x}", r->load_start())), std::string::npos);
}

} // namespace
