#include "build/boot_image_check.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "build/elf_image.hpp"
#include "support/files.hpp"

namespace domfw::build {

void check_boot_image(const domain::LoadResult& loaded, support::Diagnostics& out) {
    const domain::DomainConfig& c = loaded.config;
    if (!c.type.is_set() || *c.type != domain::GuestType::pvh) return;
    const domain::FileRef* image = nullptr;
    if (c.boot == domain::BootMethod::direct && c.kernel)
        image = &*c.kernel;
    else if (c.boot == domain::BootMethod::firmware && c.firmware.image)
        image = &*c.firmware.image;
    if (image == nullptr || image->inside_guest || image->resolved.empty()) return;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(image->resolved, ec)) return;

    const support::SourceLocation at{loaded.document.file(), image->where.line, image->where.column,
                                     image->where.length};
    // read_elf_image puts this in front of its own reason ("not an ELF file (no \x7fELF magic)").
    const std::string what = fmt::format("{} = \"{}\" (\"{}\") is not a PVH kernel", image->key, image->written,
                                         image->resolved.string());
    auto bytes = support::read_file(image->resolved);
    if (!bytes) {
        out.error(at, fmt::format("{} = \"{}\": {}", image->key, image->written, bytes.error().message));
        return;
    }
    auto elf = read_elf_image(*bytes, what);
    if (!elf) {
        out.error(at, elf.error().message);
        return;
    }
    if (!elf->phys32_entry)
        out.error(at, fmt::format("{}: no XEN_ELFNOTE_PHYS32_ENTRY note (type 18, name \"Xen\"), the PVH entry point",
                                  what));
}

} // namespace domfw::build
