// PCI_SPEC_STRING: libxlutil's xlu_pci_parse_spec_string (Xen 4.17): "[DDDD:]BB:DD.F[@VSLOT]"
// then "key=value" pairs, or only pairs with bdf= or name= (exactly one of the two). The numbers
// are read with sscanf's %x, as libxlutil reads them (so "1:0x2.3" is bus 1, device 2).
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <strings.h>

#include <fmt/format.h>

#include "domain/devices/devices.hpp"

namespace domfw::domain {

namespace {

constexpr std::uint32_t kAllFunctions = 0xffffffffU; // LIBXL_PCI_FUNC_ALL
constexpr std::string_view kNotBdf =
    "is not a BDF [DDDD:]BB:DD.F (hexadecimal; domain <= ffff, bus <= ff, device <= 1f, function <= 7 or *)";

// sscanf's "%x": nullopt when nothing converts; `used` is how many bytes it took.
std::optional<unsigned> scan_hex(const char* p, std::size_t& used) {
    unsigned v = 0;
    int n = -1;
    if (std::sscanf(p, "%x%n", &v, &n) != 1 || n < 0) return std::nullopt; // NOLINT(cert-err34-c): libxlutil's
    used = static_cast<std::size_t>(n);
    return v;
}

// "[domain:]bus:dev.func" or "bus:dev.*"; `end` is where it stopped.
bool parse_bdf(Pci& pci, const std::string& s, std::size_t& end) {
    std::size_t colons = 0;
    for (std::size_t i = 0; i < s.size() && (std::isxdigit(static_cast<unsigned char>(s[i])) != 0 || s[i] == ':'); ++i)
        if (s[i] == ':') ++colons;
    if (colons != 1 && colons != 2) return false;
    unsigned numbers[3] = {0, 0, 0};
    std::size_t at = 0;
    std::size_t first = colons == 1 ? 1 : 0; // without a domain, it is 0
    for (std::size_t k = first; k < 3; ++k) {
        std::size_t used = 0;
        auto v = scan_hex(s.c_str() + at, used);
        if (!v) return false;
        numbers[k] = *v;
        at += used;
        char sep = k < 2 ? ':' : '.';
        if (at >= s.size() || s[at] != sep) return false;
        ++at;
    }
    auto [domain, bus, dev] = numbers;
    if (domain > 0xffff || bus > 0xff || dev > 0x1f) return false;
    unsigned func = 0;
    if (at < s.size() && s[at] == '*') {
        pci.vfunc_mask = kAllFunctions;
        ++at;
    } else {
        std::size_t used = 0;
        auto f = scan_hex(s.c_str() + at, used);
        if (!f || *f > 7) return false;
        func = *f;
        pci.vfunc_mask = 1;
        at += used;
    }
    pci.domain = domain;
    pci.bus = bus;
    pci.dev = dev;
    pci.func = func;
    end = at;
    return true;
}

bool parse_vslot(std::uint32_t& vdevfn, const std::string& s, std::size_t& end) {
    std::size_t used = 0;
    auto v = scan_hex(s.c_str(), used);
    if (!v || *v > 0x1f) return false;
    vdevfn = *v << 3;
    end = used;
    return true;
}

bool atoi_flag(const std::string& v) { return std::atoi(v.c_str()) != 0; } // NOLINT(cert-err34-c): libxlutil's

} // namespace

Expected<Pci> parse_pci(std::string_view spec, const PciDefaults& defaults) {
    Pci pci;
    pci.msitranslate = defaults.msitranslate;
    pci.power_mgmt = defaults.power_mgmt;
    pci.permissive = defaults.permissive;
    pci.seize = defaults.seize;
    pci.rdm_policy = defaults.rdm_policy;
    auto fail = [&](std::string_view why) {
        return Unexpected(Error{fmt::format("unable to parse PCI_SPEC_STRING `{}': {}", spec, why)});
    };
    std::string s(spec);
    std::size_t at = 0;
    bool bdf_present = false;
    bool name_present = false;
    if (std::size_t end = 0; parse_bdf(pci, s, end)) {
        bdf_present = true;
        at = end;
        if (at < s.size() && s[at] == '@') {
            ++at;
            std::size_t used = 0;
            if (!parse_vslot(pci.vdevfn, s.substr(at), used))
                return fail(
                    fmt::format("the virtual slot \"{}\" is not a hexadecimal number from 0 to 1f", s.substr(at)));
            at += used;
        }
        if (at < s.size() && s[at] == ',')
            ++at;
        else if (at < s.size())
            return fail(fmt::format("\"{}\" follows the BDF; expected ',' or '@'", s.substr(at)));
    } else if (auto colon = s.find(':'); colon != std::string::npos && colon < s.find('=')) {
        // A BDF that did not parse ("1:2", "1:20.3"): name it, not the "option" xl would see
        // in it (xl 4.17 even crashes on "1:2", reading the offset of a '.' it never found).
        return fail(fmt::format("\"{}\" {}", s.substr(0, s.find_first_of(",@")), kNotBdf));
    }
    while (at < s.size()) {
        auto eq = s.find('=', at);
        if (eq == std::string::npos)
            return fail(fmt::format("\"{}\" is not key=value (or not a BDF such as 0000:03:00.0)", s.substr(at)));
        auto key = s.substr(at, eq - at);
        auto comma = s.find(',', eq + 1);
        auto val = s.substr(eq + 1, comma == std::string::npos ? std::string::npos : comma - eq - 1);
        at = comma == std::string::npos ? s.size() : comma + 1;
        if (key == "bdf") {
            std::size_t end = 0;
            if (!parse_bdf(pci, val, end)) return fail(fmt::format("bdf=\"{}\" {}", val, kNotBdf));
            bdf_present = true;
        } else if (key == "vslot") {
            std::size_t end = 0;
            if (!parse_vslot(pci.vdevfn, val, end))
                return fail(fmt::format("vslot=\"{}\" is not a hexadecimal number from 0 to 1f", val));
        } else if (key == "permissive") {
            pci.permissive = atoi_flag(val);
        } else if (key == "msitranslate") {
            pci.msitranslate = atoi_flag(val);
        } else if (key == "seize") {
            pci.seize = atoi_flag(val);
        } else if (key == "power_mgmt") {
            pci.power_mgmt = atoi_flag(val);
        } else if (key == "rdm_policy") {
            // libxl's enum from_string is case-blind and also takes "invalid".
            if (strcasecmp(val.c_str(), "strict") == 0)
                pci.rdm_policy = RdmPolicy::strict;
            else if (strcasecmp(val.c_str(), "relaxed") == 0)
                pci.rdm_policy = RdmPolicy::relaxed;
            else if (strcasecmp(val.c_str(), "invalid") == 0)
                pci.rdm_policy = RdmPolicy::invalid;
            else
                return fail(fmt::format("Unknown RDM policy: {} (expected strict or relaxed)", val));
        } else if (key == "name") {
            name_present = true;
            pci.name = val;
        } else {
            return fail(fmt::format("Unknown PCI_SPEC_STRING option: {}", key));
        }
    }
    if (bdf_present && name_present) return fail("it gives both a BDF and name=; give one");
    if (!bdf_present && !name_present) return fail("it gives neither a BDF (such as 0000:03:00.0) nor name=");
    return pci;
}

std::string_view libxl_name(RdmPolicy p) {
    switch (p) {
    case RdmPolicy::invalid: return "invalid";
    case RdmPolicy::strict: return "strict";
    case RdmPolicy::relaxed: return "relaxed";
    }
    return "invalid";
}

} // namespace domfw::domain
