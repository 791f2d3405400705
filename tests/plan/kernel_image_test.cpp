// A bzImage as the PVH kernel (src/plan/kernel_image.cpp): the vmlinux ELF inside, extracted
// from each payload format; one malformed fixture per error path (make_bzimage_fixtures.py, an
// independent Python writer), each with its exact message; the bomb cap; and Debian's real
// /boot/vmlinuz-* against an extract-vmlinux-style extraction by the command-line decompressor.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "domain/load.hpp"
#include "expected_messages.hpp"
#include "plan/boot_image_check.hpp"
#include "plan/elf_image.hpp"
#include "plan/from_domain.hpp"
#include "plan/kernel_image.hpp"
#include "support/files.hpp"

using namespace domfw;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(DOMFW_SOURCE_DIR) / "tests/plan/fixtures/bzimage";
const fs::path kElf = fs::path(DOMFW_SOURCE_DIR) / "examples/firmware/pvh-kernel-16m.elf";

std::vector<std::uint8_t> bytes_of(const fs::path& p) {
    auto b = support::read_file(p);
    EXPECT_TRUE(b) << p;
    return b ? *b : std::vector<std::uint8_t>{};
}

TEST(KernelImage, EveryPayloadFormatGivesBackTheElf) {
    const auto elf = bytes_of(kElf);
    for (const char* name : {"bz_gzip.bin", "bz_xz.bin", "bz_zstd.bin", "bz_lz4.bin"}) {
        const auto file = bytes_of(kDir / name);
        ASSERT_TRUE(plan::looks_like_bzimage(file)) << name;
        auto out = plan::kernel_elf(file, name);
        ASSERT_TRUE(out) << name << ": " << out.error().message;
        EXPECT_EQ(*out, elf) << name;
    }
    // An ELF is passed through untouched.
    auto same = plan::kernel_elf(elf, "elf");
    ASSERT_TRUE(same);
    EXPECT_EQ(*same, elf);
}

TEST(KernelImage, EveryMalformedFileFailsWithItsExactMessage) {
    int n = 0;
    for (const auto& [file, expected] : test::expected_messages(kDir / "expected.tsv")) {
        auto r = plan::kernel_elf(bytes_of(kDir / file), "kernel '" + file + "'");
        ASSERT_FALSE(r) << file << " was accepted";
        EXPECT_EQ(r.error().message, expected) << file;
        ++n;
    }
    EXPECT_EQ(n, 12);
}

TEST(KernelImage, DecompressionStopsAtTheCap) {
    const auto file = bytes_of(kDir / "bz_xz_bomb.bin");
    auto h = plan::read_bzimage_header(file, "bomb");
    ASSERT_TRUE(h) << h.error().message;
    EXPECT_EQ(h->compression, plan::KernelCompression::xz);
    auto capped = plan::decompress_payload(file, *h, "kernel 'bz_xz_bomb.bin'", 0x100000);
    ASSERT_FALSE(capped);
    EXPECT_EQ(capped.error().message, "kernel 'bz_xz_bomb.bin': the xz payload decompresses to more than 0x100000 "
                                      "bytes, the limit for a kernel decompressed from a bzImage");
    auto whole = plan::decompress_payload(file, *h, "bomb", 0x400000);
    ASSERT_TRUE(whole) << whole.error().message;
    EXPECT_EQ(whole->size(), std::size_t{2} << 20);
}

// `domfw check`/`plan` on a config whose kernel is a bzImage: planned from the ELF inside.
TEST(KernelImage, APvhConfigMayNameABzImage) {
    const fs::path dir = fs::temp_directory_path() / ("domfw-bz-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "g.cfg") << "name = \"g\"\ntype = \"pvh\"\nmemory = 64\nkernel = \""
                                 << (kDir / "bz_zstd.bin").string() << "\"\n";
    domain::LoadOptions lo;
    lo.extension_keys = plan::build_extension_keys();
    auto load = domain::load(dir / "g.cfg", lo);
    plan::check_boot_image(load, load.diagnostics);
    EXPECT_TRUE(load.ok()) << load.diagnostics.render_all(load.source);
    auto in = plan::plan_input_from_domain(load.config);
    ASSERT_TRUE(in) << in.error().message;
    EXPECT_EQ(in->image_bytes, bytes_of(kDir / "bz_zstd.bin")) << "the launch log measures the file xl loads";
    auto p = plan::make_plan(in->input);
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->entry, 0x1000000u);
    // A bzImage whose vmlinux has no PVH note is reported where the key is written.
    std::ofstream(dir / "h.cfg") << "name = \"h\"\ntype = \"pvh\"\nmemory = 64\nkernel = \""
                                 << (kDir / "bz_no_pvh.bin").string() << "\"\n";
    auto bad = domain::load(dir / "h.cfg", lo);
    plan::check_boot_image(bad, bad.diagnostics);
    EXPECT_FALSE(bad.ok());
    EXPECT_NE(
        bad.diagnostics.render_all(bad.source).find("(the vmlinux in its xz payload): no XEN_ELFNOTE_PHYS32_ENTRY"),
        std::string::npos)
        << bad.diagnostics.render_all(bad.source);
    fs::remove_all(dir);
}

// Debian's kernel: what domfw extracts equals what the command-line decompressor gives from
// the first payload magic in the file (scripts/extract-vmlinux's method, no header parsing).
TEST(KernelImage, DebiansVmlinuzMatchesExtractVmlinux) {
    fs::path vmlinuz;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/boot", ec))
        if (e.path().filename().string().starts_with("vmlinuz-")) vmlinuz = e.path();
    if (vmlinuz.empty()) GTEST_SKIP() << "no /boot/vmlinuz-*";
    const auto file = bytes_of(vmlinuz);
    auto ours = plan::kernel_elf(file, vmlinuz.string());
    ASSERT_TRUE(ours) << ours.error().message;
    auto img = plan::read_elf_image(*ours, "vmlinux");
    ASSERT_TRUE(img);
    EXPECT_TRUE(img->phys32_entry);

    struct Tool {
        std::string magic;
        const char* cmd;
    };
    const Tool tools[] = {{std::string("\xFD"
                                       "7zXZ\0",
                                       6),
                           "xz -dc --single-stream"},
                          {std::string("\x1F\x8B\x08", 3), "gzip -dc"},
                          {std::string("\x28\xB5\x2F\xFD", 4), "zstd -dc"},
                          {std::string("\x02\x21\x4C\x18", 4), "lz4 -dc"}};
    const std::string text(file.begin(), file.end());
    std::size_t best = std::string::npos;
    const Tool* tool = nullptr;
    for (const auto& t : tools) {
        const auto at = text.find(t.magic);
        if (at < best) {
            best = at;
            tool = &t;
        }
    }
    ASSERT_NE(tool, nullptr);
    const fs::path out = fs::temp_directory_path() / ("domfw-vmlinux-" + std::to_string(::getpid()));
    const std::string cmd = "tail -c +" + std::to_string(best + 1) + " '" + vmlinuz.string() + "' | " + tool->cmd +
                            " > '" + out.string() + "' 2>/dev/null";
    (void)std::system(cmd.c_str()); // gzip and lz4 complain about the kernel's trailing size bytes
    const auto theirs = bytes_of(out);
    fs::remove(out);
    ASSERT_FALSE(theirs.empty()) << cmd;
    EXPECT_EQ(ours->size(), theirs.size());
    EXPECT_TRUE(*ours == theirs) << "the extracted vmlinux differs from " << tool->cmd << "'s";
}

} // namespace
