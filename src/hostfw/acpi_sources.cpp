#include "hostfw/acpi_sources.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string_view>
#include <system_error>

#include "acpi/acpidump_text.hpp"
#include "acpi/load.hpp"
#include "support/mapped_file.hpp"

namespace domfw::hostfw {
namespace fs = std::filesystem;

namespace {

// acpidump text is plain ASCII; binary tables nearly always hold NULs or high bytes early on.
bool looks_like_text(std::string_view head) {
    for (char c : head) {
        auto u = static_cast<unsigned char>(c);
        if (u == 0 || u >= 0x80 || (u < 0x20 && c != '\n' && c != '\r' && c != '\t')) return false;
    }
    return true;
}

bool has_acpidump_header(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (acpi::is_acpidump_header(line)) return true;
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
    return false;
}

bool signature_char(std::uint8_t c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '!' || c == '$' || c == ' ';
}

Expected<acpi::AcpiTableSet> read_acpi_file(const fs::path& from) {
    // Mapped, not read: an acpidump text is parsed in place (support/mapped_file.hpp).
    DOMFW_TRY_X(auto file, support::MappedFile::open(from, support::kCaptureInput));
    const std::span<const std::uint8_t> bytes = file.bytes();
    std::string_view all(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (!bytes.empty() && looks_like_text(all.substr(0, 4096))) {
        if (!has_acpidump_header(all)) {
            return fail("{}: text without an acpidump table: expected 'SIG @ 0xADDRESS' header lines followed by "
                        "'  0000: XX XX ...' hex lines",
                        from.string());
        }
        return acpi::load_acpidump_text(all, from.string());
    }
    bool rsdp = all.starts_with("RSD PTR ");
    bool sig = bytes.size() >= 4 && signature_char(bytes[0]) && signature_char(bytes[1]) && signature_char(bytes[2]) &&
               signature_char(bytes[3]);
    if (!rsdp && !sig) {
        return fail("{}: not an ACPI source: expected a binary table (4-character signature such as 'DSDT', then "
                    "its length), an RSDP ('RSD PTR '), acpidump text, or a directory of tables; found {}",
                    from.string(), found_instead(bytes));
    }
    DOMFW_TRY_X(auto set, acpi::load_table_file(from));
    const auto& t = set.tables().front();
    if (!t.problem().empty()) {
        // The table's problem is worded with its origin, which here is this same file: say it once.
        std::string_view why = t.problem();
        if (const std::string again = from.string() + ": "; why.starts_with(again)) why.remove_prefix(again.size());
        return fail("{}: not a valid ACPI table: {}", from.string(), why);
    }
    return set;
}

// The one *.txt file of `dir` (by lstat: a link counts, and is then refused), if exactly one.
std::optional<fs::path> sole_text_file(const fs::path& dir) {
    std::optional<fs::path> found;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code ec2;
        const auto type = it->symlink_status(ec2).type();
        if (type != fs::file_type::regular && type != fs::file_type::symlink) continue;
        if (it->path().extension() != ".txt") continue;
        if (found) return std::nullopt;
        found = it->path();
    }
    return found;
}

} // namespace

std::string found_instead(std::span<const std::uint8_t> b) {
    return b.empty() ? std::string("an empty file") : fmt::format("none of them in {:#x} bytes", b.size());
}

Expected<acpi::AcpiTableSet> read_acpi(const fs::path& from) {
    std::error_code ec;
    auto st = fs::status(from, ec);
    if (ec || !fs::exists(st)) return fail("{}: does not exist", from.string());
    if (fs::is_directory(st)) {
        // Directories inside a capture are not followed out of it either (files: Links::refuse).
        for (const fs::path& sub : {from / "acpi", from / "acpi" / "tables", from / "tables"}) {
            if (fs::is_symlink(fs::symlink_status(sub, ec)))
                return fail("{}: is a symbolic link: directories inside a capture are not followed", sub.string());
        }
        // A captured /sys/firmware (acpi/tables inside) or an acpi/ folder of one.
        if (fs::is_directory(from / "acpi" / "tables", ec)) return acpi::load_table_dir(from / "acpi" / "tables");
        if (fs::is_directory(from / "tables", ec) && from.filename() == "acpi")
            return acpi::load_table_dir(from / "tables");
        auto tables = acpi::load_table_dir(from);
        // A plain folder is a table directory when at least one of its files is a table whose
        // header holds: a folder of an SMBIOS capture (dmi.bin, entry.bin) holds no ACPI at all,
        // and reporting its files as broken tables would fail a command that asked for none.
        const auto sound = [](const acpi::AcpiTable& t) { return t.problem().empty(); };
        if (tables && std::ranges::any_of(tables->tables(), sound)) return tables;
        // No binary tables: a folder holding one acpidump text (acpidump.txt beside other notes).
        if (auto text = sole_text_file(from)) {
            DOMFW_TRY_X(auto file, support::MappedFile::open(*text, support::kCaptureInput, support::Links::refuse));
            std::string_view all(reinterpret_cast<const char*>(file.bytes().data()), file.bytes().size());
            if (looks_like_text(all.substr(0, 4096)) && has_acpidump_header(all))
                return acpi::load_acpidump_text(all, text->string());
        }
        if (tables)
            return fail("{}: no ACPI tables: none of its {} files starts with a table header that holds", from.string(),
                        tables->tables().size());
        return tables;
    }
    return read_acpi_file(from);
}

Expected<acpi::AcpiTableSet> read_acpi_live_at(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return fail("{}: not present: this machine exposes no ACPI tables (no ACPI firmware, or sysfs is not mounted)",
                    dir.string());
    }
    // The files are mode 0400 root: say so instead of a bare "permission denied".
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code ec2;
        if (!it->is_regular_file(ec2)) continue;
        if (::access(it->path().c_str(), R_OK) != 0 && errno == EACCES) {
            return fail(
                "{}: permission denied: reading the ACPI tables needs root (run as root, or copy {} as root and "
                "read the copy instead: --from DIR for `domfw host`, firmware_source = \"DIR\" in a guest's config)",
                it->path().string(), dir.string());
        }
    }
    return acpi::load_table_dir(dir);
}

Expected<acpi::AcpiTableSet> read_acpi_live() { return read_acpi_live_at(kLiveAcpiTables); }

} // namespace domfw::hostfw
