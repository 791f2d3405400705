// domfw-loader.elf as built: a 32-bit PVH ELF that Xen and QEMU can enter (its PHYS32_ENTRY note
// names its entry), loaded in one piece at 1 MiB, read with the loader's own ELF reader.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <vector>

#include "loader/lib/elf_kernel.hpp"
#include "loader/lib/guest_layout.hpp"

using namespace domfw::loader;

TEST(LoaderElf, IsA32BitPvhImageAtOneMiB) {
    std::ifstream in(DOMFW_BINARY_DIR "/src/cli/domfw-loader.elf", std::ios::binary);
    ASSERT_TRUE(in) << "domfw-loader.elf was not built";
    const std::vector<std::uint8_t> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    KernelImage k;
    const LoaderError e = read_kernel_elf(file, k);
    ASSERT_FALSE(e) << static_cast<int>(e.fault);
    EXPECT_FALSE(k.is64);
    EXPECT_EQ(k.note_size, 4u);
    EXPECT_EQ(k.entry, kLoaderBase); // _start, first in .text
    ASSERT_EQ(k.segment_count, 1u);
    EXPECT_EQ(k.segments[0].paddr, kLoaderBase);
    // .bss (with the stack and the hand-off area) is not in the file.
    EXPECT_GT(k.segments[0].memsz, k.segments[0].filesz + kLoaderStack + kHandoffSize);
    EXPECT_EQ(file[18], 3); // EM_386
}
