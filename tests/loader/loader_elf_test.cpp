// domfw-loader.elf as built: a 32-bit PVH ELF that Xen and QEMU can enter (its PHYS32_ENTRY note
// names its entry), loaded in one piece at 1 MiB, read with the loader's ELF reader (core's one).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "expected_messages.hpp"
#include "loader/lib/acpi.hpp"
#include "loader/lib/guest_layout.hpp"
#include "loader/lib/loader.hpp"
#include "loader/lib/smbios.hpp"
#include "plan/layout.hpp"
#include "support/error.hpp"

using namespace domfw::loader;

TEST(LoaderElf, IsA32BitPvhImageAtOneMiB) {
    std::ifstream in(DOMFW_BINARY_DIR "/src/cli/domfw-loader.elf", std::ios::binary);
    ASSERT_TRUE(in) << "domfw-loader.elf was not built";
    const std::vector<std::uint8_t> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    domfw::core::ElfImage k;
    const LoaderError e = read_kernel(file, k);
    ASSERT_FALSE(e) << static_cast<int>(e.fault);
    EXPECT_FALSE(k.is64);
    EXPECT_EQ(k.pvh_note_size, 4u);
    EXPECT_EQ(k.pvh_entry, kLoaderBase); // _start, first in .text
    ASSERT_EQ(k.segment_count, 1u);
    EXPECT_EQ(k.segments[0].paddr, kLoaderBase);
    // .bss (with the stack and the hand-off area) is not in the file.
    EXPECT_GT(k.segments[0].memsz, k.segments[0].filesz + kLoaderStack + kHandoffSize);
    EXPECT_EQ(file[18], 3); // EM_386
}

// `domfw plan` predicts the merged SMBIOS table, the new RSDP and the start_info handed on from
// the image's end (plan/layout.hpp): the section holding the three areas must be the image's
// last 264 KiB.
TEST(LoaderElf, SmbiosAcpiAndHandoffAreasEndTheImageAsThePlanAssumes) {
    static_assert(domfw::plan::layout::kLoaderSmbiosArea == kSmbiosAreaSize);
    static_assert(domfw::plan::layout::kLoaderAcpiArea == kAcpiAreaSize);
    static_assert(domfw::plan::layout::kLoaderHandoffArea == kHandoffSize);
    std::ifstream in(DOMFW_BINARY_DIR "/src/cli/domfw-loader.elf", std::ios::binary);
    ASSERT_TRUE(in) << "domfw-loader.elf was not built";
    const std::vector<std::uint8_t> f((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto le = [&](std::size_t at, unsigned n) {
        std::uint32_t v = 0;
        for (unsigned i = 0; i < n; ++i)
            v |= std::uint32_t{f.at(at + i)} << (8 * i);
        return v;
    };
    domfw::core::ElfImage k;
    ASSERT_FALSE(read_kernel(f, k));
    const std::uint64_t image_end = (k.segments[0].paddr + k.segments[0].memsz + 0xFFF) & ~std::uint64_t{0xFFF};
    const std::uint32_t shoff = le(0x20, 4), shentsize = le(0x2E, 2), shnum = le(0x30, 2), shstrndx = le(0x32, 2);
    const std::uint32_t strtab = le(shoff + shstrndx * shentsize + 0x10, 4);
    bool found = false;
    for (std::uint32_t i = 0; i < shnum; ++i) {
        const std::uint32_t sh = shoff + i * shentsize;
        const char* name = reinterpret_cast<const char*>(&f.at(strtab + le(sh, 4)));
        if (std::string(name) != ".domfw.areas") continue;
        found = true;
        EXPECT_EQ(le(sh + 0x14, 4), kSmbiosAreaSize + kAcpiAreaSize + kHandoffSize);
        EXPECT_EQ(le(sh + 0x0C, 4) + le(sh + 0x14, 4), image_end);
    }
    EXPECT_TRUE(found) << "no .domfw.areas section";
}

namespace {

void append(void* ctx, char c) { static_cast<std::string*>(ctx)->push_back(c); }

std::string loader_words(const domfw::core::Error& e) {
    std::string out;
    Console con(append, &out);
    render(con, e);
    return out;
}

// The loader adds a hint the host does not need: the host unpacks bzImages itself.
constexpr const char* kBzImageHint = "; a bzImage must be unpacked by `domfw build`";

std::string without_hint(std::string s) {
    if (const auto at = s.find(kBzImageHint); at != std::string::npos) s.erase(at, std::string(kBzImageHint).size());
    return s;
}

} // namespace

// One reader, one wording table, two sinks (the console, a std::string): every ElfFault reads the
// same on the loader's console as in `domfw plan`, and none falls back to its number.
TEST(LoaderElf, EveryFaultReadsAsThePlannerWordsIt) {
    using F = domfw::core::ElfFault;
    for (unsigned c = 0; c <= static_cast<unsigned>(F::pvh_entry_above_4g); ++c) {
        const auto f = static_cast<F>(c);
        const domfw::core::Error e = domfw::core::fault(f, 0x1234, 0x56, 0x78, (std::uint64_t{3} << 32) | 5);
        const std::string host = domfw::describe(e, "x");
        ASSERT_EQ(host.rfind("x: ", 0), 0u) << host;
        EXPECT_EQ(without_hint(loader_words(e)), host.substr(3)) << "ElfFault " << c;
        EXPECT_EQ(host.find("ELF fault"), std::string::npos) << "ElfFault " << c << " has no words: " << host;
        EXPECT_EQ(host.find("{"), std::string::npos) << host;
    }
}

// The planner's malformed fixtures (tests/plan/fixtures/expected.tsv) through the loader's path:
// the same reader rejects each with the same words, after "kernel ELF: ".
TEST(LoaderElf, RejectsThePlannersMalformedFixturesInItsWords) {
    const std::string dir = DOMFW_SOURCE_DIR "/tests/plan/fixtures/";
    int n = 0;
    for (const auto& [name, host] : domfw::test::expected_messages(dir + "expected.tsv")) {
        const std::string prefix = "kernel 'FILE': ";
        ASSERT_EQ(host.rfind(prefix, 0), 0u) << host;
        std::ifstream in(dir + name, std::ios::binary);
        ASSERT_TRUE(in) << name;
        const std::vector<std::uint8_t> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        domfw::core::ElfImage k;
        const LoaderError e = read_kernel(file, k);
        ASSERT_EQ(e.fault, Fault::elf_invalid) << name;
        std::string out;
        Console con(append, &out);
        render(con, e);
        EXPECT_EQ(without_hint(out), "kernel ELF: " + host.substr(prefix.size())) << name;
        ++n;
    }
    EXPECT_GE(n, 22);
}
