// libFuzzer target: the bounds-checked ELF reader, then the PVH planner on whatever it accepts
// (the kernel's segments and entry decide where everything else goes).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "plan/elf_image.hpp"
#include "plan/plan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto img = domfw::plan::read_elf_image(domfw::core::Bytes(data, size), "fuzz");
    if (!img) return 0;
    if (img->segments.empty()) std::abort();
    for (const auto& s : img->segments)
        if (s.memsz < s.filesz || s.offset + s.filesz > size) std::abort();
    domfw::plan::PlanInput in;
    in.type = domfw::plan::GuestType::pvh;
    in.memory = 0x40000000;
    in.kernel = *img;
    in.modules = {{"ramdisk", 0x10000, "", domfw::plan::ModuleRole::boot_module}};
    auto p = domfw::plan::make_plan(in);
    if (p) {
        for (std::size_t i = 1; i < p->regions.size(); ++i)
            if (p->regions[i - 1].end > p->regions[i].start) std::abort();
    }
    return 0;
}
