// Words for the ELF reader's faults (core/elf_image.hpp), in one place, with the values in hex.
// The loader words the same faults on its console (loader/lib/fault.cpp) in the same words.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace domfw::plan {

// Prefixes `what`, which names the file once: "kernel '/boot/vmlinux': ELF class 0x3 is ...".
[[nodiscard]] std::string describe_elf_error(const core::Error& e, std::string_view what);

} // namespace domfw::plan
