#include "loader/lib/loader.hpp"

#include "loader/lib/firmware.hpp"

namespace domfw::loader {
namespace {

Outcome stop(const LoaderError& e, bool exit_requested, Console& con) {
    con.line().str("error: ");
    render(con, e);
    con.end();
    con.line().str(exit_requested ? "stopped; domfw.exit: exiting with failure" : "stopped; halting").end();
    return {.next = exit_requested ? Next::exit_failure : Next::halt, .error = e};
}

void place(Console& con, const char* what, std::uint64_t start, std::uint64_t end) {
    con.line().str("place ").str(what).put(' ').hex(start).put(' ').hex(end).end();
}

// What the loader laid out, one "place WHAT START END" line each (END exclusive; the start_info
// only START), for tools and
// tests to compare with `domfw plan` (docs/loader.md, "Placements").
void report_placements(const core::ElfImage& kernel, const BundleContents& bundle, const FirmwareTables& firmware,
                       std::uint64_t start_info, Console& con) {
    for (std::uint32_t i = 0; i < kernel.segment_count; ++i) {
        const core::ElfSegment& s = kernel.segments[i];
        con.line().str("place kernel-segment-").dec(i).put(' ').hex(s.paddr).put(' ').hex(s.paddr + s.memsz).end();
    }
    place(con, "bundle", bundle.paddr, bundle.paddr + bundle.total_length);
    for (std::uint32_t i = 0; i < firmware.reserved_count; ++i)
        place(con, firmware.reserved_what[i], firmware.reserved[i].addr,
              firmware.reserved[i].addr + firmware.reserved[i].size);
    con.line().str("place start_info ").hex(start_info).end(); // its size: in the start_info line
}

} // namespace

LoaderError read_kernel(core::Bytes file, core::ElfImage& out) {
    const core::Result<core::ElfImage> r = core::read_elf_image(file);
    if (!r) return {.fault = Fault::elf_invalid, .cause = r.error()};
    out = r.value();
    if (!out.has_pvh_entry()) return {.fault = Fault::elf_no_pvh_note};
    if (!out.loads(out.pvh_entry)) return {.fault = Fault::elf_entry_outside, .value = out.pvh_entry};
    return {};
}

Outcome run_loader(const LoaderEnv& env, std::uint64_t start_info_paddr, LoaderState& state, Console& con) {
    BootInfo& boot = state.boot;
    if (const LoaderError e = read_boot_info(env.mem, start_info_paddr, env.image, boot)) return stop(e, false, con);
    const bool exit_requested = cmdline_has_word(boot, "domfw.exit");
    con.line().str("start_info at ").hex(start_info_paddr).str(": version ").dec(boot.version).str(", ");
    con.dec(boot.memmap.count).str(" memory map entries, ").dec(boot.module_count);
    con.str(boot.module_count == 1 ? " module, rsdp " : " modules, rsdp ").hex(boot.rsdp_paddr).end();
    con.line()
        .str("command line \"")
        .text(core::Bytes(reinterpret_cast<const std::uint8_t*>(boot.cmdline), boot.cmdline_length));
    con.str("\"").end();
    if (boot.module_count == 0) return stop({.fault = Fault::no_bundle}, exit_requested, con);
    if (boot.module_count > 1)
        con.line()
            .str("start_info modules 1..")
            .dec(boot.module_count - 1)
            .str(" ignored: the bundle is module 0")
            .end();

    BundleContents& bundle = state.bundle;
    if (const LoaderError e = scan_bundle(env.mem, boot.modules[0].paddr, boot.modules[0].size, con, bundle))
        return stop(e, exit_requested, con);

    core::ElfImage& kernel = state.kernel;
    const auto file = env.mem.view(bundle.paddr + bundle.kernel.payload_offset, bundle.kernel.payload_size);
    if (const LoaderError e = read_kernel(file, kernel)) return stop(e, exit_requested, con);
    con.line().str("kernel: ").str(kernel.is64 ? "ELF64" : "ELF32").str(", PVH entry ").hex(kernel.pvh_entry);
    con.str(" (").dec(kernel.pvh_note_size).str("-byte note), ").dec(kernel.segment_count);
    con.str(kernel.segment_count == 1 ? " segment" : " segments").end();
    if (const LoaderError e = place_kernel(env, boot, bundle, kernel, con)) return stop(e, exit_requested, con);

    const FirmwareTables firmware =
        prepare_firmware(env.mem, env.smbios_area, env.acpi_area, env.pci, boot, bundle, state.smbios, con);
    std::uint64_t start_info = 0;
    if (const LoaderError e = write_start_info(env, boot, bundle, firmware, &start_info, con))
        return stop(e, exit_requested, con);
    report_placements(kernel, bundle, firmware, start_info, con);
    if (exit_requested) {
        con.line().str("domfw.exit: kernel ready at ").hex(kernel.pvh_entry).str(" with start_info ").hex(start_info);
        con.str("; exiting instead of starting it").end();
        return {.next = Next::exit_success, .entry = kernel.pvh_entry, .start_info = start_info};
    }
    con.line().str("starting the kernel at ").hex(kernel.pvh_entry).str(" with start_info ").hex(start_info).end();
    return {.next = Next::start_kernel, .entry = kernel.pvh_entry, .start_info = start_info};
}

} // namespace domfw::loader
