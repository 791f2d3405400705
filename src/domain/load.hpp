// Reading an xl.cfg into a DomainConfig: parse (cfg), interpret with xl 4.17's rules, resolve
// paths, check files. Every problem becomes a diagnostic with the config location.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "cfg/document.hpp"
#include "domain/domain_config.hpp"
#include "support/diagnostic.hpp"

namespace domfw::domain {

// Debian's XENFIRMWAREDIR and LIBEXEC_BIN for Xen 4.17.
inline constexpr const char* kDefaultFirmwareDir = "/usr/lib/xen-4.17/boot";
inline constexpr const char* kDefaultBootloaderDir = "/usr/lib/xen-4.17/bin";

enum class MissingFile : std::uint8_t { error, warning, ignore };

struct LoadOptions {
    std::filesystem::path firmware_dir = kDefaultFirmwareDir;
    std::filesystem::path bootloader_dir = kDefaultBootloaderDir;
    // check/build/run: error; show (a dry run, like `xl -N`): warning.
    MissingFile missing_file = MissingFile::error;
    // Keys interpreted by other layers (e.g. the module layer's pass-through policy keys): they are
    // kept in `passthrough` without an "unknown key" warning.
    std::vector<std::string> extension_keys;
};

struct LoadResult {
    DomainConfig config;
    support::Diagnostics diagnostics;
    std::string_view source; // the text, for rendering diagnostics: document's bytes (cfg::Document::source)
    cfg::Document document;
    [[nodiscard]] bool ok() const { return !diagnostics.has_errors(); }
};

// Reads, parses and interprets `path`. Never throws; a read or parse failure is a diagnostic.
[[nodiscard]] LoadResult load(const std::filesystem::path& path, const LoadOptions& options = {});
// Interprets text as if it were the file `path` (paths resolve against path's directory).
[[nodiscard]] LoadResult load_text(std::string_view text, const std::filesystem::path& path,
                                   const LoadOptions& options = {});

} // namespace domfw::domain
