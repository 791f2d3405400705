// The interpreter behind domain::load: one pass over a parsed xl.cfg that fills a DomainConfig
// with xl 4.17's rules. Internal to src/domain; its members are defined by seam:
//   load.cpp               run(), type, name/uuid, on_* actions, smbios, unknown and repeated keys
//   xlu_values.cpp         libxlutil's value coercion (xlu_cfg_get_string / get_long)
//   memory_and_vcpus.cpp   memory, maxmem, videoram, vcpus, maxvcpus and their limits
//   boot_method.cpp        kernel/ramdisk/cmdline/bootloader, modules, the one boot method
//   firmware_selection.cpp HVM firmware (bios, firmware, overrides) and PV firmware (pvgrub)
//   path_checks.cpp        path resolution against the config and firmware directories, file checks
//   build_info.cpp         every other key libxl_domain_config holds (tables per family)
//   host_memory_keys.cpp   rdm, mmio_hole, e820_host and a PV guest's top-level vfb
//   vnuma.cpp, cpuid.cpp   vnuma (with maxmem/maxvcpus) and cpuid, each with its own grammar
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cfg/document.hpp"
#include "domain/domain_config.hpp"
#include "domain/load.hpp"
#include "support/diagnostic.hpp"

namespace domfw::domain::detail {

struct Atom {
    std::string text;
    cfg::SourceRange range;     // the value
    cfg::SourceRange key_range; // the key of the last assignment
};

inline bool is_prefix_of(std::string_view written, std::string_view full) {
    // xl's strncmp(buf, full, strlen(buf)) == 0: "" matches everything.
    return written.size() <= full.size() && full.substr(0, written.size()) == written;
}

// The family of vnuma and cpuid (vnuma.cpp), for build_info_family; empty for other keys.
std::string_view own_grammar_family(std::string_view key);

class Interpreter {
public:
    Interpreter(const cfg::Document& doc, const LoadOptions& opt, support::Diagnostics& diags, DomainConfig& c)
        : doc_(doc), opt_(opt), d_(diags), c_(c) {}

    void run();

private:
    const cfg::Document& doc_;
    const LoadOptions& opt_;
    support::Diagnostics& d_;
    DomainConfig& c_;
    cfg::SourceRange modules_range_;   // where `modules` is, for the boot method's conflicts
    bool kernel_from_modules_ = false; // modules[0] became the kernel

    support::SourceLocation at(const cfg::SourceRange& r) const { return {doc_.file(), r.line, r.column, r.length}; }
    void error(const cfg::SourceRange& r, std::string m) { d_.error(at(r), std::move(m)); }
    void warning(const cfg::SourceRange& r, std::string m) { d_.warning(at(r), std::move(m)); }
    std::string line_of(const cfg::SourceRange& r) const { return fmt::format("line {}", r.line); }

    template <class T> void set(Field<T>& f, T value, std::string_view key, const cfg::SourceRange& r) {
        f.value = std::move(value);
        f.key = std::string(key);
        f.where = r;
    }

    // xlu_values.cpp
    const cfg::Assignment* last(std::string_view key) const;
    std::optional<Atom> get_string(std::string_view key);
    // Beyond a long: saturate (LONG_MIN/LONG_MAX, so a range check reports it at the value) or
    // ignore it with a warning, as xlu_cfg_get_long itself does.
    enum class BeyondLong : std::uint8_t { saturate, ignore };
    std::optional<long> get_long(std::string_view key, Atom* atom = nullptr, BeyondLong beyond = BeyondLong::saturate);

    // memory_and_vcpus.cpp
    void memory_kib(Field<std::uint64_t>& f, std::string_view key);
    [[nodiscard]] std::string above_vcpu_limit(std::string_view key, std::string_view text) const;
    void sizes();
    void video_ram(); // called by run() after build_info(), which reads vga, stdvga and the device model
    [[nodiscard]] long vcpu_limit() const;

    // vnuma.cpp (called by sizes())
    void vnuma();
    // cpuid.cpp
    void cpuid();
    void newer_xen_keys();

    // boot_method.cpp
    void boot_keys();
    void modules();
    void boot_method();
    void pvh_cmdline();

    // firmware_selection.cpp
    void hvm_firmware();
    void bios_conflict(const Atom& fw, FirmwareKind kind);
    void pv_firmware();

    // path_checks.cpp
    FileRef file_ref(std::string_view key, const Atom& a) const;
    FileRef firmware_ref(std::string_view key, const Atom& a) const;
    void check_files();

    // build_info.cpp
    void build_info();
    void add_setting(std::string_view key, std::string_view path, std::string_view family, LibxlValue v,
                     const cfg::SourceRange& where);
    std::optional<long> get_long_quiet(std::string_view key);
    bool outside_scope(std::string_view key, bool hvm_only);
    void plain_keys();
    void enum_keys();
    void numbered_enum(std::string_view key, std::string_view path, std::vector<std::string_view> names, bool not_pv);
    void seclabels();
    void grant_limits();
    std::optional<std::vector<std::uint64_t>> cpu_set(std::string_view key, const std::string& text,
                                                      const cfg::SourceRange& where);
    void affinity();
    void io_resources();
    void hvm_lists();
    void viridian();

    // host_memory_keys.cpp
    void rdm();
    void mmio_hole();
    void pv_keys_after_devices();
    void pv_top_level_vfb();

    // load.cpp
    static constexpr std::size_t kMaxUnknownKeysListed = 100;
    void guest_type();
    void identity();
    void actions();
    void smbios();
    void unknown_and_duplicate_keys();
};

} // namespace domfw::domain::detail
