// Paths in the config: resolved against the config's directory (firmware names against the
// firmware directory), then checked to be regular files unless the load ignores missing files.
#include "domain/interpreter.hpp"

#include <filesystem>
#include <system_error>

namespace domfw::domain::detail {

namespace fs = std::filesystem;

FileRef Interpreter::file_ref(std::string_view key, const Atom& a) const {
    FileRef f;
    f.key = std::string(key);
    f.written = a.text;
    f.where = a.range;
    if (!a.text.empty()) {
        fs::path p(a.text);
        f.resolved = p.is_absolute() ? p : (c_.config_dir / p).lexically_normal();
    }
    return f;
}

// Firmware names: a bare name lives in the firmware directory, anything with a '/' is a path.
FileRef Interpreter::firmware_ref(std::string_view key, const Atom& a) const {
    FileRef f = file_ref(key, a);
    if (!a.text.empty() && a.text.find('/') == std::string::npos) f.resolved = opt_.firmware_dir / a.text;
    return f;
}

void Interpreter::check_files() {
    if (opt_.missing_file == MissingFile::ignore) return;
    for (const FileRef* f : c_.files()) {
        if (f->inside_guest) continue;
        std::error_code ec;
        if (!f->resolved.empty() && fs::is_regular_file(f->resolved, ec)) continue;
        // A device or FIFO is there but is no file to load (/dev/zero would be read forever).
        const bool there = !f->resolved.empty() && fs::exists(f->resolved, ec);
        auto message = fmt::format("{} = \"{}\": {} (resolved to \"{}\")", f->key, f->written,
                                   there ? "not a regular file" : "file not found", f->resolved.string());
        if (opt_.missing_file == MissingFile::error)
            error(f->where, message);
        else
            warning(f->where, message);
    }
    if (c_.bootloader.is_set() && opt_.missing_file != MissingFile::ignore) {
        fs::path p(*c_.bootloader);
        fs::path resolved = p.is_absolute() ? p : opt_.bootloader_dir / p;
        std::error_code ec;
        if (!fs::exists(resolved, ec)) {
            auto message = fmt::format("bootloader = \"{}\": program not found (resolved to \"{}\")", *c_.bootloader,
                                       resolved.string());
            if (opt_.missing_file == MissingFile::error)
                error(c_.bootloader.where, message);
            else
                warning(c_.bootloader.where, message);
        }
    }
}

} // namespace domfw::domain::detail
