#include "emit/memory_map_svg.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "emit/plan_report.hpp"
#include "plan/layout.hpp"

namespace domfw::emit {
namespace {
struct Px;
struct Px1;
} // namespace
} // namespace domfw::emit

template <> struct fmt::formatter<domfw::emit::Px> : fmt::formatter<long long> {
    auto format(const domfw::emit::Px& p, format_context& ctx) const;
};
template <> struct fmt::formatter<domfw::emit::Px1> : fmt::formatter<std::string_view> {
    auto format(const domfw::emit::Px1& p, format_context& ctx) const;
};

namespace domfw::emit {
namespace {

constexpr double kMinBand = 20.0;
constexpr double kMaxBand = 120.0;
constexpr double kBytesPerPixel = 16.0 * 1024.0;
constexpr double kBarX = 170.0;
constexpr double kBarW = 260.0;
constexpr double kTop = 80.0;

std::string esc(const std::string& s) {
    std::string o;
    for (char c : s) {
        switch (c) {
        case '&': o += "&amp;"; break;
        case '<': o += "&lt;"; break;
        case '>': o += "&gt;"; break;
        case '"': o += "&quot;"; break;
        default: o += c;
        }
    }
    return o;
}

const char* fill(plan::RegionKind k) {
    switch (k) {
    case plan::RegionKind::fixed: return "#d9d9d9";
    case plan::RegionKind::scratch: return "#f4cccc";
    case plan::RegionKind::hvm_info: return "#f9cb9c";
    case plan::RegionKind::loader:
    case plan::RegionKind::kernel: return "#6fa8dc";
    case plan::RegionKind::module: return "#93c47d";
    case plan::RegionKind::start_info: return "#ffd966";
    case plan::RegionKind::acpi: return "#b4a7d6";
    case plan::RegionKind::mmio: return "#efefef";
    case plan::RegionKind::free_ram: return "#ffffff";
    }
    return "#ffffff";
}

// Coordinates as whole pixels (Px) or tenths (Px1), written through integer formatting: fmt's
// fixed-precision float path (Dragon4) cost more than the rest of the drawing together.
struct Px {
    double v;
};
struct Px1 {
    double v;
};

struct Band {
    std::string name, note;
    std::uint64_t start, end;
    plan::RegionKind kind;
    bool gap; // not a plan region: address space with nothing in it
};

} // namespace
} // namespace domfw::emit

auto fmt::formatter<domfw::emit::Px>::format(const domfw::emit::Px& p, format_context& ctx) const {
    return fmt::formatter<long long>::format(std::llround(p.v), ctx);
}

auto fmt::formatter<domfw::emit::Px1>::format(const domfw::emit::Px1& p, format_context& ctx) const {
    const long long t = std::llround(p.v * 10.0);
    const unsigned long long a = t < 0 ? 0ULL - static_cast<unsigned long long>(t) : static_cast<unsigned long long>(t);
    char buf[32];
    char* e = buf + sizeof buf;
    char* b = e;
    *--b = static_cast<char>('0' + a % 10);
    *--b = '.';
    unsigned long long w = a / 10;
    do {
        *--b = static_cast<char>('0' + w % 10);
        w /= 10;
    } while (w != 0);
    if (t < 0) *--b = '-';
    return fmt::formatter<std::string_view>::format(std::string_view(b, static_cast<std::size_t>(e - b)), ctx);
}

namespace domfw::emit {

std::string memory_map_svg(const plan::BuildPlan& p, const std::string& title) {
    // Bands: the plan's regions plus explicit gaps (unpopulated address space).
    std::vector<Band> bands;
    std::uint64_t pos = 0;
    for (const auto& r : p.regions) {
        if (r.start > pos)
            bands.push_back({"(no RAM, nothing mapped)", "", pos, r.start, plan::RegionKind::free_ram, true});
        bands.push_back({r.name, r.note, r.start, r.end, r.kind, false});
        pos = r.end;
    }
    std::vector<double> heights;
    double total = 0;
    for (const auto& b : bands) {
        const double natural = static_cast<double>(b.end - b.start) / kBytesPerPixel;
        const double h = std::clamp(natural, kMinBand, kMaxBand);
        heights.push_back(h);
        total += h;
    }
    const double height = kTop + total + 70.0;
    const double width = 980.0;
    std::string s;
    s += fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
                     "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n",
                     Px{width}, Px{height}, Px{width}, Px{height});
    s += fmt::format("<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n", Px{width}, Px{height});
    s += fmt::format("<text x=\"20\" y=\"26\" font-size=\"17\" font-weight=\"bold\">{}</text>\n", esc(title));
    s += fmt::format("<text x=\"20\" y=\"44\" fill=\"#555\">{} guest, guest RAM {} (memory = {} MiB configured, "
                     "minimum {}), entry {:#x}. Address 0 at the bottom.</text>\n",
                     plan::guest_type_name(p.type), esc(human_size(p.memory)),
                     (p.memory + p.video_memory + 0xFFFFF) >> 20, plan::min_memory_mib(p), p.entry);
    s += "<text x=\"20\" y=\"60\" fill=\"#555\">Band height follows size (16 KiB per pixel) within 20..120 px; a red "
         "zig-zag marks an axis break "
         "(that band is drawn shorter than its size).</text>\n";
    // Draw from the top (highest address) down.
    double y = kTop;
    for (std::size_t i = bands.size(); i-- > 0;) {
        const Band& b = bands[i];
        const double h = heights[i];
        const double natural = static_cast<double>(b.end - b.start) / kBytesPerPixel;
        const bool squeezed = natural > kMaxBand * 1.01;
        const std::string color = b.gap ? "#fafafa" : fill(b.kind);
        s += fmt::format(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#444\" stroke-width=\"0.8\"{}/>\n",
            Px{kBarX}, Px1{y}, Px{kBarW}, Px1{h}, color, b.gap ? " stroke-dasharray=\"4 3\"" : "");
        if (squeezed) {
            // Axis break: two parallel zig-zags across the middle of the band.
            const double my = y + h * 0.25;
            for (double off : {-4.0, 4.0}) {
                std::string d = fmt::format("M {} {}", Px{kBarX - 8}, Px1{my + off});
                for (int k = 0; k <= 14; ++k)
                    d += fmt::format(" L {} {}", Px1{kBarX - 8 + (kBarW + 16) * k / 14.0},
                                     Px1{my + off + ((k % 2) != 0 ? -4.0 : 4.0)});
                s += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"#c00\" stroke-width=\"1.2\"/>\n", d);
            }
        }
        // Addresses at the left: the band's end at its top edge, its start at the bottom.
        s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-family=\"DejaVu Sans Mono, monospace\" "
                         "font-size=\"11\" fill=\"#333\">{:#010x}</text>\n",
                         Px{kBarX - 10}, Px1{y + h - 2}, b.start);
        // Label inside the bar, size and why on the right.
        const double ty = squeezed ? y + h * 0.62 + 4.0 : y + h / 2.0 + 4.0;
        s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\"{}>{}</text>\n", Px{kBarX + kBarW / 2}, Px1{ty},
                         b.gap ? " fill=\"#888\"" : "", esc(b.name));
        std::string right = human_size(b.end - b.start);
        if (!b.gap) right += std::string("  ") + plan::region_kind_name(b.kind);
        if (!b.note.empty()) right += "  \u2014 " + b.note;
        s += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#333\">{}</text>\n", Px{kBarX + kBarW + 14}, Px1{ty},
                         esc(right));
        y += h;
    }
    s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-family=\"DejaVu Sans Mono, monospace\" "
                     "font-size=\"11\" fill=\"#333\">{:#010x}</text>\n",
                     Px{kBarX - 10}, Px1{kTop + 10}, bands.empty() ? 0 : bands.back().end);
    // Legend.
    double lx = 20;
    const double ly = height - 30;
    for (auto k : {plan::RegionKind::loader, plan::RegionKind::module, plan::RegionKind::start_info,
                   plan::RegionKind::hvm_info, plan::RegionKind::scratch, plan::RegionKind::acpi,
                   plan::RegionKind::fixed, plan::RegionKind::mmio, plan::RegionKind::free_ram}) {
        s += fmt::format(
            "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\" stroke=\"#444\" stroke-width=\"0.8\"/>\n",
            Px{lx}, Px{ly}, fill(k));
        const std::string name = k == plan::RegionKind::loader ? "loader/kernel" : plan::region_kind_name(k);
        s += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", Px{lx + 20}, Px{ly + 12}, esc(name));
        lx += 30 + 8.0 * static_cast<double>(name.size()) + 18;
    }
    s += "</svg>\n";
    return s;
}

} // namespace domfw::emit
