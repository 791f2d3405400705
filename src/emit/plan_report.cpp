#include "emit/plan_report.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "plan/layout.hpp"
#include "plan/xenstore.hpp"
#include "support/diagnostic.hpp"
#include "support/sha256.hpp"

namespace domfw::emit {
namespace {

using json = nlohmann::ordered_json;
std::string hex(std::uint64_t v) { return fmt::format("{:#x}", v); }

const char* role_name(plan::ModuleRole r) {
    switch (r) {
    case plan::ModuleRole::boot_module: return "boot_module";
    case plan::ModuleRole::smbios_passthrough: return "smbios_passthrough";
    case plan::ModuleRole::acpi_passthrough: return "acpi_passthrough";
    }
    return "?";
}

json e820_json(const std::vector<plan::E820Entry>& m) {
    json a = json::array();
    for (const auto& e : m)
        a.push_back({{"addr", hex(e.addr)},
                     {"end", hex(e.addr + e.size)},
                     {"size", hex(e.size)},
                     {"type", plan::e820_type_name(e.type)},
                     {"type_code", e.type}});
    return a;
}

void e820_text(std::string& out, const char* title, const std::vector<plan::E820Entry>& m) {
    out += fmt::format("{}:\n", title);
    for (const auto& e : m)
        out += fmt::format("  {:#018x} - {:#018x}  {:<8}  {}\n", e.addr, e.addr + e.size - 1,
                           plan::e820_type_name(e.type), human_size(e.size));
}

} // namespace

std::string human_size(std::uint64_t b) {
    static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    double v = static_cast<double>(b);
    while (v >= 1024.0 && u < 4) {
        v /= 1024.0;
        ++u;
    }
    if (u == 0) return fmt::format("{} B", b);
    if (v == static_cast<double>(static_cast<std::uint64_t>(v)))
        return fmt::format("{} {}", static_cast<std::uint64_t>(v), units[u]);
    return fmt::format("{:.1f} {}", v, units[u]);
}

std::string plan_table(const plan::BuildPlan& p) {
    std::string out;
    // The configured memory (xl's memory=/maxmem) and the guest RAM apart: for HVM libxl takes the
    // video RAM out of it, and the minimum is in memory= units so it can be written back as is.
    const std::string ram = p.video_memory == 0 ? fmt::format("guest RAM {:#x}", p.memory)
                                                : fmt::format("guest RAM {:#x} ({}) + video RAM {}", p.memory,
                                                              human_size(p.memory), human_size(p.video_memory));
    out += fmt::format("guest {}: configured memory {} = {}; low RAM ends at {:#x}{}; minimum memory = {} ({}); entry "
                       "{:#x}\n\n",
                       plan::guest_type_name(p.type), human_size(p.memory + p.video_memory), ram, p.low_ram_end,
                       p.high_ram_end ? fmt::format(", high RAM up to {:#x}", p.high_ram_end) : std::string(),
                       plan::min_memory_mib(p), plan::memory_unit_note(p), p.entry);
    // Module names, command lines and bios strings come from the config, someone else's bytes:
    // shown as diagnostics show them (ESC and other controls as \\xNN), on a terminal and in plan.txt.
    const auto shown = [](std::string_view v) { return support::escape_controls(v); };
    std::size_t nw = 26; // the name column grows for long module names
    for (const auto& r : p.regions)
        nw = std::max(nw, shown(r.name).size());
    out += fmt::format("{:<{}} {:>12} {:>12} {:>10}  {:<10} {}\n", "NAME", nw, "START", "END", "SIZE", "KIND", "WHY");
    for (const auto& r : p.regions)
        out += fmt::format("{:<{}} {:>#12x} {:>#12x} {:>10}  {:<10} {}\n", shown(r.name), nw, r.start, r.end,
                           human_size(r.size()), plan::region_kind_name(r.kind), shown(r.note));
    if (!p.stages.empty())
        out += "(stage 1 on Xen: xl loads kernel = domfw-loader.elf, ramdisk = bundle.dfwb; the stages below are\n"
               " what QEMU loads and what the loader lays out before it starts the kernel)\n";
    out += "\nmodules (load order):\n";
    if (p.modules.empty()) out += "  (none)\n";
    std::size_t mw = 20;
    for (const auto& m : p.modules)
        mw = std::max(mw, shown(m.name).size() + 2);
    for (std::size_t i = 0; i < p.modules.size(); ++i) {
        const auto& m = p.modules[i];
        out += fmt::format("  {} {:<{}} {:#x} + {:#x}  {}{}\n", i, fmt::format("'{}'", shown(m.name)), mw, m.paddr,
                           m.size, role_name(m.role),
                           m.cmdline.empty()
                               ? std::string()
                               : fmt::format("  cmdline \"{}\" at {:#x}", shown(m.cmdline), m.cmdline_paddr));
    }
    out += fmt::format("\nhvm_start_info v1 at {:#x} ({} bytes, sha256 {})\n\n", p.start_info_paddr,
                       p.start_info.size(), support::sha256_hex(p.start_info));
    e820_text(out, "e820 before hand-off (start_info memmap)", p.e820_before);
    e820_text(out, "e820 after hand-off (what the guest OS sees)", p.e820_after);
    if (!p.hvm_info.empty())
        out += fmt::format("\nhvm_info_table at {:#x}: {}\n", plan::layout::kHvmInfoPaddr, support::to_hex(p.hvm_info));
    if (!p.xenstore.empty()) {
        out += "\nxenstore (relative to /local/domain/ID/):\n";
        for (const auto& [k, v] : p.xenstore) {
            // A NUL cannot come from a parsed config; said rather than written raw.
            const auto line = plan::xenstore_line(k, v);
            out += fmt::format("  {}\n", line ? shown(*line) : shown(k) + " = (a value with a NUL byte)");
        }
    }
    for (const auto& st : p.stages) {
        out += fmt::format("\nstage: {}\n", st.title);
        std::size_t sw = 26;
        for (const auto& r : st.regions)
            sw = std::max(sw, r.name.size());
        for (const auto& r : st.regions)
            out += fmt::format("  {:<{}} {:>#12x} {:>#12x} {:>10}  {:<10} {}\n", r.name, sw, r.start, r.end,
                               human_size(r.size()), plan::region_kind_name(r.kind), r.note);
        for (std::size_t i = 0; i < st.modules.size(); ++i) {
            const auto& m = st.modules[i];
            out += fmt::format("  start_info module {} '{}' {:#x} + {:#x}{}\n", i, m.name, m.paddr, m.size,
                               m.cmdline.empty() ? std::string() : fmt::format("  cmdline \"{}\"", m.cmdline));
        }
        if (st.start_info_size != 0)
            out += fmt::format("  start_info handed on at {:#x} ({} bytes)\n", st.start_info_paddr, st.start_info_size);
    }
    for (const auto& w : p.warnings)
        out += fmt::format("\nwarning: {}\n", w);
    return out;
}

json plan_json(const plan::BuildPlan& p) {
    json j;
    j["type"] = plan::guest_type_name(p.type);
    j["memory"] = hex(p.memory);
    j["video_memory"] = hex(p.video_memory);
    j["configured_memory_mib"] = (p.memory + p.video_memory + 0xFFFFF) >> 20;
    j["low_ram_end"] = hex(p.low_ram_end);
    j["high_ram_end"] = hex(p.high_ram_end);
    j["min_memory"] = hex(p.min_memory);
    j["min_memory_mib"] = plan::min_memory_mib(p); // xl memory= units: MiB, video RAM included
    j["entry"] = hex(p.entry);
    json regions = json::array();
    for (const auto& r : p.regions)
        regions.push_back({{"name", r.name},
                           {"start", hex(r.start)},
                           {"end", hex(r.end)},
                           {"size", hex(r.size())},
                           {"kind", plan::region_kind_name(r.kind)},
                           {"note", r.note}});
    j["regions"] = std::move(regions);
    json mods = json::array();
    for (const auto& m : p.modules)
        mods.push_back({{"name", m.name},
                        {"paddr", hex(m.paddr)},
                        {"size", hex(m.size)},
                        {"role", role_name(m.role)},
                        {"cmdline", m.cmdline},
                        {"cmdline_paddr", hex(m.cmdline_paddr)}});
    j["modules"] = std::move(mods);
    j["e820_before"] = e820_json(p.e820_before);
    j["e820_after"] = e820_json(p.e820_after);
    j["start_info"] = {{"paddr", hex(p.start_info_paddr)},
                       {"size", p.start_info.size()},
                       {"sha256", support::sha256_hex(p.start_info)},
                       {"hex", support::to_hex(p.start_info)}};
    if (!p.hvm_info.empty())
        j["hvm_info_table"] = {{"paddr", fmt::format("{:#x}", plan::layout::kHvmInfoPaddr)},
                               {"hex", support::to_hex(p.hvm_info)}};
    json xs = json::object();
    for (const auto& [k, v] : p.xenstore)
        xs[k] = v;
    j["xenstore"] = std::move(xs);
    if (!p.stages.empty()) {
        json stages = json::array();
        for (const auto& st : p.stages) {
            json sj;
            sj["title"] = st.title;
            json rs = json::array();
            for (const auto& r : st.regions)
                rs.push_back({{"name", r.name},
                              {"start", hex(r.start)},
                              {"end", hex(r.end)},
                              {"size", hex(r.size())},
                              {"kind", plan::region_kind_name(r.kind)},
                              {"note", r.note}});
            sj["regions"] = std::move(rs);
            json ms = json::array();
            for (const auto& m : st.modules)
                ms.push_back(
                    {{"name", m.name}, {"paddr", hex(m.paddr)}, {"size", hex(m.size)}, {"cmdline", m.cmdline}});
            sj["modules"] = std::move(ms);
            if (st.start_info_size != 0)
                sj["start_info"] = {{"paddr", hex(st.start_info_paddr)}, {"size", st.start_info_size}};
            stages.push_back(std::move(sj));
        }
        j["stages"] = std::move(stages);
    }
    j["warnings"] = p.warnings;
    return j;
}

} // namespace domfw::emit
