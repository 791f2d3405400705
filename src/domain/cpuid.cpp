// `cpuid`, as xl 4.17 (Debian's 4.17.7) reads it into b_info.cpuid (libxl_cpuid_policy_list):
//   cpuid = "host,tm=0,sse3=0,family=6"       the libxl form: "host", then NAME=VALUE flags
//   cpuid = [ "0x1:ecx=xxxx...,edx=...", ... ] the xend form: LEAF[,SUBLEAF]:eNx=<32 characters>
// Each leaf (and subleaf) named gets a 32-character mask per register, bit 31 first; a feature
// of MSR 0x10a (ARCH_CAPABILITIES) a 64-character mask of that MSR. xl prints an error for a
// malformed entry and creates the domain without it; domfw refuses the config instead
// (docs/differences-from-xl.md, 11b), with xl's words.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>

#include "domain/devices/tokens.hpp"
#include "domain/interpreter.hpp"

namespace domfw::domain::detail {

namespace {

constexpr std::uint32_t kNoSubleaf = 0xffffffff; // XEN_CPUID_INPUT_UNUSED
constexpr std::uint32_t kArchCapsMsr = 0x10a;

// A field of a CPUID register that has a name of its own in libxl (several bits wide, or not in
// Xen's featureset): reg 0..3 = eax..edx, bits [bit, bit + length).
struct NamedField {
    std::string_view name;
    std::uint32_t leaf;
    std::uint32_t subleaf;
    unsigned reg;
    unsigned bit;
    unsigned length;
};

constexpr auto kNamedFields = std::to_array<NamedField>({
    {"maxleaf", 0x00000000, kNoSubleaf, 0, 0, 32},
    {"stepping", 0x00000001, kNoSubleaf, 0, 0, 4},
    {"model", 0x00000001, kNoSubleaf, 0, 4, 8},
    {"family", 0x00000001, kNoSubleaf, 0, 8, 8},
    {"brandid", 0x00000001, kNoSubleaf, 1, 0, 8},
    {"clflush", 0x00000001, kNoSubleaf, 1, 8, 8},
    {"proccount", 0x00000001, kNoSubleaf, 1, 16, 8},
    {"localapicid", 0x00000001, kNoSubleaf, 1, 24, 8},
    {"est", 0x00000001, kNoSubleaf, 2, 7, 1},
    {"cntxid", 0x00000001, kNoSubleaf, 2, 10, 1},
    {"cmpxchg16", 0x00000001, kNoSubleaf, 2, 13, 1},
    {"sse4_1", 0x00000001, kNoSubleaf, 2, 19, 1},
    {"sse4.1", 0x00000001, kNoSubleaf, 2, 19, 1},
    {"sse4_2", 0x00000001, kNoSubleaf, 2, 20, 1},
    {"sse4.2", 0x00000001, kNoSubleaf, 2, 20, 1},
    {"aes", 0x00000001, kNoSubleaf, 2, 25, 1},
    {"cmpxchg8", 0x00000001, kNoSubleaf, 3, 8, 1},
    {"sysenter", 0x00000001, kNoSubleaf, 3, 11, 1},
    {"psn", 0x00000001, kNoSubleaf, 3, 18, 1},
    {"clfsh", 0x00000001, kNoSubleaf, 3, 19, 1},
    {"tm", 0x00000001, kNoSubleaf, 3, 29, 1},
    {"ia64", 0x00000001, kNoSubleaf, 3, 30, 1},
    {"pbe", 0x00000001, kNoSubleaf, 3, 31, 1},
    {"arat", 0x00000006, kNoSubleaf, 0, 2, 1},
    {"tsc_adjust", 0x00000007, 0, 1, 1, 1},
    {"cmt", 0x00000007, 0, 1, 12, 1},
    {"lahfsahf", 0x80000001, kNoSubleaf, 2, 0, 1},
    {"cmplegacy", 0x80000001, kNoSubleaf, 2, 1, 1},
    {"altmovcr8", 0x80000001, kNoSubleaf, 2, 4, 1},
    {"nodeid", 0x80000001, kNoSubleaf, 2, 19, 1},
    {"perfctr_core", 0x80000001, kNoSubleaf, 2, 23, 1},
    {"perfctr_nb", 0x80000001, kNoSubleaf, 2, 24, 1},
    {"procpkg", 0x00000004, 0, 0, 26, 6},
    {"invtsc", 0x80000007, kNoSubleaf, 3, 8, 1},
    {"ppin", 0x80000008, kNoSubleaf, 1, 23, 1},
    {"btc-no", 0x80000008, kNoSubleaf, 1, 29, 1},
    {"nc", 0x80000008, kNoSubleaf, 2, 0, 8},
    {"apicidsize", 0x80000008, kNoSubleaf, 2, 12, 4},
    {"svm_npt", 0x8000000a, kNoSubleaf, 3, 0, 1},
    {"svm_lbrv", 0x8000000a, kNoSubleaf, 3, 1, 1},
    {"svm_nrips", 0x8000000a, kNoSubleaf, 3, 3, 1},
    {"svm_tscrate", 0x8000000a, kNoSubleaf, 3, 4, 1},
    {"svm_vmcbclean", 0x8000000a, kNoSubleaf, 3, 5, 1},
    {"svm_decode", 0x8000000a, kNoSubleaf, 3, 7, 1},
    {"svm_pausefilt", 0x8000000a, kNoSubleaf, 3, 10, 1},
    {"lfence+", 0x80000021, kNoSubleaf, 0, 2, 1},
    {"maxhvleaf", 0x40000000, kNoSubleaf, 0, 0, 8},
});

// Xen's featureset (public/arch-x86/cpufeatureset.h of 4.17.7, lower case, '_' as '-'): the word
// and bit of each feature name libxl accepts.
struct Feature {
    unsigned word;
    unsigned bit;
    std::string_view name;
};

constexpr auto kFeatures = std::to_array<Feature>({
    {0, 0, "fpu"},
    {0, 1, "vme"},
    {0, 2, "de"},
    {0, 3, "pse"},
    {0, 4, "tsc"},
    {0, 5, "msr"},
    {0, 6, "pae"},
    {0, 7, "mce"},
    {0, 8, "cx8"},
    {0, 9, "apic"},
    {0, 11, "sep"},
    {0, 12, "mtrr"},
    {0, 13, "pge"},
    {0, 14, "mca"},
    {0, 15, "cmov"},
    {0, 16, "pat"},
    {0, 17, "pse36"},
    {0, 19, "clflush"},
    {0, 21, "ds"},
    {0, 22, "acpi"},
    {0, 23, "mmx"},
    {0, 24, "fxsr"},
    {0, 25, "sse"},
    {0, 26, "sse2"},
    {0, 27, "ss"},
    {0, 28, "htt"},
    {0, 29, "tm1"},
    {0, 31, "pbe"},
    {1, 0, "sse3"},
    {1, 1, "pclmulqdq"},
    {1, 2, "dtes64"},
    {1, 3, "monitor"},
    {1, 4, "dscpl"},
    {1, 5, "vmx"},
    {1, 6, "smx"},
    {1, 7, "eist"},
    {1, 8, "tm2"},
    {1, 9, "ssse3"},
    {1, 12, "fma"},
    {1, 13, "cx16"},
    {1, 14, "xtpr"},
    {1, 15, "pdcm"},
    {1, 17, "pcid"},
    {1, 18, "dca"},
    {1, 19, "sse4-1"},
    {1, 20, "sse4-2"},
    {1, 21, "x2apic"},
    {1, 22, "movbe"},
    {1, 23, "popcnt"},
    {1, 24, "tsc-deadline"},
    {1, 25, "aesni"},
    {1, 26, "xsave"},
    {1, 27, "osxsave"},
    {1, 28, "avx"},
    {1, 29, "f16c"},
    {1, 30, "rdrand"},
    {1, 31, "hypervisor"},
    {2, 11, "syscall"},
    {2, 20, "nx"},
    {2, 22, "mmxext"},
    {2, 25, "ffxsr"},
    {2, 26, "page1gb"},
    {2, 27, "rdtscp"},
    {2, 29, "lm"},
    {2, 30, "3dnowext"},
    {2, 31, "3dnow"},
    {3, 0, "lahf-lm"},
    {3, 1, "cmp-legacy"},
    {3, 2, "svm"},
    {3, 3, "extapic"},
    {3, 4, "cr8-legacy"},
    {3, 5, "abm"},
    {3, 6, "sse4a"},
    {3, 7, "misalignsse"},
    {3, 8, "3dnowprefetch"},
    {3, 9, "osvw"},
    {3, 10, "ibs"},
    {3, 11, "xop"},
    {3, 12, "skinit"},
    {3, 13, "wdt"},
    {3, 15, "lwp"},
    {3, 16, "fma4"},
    {3, 19, "nodeid-msr"},
    {3, 21, "tbm"},
    {3, 22, "topoext"},
    {3, 26, "dbext"},
    {3, 29, "monitorx"},
    {4, 0, "xsaveopt"},
    {4, 1, "xsavec"},
    {4, 2, "xgetbv1"},
    {4, 3, "xsaves"},
    {5, 0, "fsgsbase"},
    {5, 1, "tsc-adjust"},
    {5, 2, "sgx"},
    {5, 3, "bmi1"},
    {5, 4, "hle"},
    {5, 5, "avx2"},
    {5, 6, "fdp-excp-only"},
    {5, 7, "smep"},
    {5, 8, "bmi2"},
    {5, 9, "erms"},
    {5, 10, "invpcid"},
    {5, 11, "rtm"},
    {5, 12, "pqm"},
    {5, 13, "no-fpu-sel"},
    {5, 14, "mpx"},
    {5, 15, "pqe"},
    {5, 16, "avx512f"},
    {5, 17, "avx512dq"},
    {5, 18, "rdseed"},
    {5, 19, "adx"},
    {5, 20, "smap"},
    {5, 21, "avx512-ifma"},
    {5, 23, "clflushopt"},
    {5, 24, "clwb"},
    {5, 25, "proc-trace"},
    {5, 26, "avx512pf"},
    {5, 27, "avx512er"},
    {5, 28, "avx512cd"},
    {5, 29, "sha"},
    {5, 30, "avx512bw"},
    {5, 31, "avx512vl"},
    {6, 0, "prefetchwt1"},
    {6, 1, "avx512-vbmi"},
    {6, 2, "umip"},
    {6, 3, "pku"},
    {6, 4, "ospke"},
    {6, 6, "avx512-vbmi2"},
    {6, 7, "cet-ss"},
    {6, 8, "gfni"},
    {6, 9, "vaes"},
    {6, 10, "vpclmulqdq"},
    {6, 11, "avx512-vnni"},
    {6, 12, "avx512-bitalg"},
    {6, 14, "avx512-vpopcntdq"},
    {6, 22, "rdpid"},
    {6, 25, "cldemote"},
    {6, 27, "movdiri"},
    {6, 28, "movdir64b"},
    {6, 29, "enqcmd"},
    {7, 7, "hw-pstate"},
    {7, 8, "itsc"},
    {7, 9, "cpb"},
    {7, 10, "efro"},
    {8, 0, "clzero"},
    {8, 2, "rstr-fp-err-ptrs"},
    {8, 9, "wbnoinvd"},
    {8, 12, "ibpb"},
    {8, 14, "ibrs"},
    {8, 15, "amd-stibp"},
    {8, 16, "ibrs-always"},
    {8, 17, "stibp-always"},
    {8, 18, "ibrs-fast"},
    {8, 19, "ibrs-same-mode"},
    {8, 20, "no-lmsl"},
    {8, 23, "amd-ppin"},
    {8, 24, "amd-ssbd"},
    {8, 25, "virt-ssbd"},
    {8, 26, "ssb-no"},
    {8, 28, "psfd"},
    {8, 29, "btc-no"},
    {8, 30, "ibpb-ret"},
    {9, 2, "avx512-4vnniw"},
    {9, 3, "avx512-4fmaps"},
    {9, 4, "fsrm"},
    {9, 8, "avx512-vp2intersect"},
    {9, 9, "srbds-ctrl"},
    {9, 10, "md-clear"},
    {9, 11, "rtm-always-abort"},
    {9, 13, "tsx-force-abort"},
    {9, 14, "serialize"},
    {9, 15, "hybrid"},
    {9, 16, "tsxldtrk"},
    {9, 20, "cet-ibt"},
    {9, 23, "avx512-fp16"},
    {9, 26, "ibrsb"},
    {9, 27, "stibp"},
    {9, 28, "l1d-flush"},
    {9, 29, "arch-caps"},
    {9, 30, "core-caps"},
    {9, 31, "ssbd"},
    {10, 4, "avx-vnni"},
    {10, 5, "avx512-bf16"},
    {10, 10, "fzrm"},
    {10, 11, "fsrs"},
    {10, 12, "fsrcs"},
    {11, 2, "lfence-dispatch"},
    {11, 5, "verw-clear"},
    {11, 6, "nscb"},
    {11, 8, "auto-ibrs"},
    {11, 27, "sbpb"},
    {11, 28, "ibpb-brtype"},
    {11, 29, "srso-no"},
    {11, 30, "srso-us-no"},
    {11, 31, "srso-msr-fix"},
    {12, 0, "intel-ppin"},
    {13, 0, "intel-psfd"},
    {13, 1, "ipred-ctrl"},
    {13, 2, "rrsba-ctrl"},
    {13, 4, "bhi-ctrl"},
    {13, 5, "mcdt-no"},
    {15, 18, "cet-sss"},
    {16, 0, "rdcl-no"},
    {16, 1, "eibrs"},
    {16, 2, "rsba"},
    {16, 3, "skip-l1dfl"},
    {16, 4, "intel-ssb-no"},
    {16, 5, "mds-no"},
    {16, 6, "if-pschange-mc-no"},
    {16, 7, "tsx-ctrl"},
    {16, 8, "taa-no"},
    {16, 9, "mcu-ctrl"},
    {16, 10, "misc-pkg-ctrl"},
    {16, 11, "energy-filtering"},
    {16, 12, "doitm"},
    {16, 13, "sbdr-ssdp-no"},
    {16, 14, "fbsdp-no"},
    {16, 15, "psdp-no"},
    {16, 17, "fb-clear"},
    {16, 18, "fb-clear-ctrl"},
    {16, 19, "rrsba"},
    {16, 20, "bhi-no"},
    {16, 21, "xapic-status"},
    {16, 23, "ovrclk-status"},
    {16, 24, "pbrsb-no"},
    {16, 25, "gds-ctrl"},
    {16, 26, "gds-no"},
    {16, 27, "rfds-no"},
    {16, 28, "rfds-clear"},
    {16, 62, "its-no"},
    {18, 1, "tsa-sq-no"},
    {18, 2, "tsa-l1-no"},
});

// Where each featureset word lives: a CPUID leaf/subleaf register, or half of MSR 0x10a.
struct Word {
    std::uint32_t leaf; // or the MSR
    std::uint32_t subleaf;
    unsigned reg; // 0..3 = eax..edx
    bool msr;
};

constexpr auto kWords = std::to_array<Word>({
    {0x00000001, kNoSubleaf, 3, false}, {0x00000001, kNoSubleaf, 2, false}, {0x80000001, kNoSubleaf, 3, false},
    {0x80000001, kNoSubleaf, 2, false}, {0x0000000d, 1, 0, false},          {0x00000007, 0, 1, false},
    {0x00000007, 0, 2, false},          {0x80000007, kNoSubleaf, 3, false}, {0x80000008, kNoSubleaf, 1, false},
    {0x00000007, 0, 3, false},          {0x00000007, 1, 0, false},          {0x80000021, kNoSubleaf, 0, false},
    {0x00000007, 1, 1, false},          {0x00000007, 2, 3, false},          {0x00000007, 1, 2, false},
    {0x00000007, 1, 3, false},          {kArchCapsMsr, 0, 0, true},         {kArchCapsMsr, 0, 3, true},
    {0x80000021, kNoSubleaf, 2, false},
});

constexpr std::string_view kAllX = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

class PolicyBuilder {
public:
    CpuidPolicy policy;

    // cpuid_find_match: the leaf's entry, made (with no register) the first time.
    CpuidLeaf& leaf(std::uint32_t leaf, std::uint32_t subleaf) {
        for (auto& l : policy.leaves)
            if (l.leaf == leaf && l.subleaf.value_or(kNoSubleaf) == subleaf) return l;
        CpuidLeaf l;
        l.leaf = leaf;
        if (subleaf != kNoSubleaf) l.subleaf = subleaf;
        policy.leaves.push_back(l);
        return policy.leaves.back();
    }
    std::string& msr(std::uint32_t index) {
        for (auto& m : policy.msrs)
            if (m.index == index) return m.policy;
        policy.msrs.push_back(CpuidMsr{index, std::string(64, 'x')});
        return policy.msrs.back().policy;
    }
};

// libxl_cpuid_parse_config: one NAME=VALUE of the "host,..." form. Returns xl's error number
// (0 = fine): 1 no '=', 2 unknown name, 3 a value that is not a number or one of x, k, s.
int parse_flag(PolicyBuilder& b, std::string_view item) {
    auto eq = item.find('=');
    if (eq == std::string_view::npos) return 1;
    std::string_view name = item.substr(0, eq);
    std::string value(item.substr(eq + 1));
    NamedField f{};
    bool msr = false;
    if (auto it = std::find_if(kNamedFields.begin(), kNamedFields.end(), [&](const auto& n) { return n.name == name; });
        it != kNamedFields.end()) {
        f = *it;
    } else if (auto ft =
                   std::find_if(kFeatures.begin(), kFeatures.end(), [&](const auto& n) { return n.name == name; });
               ft != kFeatures.end()) {
        const Word& w = kWords[ft->word];
        msr = w.msr;
        f = NamedField{ft->name, w.leaf, w.subleaf, w.reg, ft->bit + (w.msr && w.reg == 3 ? 32U : 0U), 1};
    } else {
        return 2;
    }
    if (msr) {
        // One character only; the deprecated 's' is stored as 'k'.
        if (value.size() != 1 || std::string_view("01xks").find(value[0]) == std::string_view::npos) return 3;
        b.msr(f.leaf)[63 - f.bit] = value[0] == 's' ? 'k' : value[0];
        return 0;
    }
    CpuidLeaf& entry = b.leaf(f.leaf, f.subleaf);
    // A number (strtoul base 0: its low `length` bits) or x/k/s for every bit. domfw wants the
    // whole value to be that; xl reads "1junk" as 1 and "xyz" as x.
    errno = 0;
    char* end = nullptr;
    unsigned long num = std::strtoul(value.c_str(), &end, 0);
    std::string bits(f.length, '0');
    const bool numeric =
        end != value.c_str() && *end == '\0' && errno == 0 && value[0] != '-' && value[0] != '+' && value[0] != ' ';
    if (numeric) {
        for (unsigned i = 0; i < f.length; ++i)
            bits[f.length - 1 - i] = ((num >> i) & 1U) != 0 ? '1' : '0';
    } else if (value.size() == 1 && (value[0] == 'x' || value[0] == 'k' || value[0] == 's')) {
        num = 0;
        bits.assign(f.length, value[0]);
    } else {
        return 3;
    }
    auto& reg = entry.regs[f.reg];
    if (!reg) reg = std::string(kAllX);
    std::string& r = *reg;
    // r[0] is bit 31. Family and model spill into the extended fields of leaf 1's eax.
    if (f.name == "family") {
        if (num < 16) {
            r.replace(32 - 4 - f.bit, 4, bits, 4, 4);
            r.replace(32 - 8 - 20, 8, "00000000");
        } else {
            num -= 15;
            r.replace(32 - 4 - f.bit, 4, "1111");
            for (unsigned i = 0; i < 7; ++i) {
                bits[7 - i] = (num & 1U) != 0 ? '1' : '0';
                num >>= 1;
            }
            r.replace(32 - 8 - 20, 8, bits);
        }
    } else if (f.name == "model") {
        r.replace(32 - 4 - 16, 4, bits, 0, 4);
        r.replace(32 - 4 - f.bit, 4, bits, 4, 4);
    } else {
        r.replace(32 - f.length - f.bit, f.length, bits);
    }
    return 0;
}

// libxl_cpuid_parse_config_xend: LEAF[,SUBLEAF]:eNx=MASK[,eNx=MASK...]. xl's error numbers: 1 bad
// leaf, 2 bad subleaf, 3 no colon, 4 bad register name, 5 a mask not 32 characters long; domfw
// adds 6, a mask character other than 0, 1, x, k, s.
int parse_xend(PolicyBuilder& b, const std::string& line) {
    const char* s = line.c_str();
    char* end = nullptr;
    unsigned long leaf = std::strtoul(s, &end, 0);
    if (end == s) return 1;
    unsigned long subleaf = kNoSubleaf;
    if (*end == ',') {
        const char* t = end + 1;
        subleaf = std::strtoul(t, &end, 0);
        if (end == t) return 2;
    }
    if (*end != ':') return 3;
    CpuidLeaf& entry =
        b.leaf(static_cast<std::uint32_t>(leaf), static_cast<std::uint32_t>(subleaf)); // uint32_t, as in libxl
    std::string_view rest(end + 1);
    while (!rest.empty()) {
        if (rest.size() < 4 || rest[0] != 'e' || rest[2] != 'x' || rest[3] != '=' || rest[1] < 'a' || rest[1] > 'd')
            return 4;
        const auto reg = static_cast<std::size_t>(rest[1] - 'a');
        rest.remove_prefix(4);
        auto comma = rest.find(',');
        std::string_view mask = rest.substr(0, comma);
        if (mask.size() != 32) return 5;
        if (mask.find_first_not_of("01xks") != std::string_view::npos) return 6;
        entry.regs[reg] = std::string(mask);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n'))
            rest.remove_prefix(1);
    }
    return 0;
}

} // namespace

void Interpreter::cpuid() {
    const cfg::Value* v = doc_.get("cpuid");
    if (v == nullptr) return;
    PolicyBuilder b;
    if (v->is_list()) {
        static constexpr std::array<std::string_view, 7> kWhy{"",
                                                              "illegal leaf number",
                                                              "illegal subleaf number",
                                                              "missing colon",
                                                              "invalid register name (must be e[abcd]x)",
                                                              "policy string must be exactly 32 characters long",
                                                              "a policy character other than 0, 1, x, k or s"};
        for (const auto& item : v->items) {
            if (item.is_list()) break; // xlu_cfg_get_listitem: the list ends there
            const std::string line = item.text.str();
            if (int e = parse_xend(b, line); e != 0) {
                error(item.range, fmt::format("while parsing CPUID line: \"{}\": error #{}: {} (expected "
                                              "LEAF[,SUBLEAF]:eNx=MASK,... with 32 of 0, 1, x, k, s per MASK; xl "
                                              "goes on without it)",
                                              line, e, kWhy[static_cast<std::size_t>(e)]));
                return;
            }
        }
    } else {
        auto s = get_string("cpuid");
        if (!s) return;
        const auto parts = strtok_all(s->text, ',');
        if (parts.empty()) return;
        if (parts.front() != "host") {
            error(s->range, fmt::format("while parsing CPUID string: \"{}\": error: first word must be \"host\" "
                                        "(as in cpuid = \"host,tm=0,sse3=0\"; xl goes on without it)",
                                        s->text));
            return;
        }
        static constexpr std::array<std::string_view, 4> kWhy{
            "", "missing \"=\" in key=value", "unknown CPUID flag name", "illegal CPUID value (must be: [0|1|x|k|s])"};
        for (std::size_t i = 1; i < parts.size(); ++i)
            if (int e = parse_flag(b, parts[i]); e != 0) {
                error(s->range, fmt::format("while parsing CPUID flag: \"{}\": error #{}: {} (in cpuid = \"{}\"; xl "
                                            "goes on without it)",
                                            parts[i], e, kWhy[static_cast<std::size_t>(e)], s->text));
                return;
            }
    }
    if (!b.policy.leaves.empty() || !b.policy.msrs.empty())
        add_setting("cpuid", "/b_info/cpuid", "cpuid", std::move(b.policy), v->range);
}

// Xen 4.18's `virtio = [...]` (virtio-mmio devices): xl 4.17 does not read it, silently.
void Interpreter::newer_xen_keys() {
    if (const auto* a = last("virtio"))
        warning(a->key_range, "\"virtio\" is a Xen 4.18 key (virtio-mmio devices): xl 4.17 ignores it without a "
                              "word, so the guest gets no virtio device; it is passed through unchanged");
}

} // namespace domfw::domain::detail
