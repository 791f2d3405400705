#include <algorithm>
#include <cctype>
#include <system_error>

#include <fmt/format.h>

#include "acpi/load.hpp"
#include "support/files.hpp"

namespace domfw::acpi {
namespace fs = std::filesystem;

namespace {

// Linux names tables by signature plus an instance number (drivers/acpi/sysfs.c); signatures
// are 4 characters from A-Z, 0-9, '_', '!', '$' in practice.
bool sysfs_table_name(const std::string& n) {
    if (n.size() < 4) return false;
    for (std::size_t i = 0; i < n.size(); ++i) {
        auto c = static_cast<unsigned char>(n[i]);
        bool sig_char = std::isupper(c) || std::isdigit(c) || c == '_' || c == '!' || c == '$';
        if (i < 4 ? !sig_char : !std::isdigit(c)) return false;
    }
    return true;
}

bool table_file_name(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".dat" || ext == ".aml" || ext == ".bin") return true;
    return ext.empty() && sysfs_table_name(p.filename().string());
}

// Natural order: "SSDT2" < "SSDT10"; letters compare case-insensitively.
bool natural_less(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        auto ca = static_cast<unsigned char>(a[i]);
        auto cb = static_cast<unsigned char>(b[j]);
        if (std::isdigit(ca) && std::isdigit(cb)) {
            std::size_t ie = i, je = j;
            while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie])))
                ++ie;
            while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je])))
                ++je;
            std::string_view na = std::string_view(a).substr(i, ie - i);
            std::string_view nb = std::string_view(b).substr(j, je - j);
            while (na.size() > 1 && na.front() == '0')
                na.remove_prefix(1);
            while (nb.size() > 1 && nb.front() == '0')
                nb.remove_prefix(1);
            if (na.size() != nb.size()) return na.size() < nb.size();
            if (na != nb) return na < nb;
            i = ie;
            j = je;
            continue;
        }
        int la = std::tolower(ca), lb = std::tolower(cb);
        if (la != lb) return la < lb;
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

std::string name_hint(const fs::path& p) {
    std::string n = p.stem().string();
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return n;
}

Expected<std::vector<fs::path>> table_files(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        // Not is_regular_file(), which follows links: a link or a device named like a table is
        // taken, and add_file refuses it (a capture's files are never followed out of it).
        std::error_code ec2;
        if (it->symlink_status(ec2).type() == fs::file_type::directory) continue;
        if (table_file_name(it->path())) out.push_back(it->path());
    }
    if (ec) return fail("{}: cannot list directory: {}", dir.string(), ec.message());
    std::sort(out.begin(), out.end(), [](const fs::path& a, const fs::path& b) {
        return natural_less(a.filename().string(), b.filename().string());
    });
    return out;
}

// The bytes a directory's tables may hold together: a capture is one input, limited as one file
// is (thousands of files of just under the limit would otherwise be read whole).
struct DirBudget {
    const fs::path& dir;
    std::uint64_t left = support::kCaptureInput.max_bytes;
};

Expected<void> add_file(AcpiTableSet& set, const fs::path& file, bool dynamic,
                        support::Links links = support::Links::refuse, DirBudget* budget = nullptr) {
    DOMFW_TRY_X(auto bytes, support::read_file(file, support::kCaptureInput, links));
    if (budget != nullptr) {
        if (bytes.size() > budget->left)
            return fail("{}: the table files hold more than {:#x} bytes ({} MiB) together, the limit for {}",
                        budget->dir.string(), support::kCaptureInput.max_bytes,
                        support::kCaptureInput.max_bytes / support::kMiB, support::kCaptureInput.what);
        budget->left -= bytes.size();
    }
    set.add(AcpiTable::decode(std::move(bytes), TableOrigin{name_hint(file), std::nullopt, file.string(), dynamic}));
    return {};
}

} // namespace

Expected<AcpiTableSet> load_table_dir(const fs::path& dir) {
    AcpiTableSet set;
    set.set_source(dir.string());
    DOMFW_TRY_X(auto files, table_files(dir));
    DirBudget budget{dir};
    for (const auto& f : files)
        DOMFW_TRY_VOID(add_file(set, f, false, support::Links::refuse, &budget));
    // Linux puts tables loaded at run time (Load/LoadTable of SSDTs) in dynamic/; data/ holds
    // firmware data regions such as BERT's error log, which are not tables.
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(dir / "dynamic", ec)))
        return fail("{}: is a symbolic link: directories inside a capture are not followed",
                    (dir / "dynamic").string());
    if (fs::symlink_status(dir / "dynamic", ec).type() == fs::file_type::directory) {
        DOMFW_TRY_X(auto dyn, table_files(dir / "dynamic"));
        for (const auto& f : dyn)
            DOMFW_TRY_VOID(add_file(set, f, true, support::Links::refuse, &budget));
    }
    if (set.empty()) {
        return fail("{}: no ACPI table files (expected files named like /sys/firmware/acpi/tables: DSDT, FACP, SSDT1, "
                    "...; or *.dat, *.aml, *.bin)",
                    dir.string());
    }
    return set;
}

Expected<AcpiTableSet> load_table_file(const fs::path& file) {
    AcpiTableSet set;
    set.set_source(file.string());
    // The one file the user named may be a link; files found in a directory may not.
    DOMFW_TRY_VOID(add_file(set, file, false, support::Links::follow));
    return set;
}

} // namespace domfw::acpi
