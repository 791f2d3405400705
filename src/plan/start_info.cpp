// hvm_start_info version 1 (XEN-FACTS §1, include/domfw/abi/start_info.h) laid out the way
// libxc does it: one segment [start_info][cmdline][modlist][module cmdlines][memmap].
#include <cstring>

#include "core/byte_writer.hpp"
#include "core/checked.hpp"
#include "domfw/abi/start_info.h"
#include "plan/layout.hpp"
#include "plan/plan_parts.hpp"

namespace domfw::plan::detail {
namespace {

constexpr std::uint64_t align8(std::uint64_t v) { return (v + 7) & ~std::uint64_t{7}; }

Expected<std::uint64_t> cmdline_bytes(std::string_view s, std::string_view what) {
    if (s.empty()) return std::uint64_t{0};
    if (s.find('\0') != std::string_view::npos) return fail("{} contains a NUL byte", what);
    const std::uint64_t n = s.size() + 1;
    if (n > layout::kMaxCmdline)
        return fail("{} is {:#x} bytes with its NUL, above MAX_GUEST_CMDLINE {:#x}", what, n, layout::kMaxCmdline);
    return n;
}

struct Offsets {
    std::uint64_t cmdline = 0, modlist = 0, mod_cmdlines = 0, memmap = 0, end = 0;
};

Expected<Offsets> offsets(std::string_view cmdline, const std::vector<PlacedModule>& modules,
                          std::size_t memmap_entries) {
    Offsets o;
    o.cmdline = sizeof(domfw_hvm_start_info);
    DOMFW_TRY_X(std::uint64_t c, cmdline_bytes(cmdline, "the kernel command line"));
    o.modlist = align8(o.cmdline + c);
    std::uint64_t nboot = 0, mc = 0;
    for (const auto& m : modules) {
        if (m.role != ModuleRole::boot_module) continue;
        ++nboot;
        DOMFW_TRY_X(std::uint64_t n, cmdline_bytes(m.cmdline, fmt::format("the command line of module '{}'", m.name)));
        mc += n;
    }
    o.mod_cmdlines = o.modlist + nboot * sizeof(domfw_hvm_modlist_entry);
    o.memmap = align8(o.mod_cmdlines + mc);
    o.end = o.memmap + memmap_entries * sizeof(domfw_hvm_memmap_table_entry);
    return o;
}

void put_cstring(std::vector<std::uint8_t>& out, std::uint64_t at, std::string_view s) {
    std::memcpy(out.data() + at, s.data(), s.size());
    out[at + s.size()] = 0;
}

} // namespace

Expected<std::uint64_t> start_info_size(std::string_view cmdline, const std::vector<PlacedModule>& modules,
                                        std::size_t memmap_entries) {
    DOMFW_TRY_X(Offsets o, offsets(cmdline, modules, memmap_entries));
    return o.end;
}

Expected<std::vector<std::uint8_t>> make_start_info(std::uint64_t paddr, std::string_view cmdline,
                                                    std::vector<PlacedModule>& modules,
                                                    const std::vector<E820Entry>& memmap, std::uint64_t rsdp) {
    DOMFW_TRY_X(Offsets o, offsets(cmdline, modules, memmap.size()));
    std::vector<std::uint8_t> out(o.end, 0);
    core::ByteWriter w(out);
    std::uint32_t nboot = 0;
    for (const auto& m : modules)
        nboot += m.role == ModuleRole::boot_module ? 1U : 0U;
    // public/arch-x86/hvm/start_info.h, version 1.
    w.u32le(DOMFW_HVM_START_MAGIC_VALUE);
    w.u32le(DOMFW_HVM_START_INFO_VERSION);
    w.u32le(0);
    w.u32le(nboot);
    w.u64le(nboot > 0 ? paddr + o.modlist : 0);
    w.u64le(cmdline.empty() ? 0 : paddr + o.cmdline);
    w.u64le(rsdp);
    w.u64le(memmap.empty() ? 0 : paddr + o.memmap);
    w.u32le(static_cast<std::uint32_t>(memmap.size()));
    w.u32le(0);
    if (!cmdline.empty()) put_cstring(out, o.cmdline, cmdline);
    std::uint64_t entry = o.modlist, text = o.mod_cmdlines;
    for (auto& m : modules) {
        if (m.role != ModuleRole::boot_module) continue;
        m.cmdline_paddr = m.cmdline.empty() ? 0 : paddr + text;
        w.u64_at(entry, m.paddr);
        w.u64_at(entry + 8, m.size);
        w.u64_at(entry + 16, m.cmdline_paddr);
        if (!m.cmdline.empty()) {
            put_cstring(out, text, m.cmdline);
            text += m.cmdline.size() + 1;
        }
        entry += sizeof(domfw_hvm_modlist_entry);
    }
    std::uint64_t at = o.memmap;
    for (const auto& e : memmap) {
        w.u64_at(at, e.addr);
        w.u64_at(at + 8, e.size);
        w.u32_at(at + 16, e.type);
        at += sizeof(domfw_hvm_memmap_table_entry);
    }
    if (!w.ok()) return Unexpected(Error{domfw::describe(w.fault(), "hvm_start_info")});
    return out;
}

} // namespace domfw::plan::detail
