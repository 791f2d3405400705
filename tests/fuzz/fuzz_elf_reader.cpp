// libFuzzer target: the one bounds-checked ELF reader (core/elf_image, through the planner's
// view and its error words), then the PVH planner on whatever it accepts (the kernel's segments
// and entry decide where everything else goes).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "plan/elf_image.hpp"
#include "plan/plan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto img = domfw::plan::read_elf_image(domfw::core::Bytes(data, size), "fuzz");
    if (!img) {
        // Every fault has its words (elf_error.cpp falls back to "ELF fault N" only for an unknown one).
        if (img.error().message.find("ELF fault") != std::string::npos) std::abort();
        return 0;
    }
    if (img->segments.empty() || img->segments.size() > domfw::core::kMaxElfLoadSegments) std::abort();
    if (img->phys32_entry && *img->phys32_entry >= 0x1'0000'0000) std::abort();
    for (const auto& s : img->segments) {
        if (s.memsz < s.filesz || s.offset + s.filesz > size) std::abort();
        for (const auto& t : img->segments)
            if (&s != &t && s.paddr < t.paddr + t.memsz && t.paddr < s.paddr + s.memsz) std::abort();
    }
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
