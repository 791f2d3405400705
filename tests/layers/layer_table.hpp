// DESIGN.md's layer table as data, and the check that every #include under src/, loader/ and
// include/domfw/abi/ points down it: a folder includes only the folders it may depend on,
// directly or through them. CTest runs it over the tree (tests/layers/layer_test.cpp).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace domfw::layers {

// One line per violation, sorted: "src/core/x.cpp:4: #include \"cfg/document.hpp\": core may not
// include cfg (core may depend on: abi)". Paths are relative to `root`.
[[nodiscard]] std::vector<std::string> check_includes(const std::filesystem::path& root);

} // namespace domfw::layers
