// `vnuma = [ [ "pnode=0", "size=512", "vcpus=0-1", "vdistances=10,20" ], ... ]`: one list per
// virtual NUMA node, read as xl 4.17's parse_vnuma_config reads it (libxl_vnode_info in
// b_info.vnuma_nodes). The nodes set maxmem (the sum of their sizes) and maxvcpus (the number of
// vCPUs they name), so this runs inside sizes(), between the keys it must agree with and their
// defaults. xl checks little at `xl -N create` and leaves the rest to libxl at create time (or to
// nobody: a bad vCPU range becomes vCPU 0, a long vdistances writes past its array); domfw
// refuses those here, with what libxl would say (docs/differences-from-xl.md, 11b).
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <map>

#include "domain/devices/tokens.hpp"
#include "domain/interpreter.hpp"

namespace domfw::domain::detail {

namespace {

// Xen's MAX_NUMNODES on x86 (NODES_SHIFT 6): no host has a node above 63. Whether the host at
// hand has the node is for libxl to say at create time (xl -N asks the host; domfw cannot).
constexpr std::uint64_t kMaxPnode = 63;

// The largest node size: the largest `memory` domfw takes (memory_and_vcpus.cpp), in MiB.
constexpr std::uint64_t kMaxNodeMiB = (std::uint64_t{1} << 32) - 4096;

std::string trimmed(std::string_view s) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    while (!s.empty() && blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && blank(s.back()))
        s.remove_suffix(1);
    return std::string(s);
}

// A whole decimal number (xl's parse_ulong takes "512M" as 512 and "-2" as 2^64 - 2).
std::optional<std::uint64_t> decimal(const std::string& s) {
    if (s.empty() || std::any_of(s.begin(), s.end(), [](char c) { return c < '0' || c > '9'; })) return std::nullopt;
    errno = 0;
    unsigned long long v = std::strtoull(s.c_str(), nullptr, 10);
    if (errno == ERANGE) return std::nullopt;
    return v;
}

} // namespace

void Interpreter::vnuma() {
    const cfg::Value* v = doc_.get("vnuma");
    if (v == nullptr) return;
    if (!v->is_list()) {
        warning(v->range, "\"vnuma\" is a single value but should be a list of nodes (each a list such as "
                          "[\"pnode=0\", \"size=512\", \"vcpus=0-1\", \"vdistances=10,20\"]); xl ignores it");
        return;
    }
    if (v->items.empty()) return;
    const std::size_t count = v->items.size();
    std::vector<VnumaNode> nodes(count);
    std::map<std::uint64_t, std::size_t> node_of_vcpu; // vCPU -> node, to refuse a vCPU named twice
    std::uint64_t total_mib = 0;
    bool placed = false; // a pnode turns libxl's automatic NUMA placement off
    for (std::size_t i = 0; i < count; ++i) {
        const auto& node = v->items[i];
        VnumaNode& n = nodes[i];
        n.distances.assign(count, 0);
        if (!node.is_list()) {
            error(node.range, fmt::format("xl: cannot get vnode config option list (vnuma node {} is \"{}\"; each "
                                          "node is a list such as [\"pnode=0\", \"size=512\", \"vcpus=0-1\"])",
                                          i, node.text.str()));
            return;
        }
        bool sized = false;
        for (const auto& item : node.items) {
            if (item.is_list()) continue; // xl reads only the strings of a node
            const std::string buf = item.text.str();
            auto parts = strtok_all(buf, '=');
            if (parts.size() < 2) {
                error(item.range, fmt::format("xl: failed to split \"{}\" into pair (vnuma node {}: expected "
                                              "OPTION=VALUE)",
                                              buf, i));
                return;
            }
            const std::string option = trimmed(parts[0]);
            const std::string value = trimmed(parts[1]);
            auto number = [&](std::string_view what) -> std::optional<std::uint64_t> {
                auto parsed = decimal(value);
                if (!parsed)
                    error(item.range, fmt::format("vnuma node {}: {} \"{}\" is not a decimal number (in \"{}\"; xl: "
                                                  "\"failed to convert\", or it reads the leading digits)",
                                                  i, what, value, buf));
                return parsed;
            };
            if (option == "pnode") {
                auto p = number("pnode");
                if (!p) return;
                if (*p > kMaxPnode) {
                    error(item.range, fmt::format("xl: invalid pnode number: {} (vnuma node {}: Xen has at most {} "
                                                  "NUMA nodes, numbered from 0)",
                                                  *p, i, kMaxPnode + 1));
                    return;
                }
                n.pnode = *p;
                placed = true;
            } else if (option == "size") {
                if (sized) {
                    error(item.range, fmt::format("vnuma node {}: size is given twice (\"{}\"; xl adds both to "
                                                  "maxmem but keeps the last)",
                                                  i, buf));
                    return;
                }
                auto mib = number("size");
                if (!mib) return;
                if (*mib > kMaxNodeMiB || total_mib + *mib > kMaxNodeMiB) {
                    error(item.range, fmt::format("vnuma node {}: size {} MiB takes the nodes above {} MiB (2^52 "
                                                  "bytes less 4 GiB), the most guest RAM domfw takes",
                                                  i, *mib, kMaxNodeMiB));
                    return;
                }
                sized = true;
                total_mib += *mib;
                n.memkb = *mib * 1024;
            } else if (option == "vcpus") {
                for (std::string_view piece : strtok_all(value, ',')) {
                    // xl's parse_range, whose failure xl ignores (it then adds vCPU 0, or nothing).
                    const std::string range(piece); // strtoul reads up to a NUL
                    const char* s = range.c_str();
                    char* end = nullptr;
                    unsigned long a = std::strtoul(s, &end, 10);
                    unsigned long b = a;
                    bool bad = end == s || a == ULONG_MAX || !std::isdigit(static_cast<unsigned char>(*s));
                    if (!bad && *end == '-') {
                        const char* m = end + 1;
                        b = std::strtoul(m, &end, 10);
                        bad = end == m || b == ULONG_MAX || b < a || !std::isdigit(static_cast<unsigned char>(*m));
                    }
                    if (bad || *end != '\0' || b >= static_cast<unsigned long>(vcpu_limit())) {
                        error(item.range, fmt::format("vnuma node {}: invalid vcpus range \"{}\" (in \"{}\"; expected "
                                                      "N or N-M, M >= N, below {}, separated by commas)",
                                                      i, range, buf, vcpu_limit()));
                        return;
                    }
                    for (unsigned long c = a; c <= b; ++c) {
                        auto [it, fresh] = node_of_vcpu.emplace(c, i);
                        if (!fresh) {
                            error(item.range, fmt::format("vnuma node {}: vCPU {} is assigned more than once (also "
                                                          "in node {}; libxl: \"Vcpu {} assigned more than once\")",
                                                          i, c, it->second, c));
                            return;
                        }
                        n.vcpus.push_back(c);
                    }
                }
            } else if (option == "vdistances") {
                auto list = strtok_all(value, ',');
                if (list.size() > count) {
                    error(item.range, fmt::format("vnuma node {}: vdistances has {} entries for {} nodes (\"{}\"; "
                                                  "xl would write past its array)",
                                                  i, list.size(), count, buf));
                    return;
                }
                for (std::size_t j = 0; j < list.size(); ++j) {
                    auto d = decimal(trimmed(list[j]));
                    if (!d || *d > UINT32_MAX) {
                        error(item.range, fmt::format("vnuma node {}: distance \"{}\" is not a decimal number below "
                                                      "2^32 (in \"{}\"; xl would wrap it or read its leading digits)",
                                                      i, list[j], buf));
                        return;
                    }
                    n.distances[j] = *d;
                }
            } else {
                warning(item.range, fmt::format("vnuma node {}: unknown option \"{}\" in \"{}\"; xl ignores it "
                                                "(expected pnode, size, vcpus or vdistances)",
                                                i, option, buf));
            }
        }
        std::sort(n.vcpus.begin(), n.vcpus.end());
    }
    const auto vcpus = static_cast<long>(node_of_vcpu.size());
    if (c_.max_vcpus.is_set() && *c_.max_vcpus != 0) {
        if (*c_.max_vcpus != vcpus) {
            error(c_.max_vcpus.where, fmt::format("xl: vnuma vcpus and maxvcpus= mismatch (the vnuma nodes name {} "
                                                  "vCPUs, maxvcpus = {})",
                                                  vcpus, *c_.max_vcpus));
            return;
        }
    } else if (vcpus > 0) {
        // xl also refuses more vCPUs than the host has CPUs here (unless maxvcpus is given): that is
        // the target host's to say (docs/domain.md).
        set(c_.max_vcpus, vcpus, "vnuma", v->range);
    }
    // libxl at create time: the vCPUs 0 to maxvcpus - 1 each in exactly one node.
    const long max_vcpus = c_.max_vcpus.is_set() && *c_.max_vcpus != 0 ? *c_.max_vcpus
                           : c_.vcpus.is_set()                         ? *c_.vcpus
                                                                       : 1;
    for (long c = 0; c < max_vcpus; ++c)
        if (!node_of_vcpu.contains(static_cast<std::uint64_t>(c))) {
            error(v->range, fmt::format("vnuma: vCPU {} is in no node (the nodes' vcpus= must name each of the {} "
                                        "vCPUs 0 to {} once; libxl: \"Vcpu {} is not assigned to any vnode\")",
                                        c, max_vcpus, max_vcpus - 1, c));
            return;
        }
    for (const auto& [c, i] : node_of_vcpu)
        if (static_cast<long>(c) >= max_vcpus) {
            error(v->range, fmt::format("vnuma node {}: vCPU {} is beyond the {} vCPUs the nodes name (numbered from "
                                        "0)",
                                        i, c, max_vcpus));
            return;
        }
    if (total_mib == 0) {
        error(v->range, "vnuma: no node has a size= above 0: the guest would have no RAM (xl gives it maxmem 0)");
        return;
    }
    const std::uint64_t total_kib = total_mib * 1024;
    if (c_.max_memkb.is_set() && *c_.max_memkb != total_kib) {
        error(c_.max_memkb.where, fmt::format("xl: maxmem and vnuma memory size mismatch (maxmem = {} MiB, the vnuma "
                                              "nodes' sizes add up to {} MiB)",
                                              *c_.max_memkb / 1024, total_mib));
        return;
    }
    if (!c_.max_memkb.is_set()) set(c_.max_memkb, total_kib, "vnuma", v->range);
    add_setting("vnuma", "/b_info/vnuma_nodes", "vnuma", std::move(nodes), v->range);
    if (placed) add_setting("vnuma", "/b_info/numa_placement", "vnuma", false, v->range);
}

std::string_view own_grammar_family(std::string_view key) {
    if (key == "vnuma") return "vnuma";
    if (key == "cpuid") return "cpuid";
    return {};
}

} // namespace domfw::domain::detail
