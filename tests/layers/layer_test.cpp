// The layer table of DESIGN.md, enforced: no folder includes a header of a folder above it.
#include <gtest/gtest.h>

#include "layer_table.hpp"

namespace domfw::layers {
namespace {
namespace fs = std::filesystem;

TEST(Layers, SourceTreeIncludesOnlyDownward) {
    const std::vector<std::string> found = check_includes(DOMFW_SOURCE_DIR);
    std::string all;
    for (const auto& v : found)
        all += v + "\n";
    EXPECT_TRUE(found.empty()) << all;
}

// tests/layers/malformed/upward: a fake tree with one include of each kind the check rejects,
// beside allowed ones (core -> abi, smbios -> core, loader -> core, abi -> abi, std and fmt).
TEST(Layers, UpwardIncludesAreNamedWithFileLineAndBothLayers) {
    const fs::path root = fs::path(DOMFW_SOURCE_DIR) / "tests/layers/malformed/upward";
    const std::vector<std::string> want{
        "include/domfw/abi/wire.h:3: #include \"core/result.hpp\": abi may not include core (abi may depend on: "
        "nothing)",
        "loader/entry.cpp:3: #include \"support/files.hpp\": loader may not include support (loader may depend on: "
        "abi, core)",
        "src/core/reader.cpp:5: #include \"cfg/document.hpp\": core may not include cfg (core may depend on: abi)",
        "src/newthing: folder newthing is not in DESIGN.md's layer table",
        "src/smbios/decode.cpp:3: #include \"acpi/table.hpp\": smbios may not include acpi (smbios may depend on: "
        "core, support)",
    };
    EXPECT_EQ(check_includes(root), want);
}

} // namespace
} // namespace domfw::layers
