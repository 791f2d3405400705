#include "plan/boot_image_check.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "plan/elf_image.hpp"
#include "plan/kernel_image.hpp"
#include "plan/layout.hpp"
#include "support/files.hpp"

namespace domfw::plan {
namespace {

namespace fs = std::filesystem;

bool is_openable(const domain::FileRef& f) {
    std::error_code ec;
    return !f.inside_guest && !f.resolved.empty() && fs::is_regular_file(f.resolved, ec);
}

// `KEY = "WRITTEN" ("RESOLVED")`: the value as written and the file domfw opens.
std::string named(const domain::FileRef& f) {
    return fmt::format("{} = \"{}\" (\"{}\")", f.key, f.written, f.resolved.string());
}

} // namespace

void check_boot_image(const domain::LoadResult& loaded, support::Diagnostics& out) {
    const domain::DomainConfig& c = loaded.config;
    if (!c.type.is_set() || *c.type == domain::GuestType::pv) return;
    auto at = [&](const domain::FileRef& f) {
        return support::SourceLocation{loaded.document.file(), f.where.line, f.where.column, f.where.length};
    };
    // Reads f as an ELF (a PVH kernel may be a bzImage: the ELF inside it); `what` goes in
    // front of the reason.
    auto elf_of = [&](const domain::FileRef& f, const std::string& what,
                      bool bzimage = false) -> std::optional<ElfImage> {
        auto bytes = support::read_file(f.resolved);
        if (!bytes) {
            out.error(at(f), fmt::format("{} = \"{}\": {}", f.key, f.written, bytes.error().message));
            return std::nullopt;
        }
        if (bzimage) {
            auto inner = kernel_elf(std::move(*bytes), what);
            if (!inner) {
                out.error(at(f), inner.error().message);
                return std::nullopt;
            }
            bytes = std::move(inner);
        }
        auto elf = read_elf_image(*bytes, what);
        if (!elf) {
            out.error(at(f), elf.error().message);
            return std::nullopt;
        }
        return std::move(*elf);
    };

    if (*c.type == domain::GuestType::pvh) {
        const domain::FileRef* image = nullptr;
        if (c.boot == domain::BootMethod::direct && c.kernel)
            image = &*c.kernel;
        else if (c.boot == domain::BootMethod::firmware && c.firmware.image)
            image = &*c.firmware.image;
        if (image != nullptr && is_openable(*image)) {
            const std::string what = named(*image) + " is not a PVH kernel";
            if (auto elf = elf_of(*image, what, true); elf && !elf->phys32_entry)
                out.error(at(*image), fmt::format("{}: no XEN_ELFNOTE_PHYS32_ENTRY note (type 18, name \"Xen\"), the "
                                                  "PVH entry point",
                                                  what));
        }
    } else if (c.hvm_loader && is_openable(*c.hvm_loader)) {
        // firmware = PATH / firmware_override replace hvmloader, which is linked to run at 1 MiB.
        const std::string what = named(*c.hvm_loader) + " cannot replace hvmloader";
        if (auto elf = elf_of(*c.hvm_loader, what); elf && elf->load_start() != layout::kLoaderBase)
            out.error(at(*c.hvm_loader), fmt::format("{}: it loads at {:#x}, not at hvmloader's {:#x}", what,
                                                     elf->load_start(), layout::kLoaderBase));
    }

    // The planner places no empty module (a zero-length segment has no address to report).
    for (const auto& m : c.guest_modules()) {
        std::error_code ec;
        if (is_openable(m.file) && fs::file_size(m.file.resolved, ec) == 0 && !ec)
            out.error(at(m.file), fmt::format("{} is empty: a boot module needs at least one byte", named(m.file)));
    }
}

} // namespace domfw::plan
