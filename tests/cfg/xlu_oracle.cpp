#include "xlu_oracle.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include <fmt/format.h>

extern "C" {
#include <libxlutil.h>
}

#include "cfg/document.hpp"

// libxlutil 4.17 leaks the values of a statement it rejects (its bison rules free only some of
// them on error). That is its bug, not ours: keep LeakSanitizer quiet about that library only.
extern "C" const char* __lsan_default_suppressions();
extern "C" const char* __lsan_default_suppressions() { return "leak:libxlutil.so\n"; }

namespace domfw::cfg::testing {

namespace {

FILE* quiet() {
    static FILE* f = std::fopen("/dev/null", "w");
    return f;
}

std::string show(std::string_view s) {
    std::string out;
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f || c == '\\')
            out += fmt::format("\\x{:02x}", u);
        else
            out += c;
    }
    return out;
}

// Compares one libxlutil value with ours; appends a description of the first difference.
bool same(XLU_Config* cfg, XLU_ConfigValue* theirs, const Value& ours, std::string& why, const std::string& path) {
    if (xlu_cfg_value_type(theirs) == XLU_STRING) {
        char* s = nullptr;
        if (xlu_cfg_value_get_string(cfg, theirs, &s, 1) != 0 || ours.is_list()) {
            why = fmt::format("{}: libxlutil has a string, domfw a list", path);
            return false;
        }
        if (ours.text != s) {
            why = fmt::format("{}: libxlutil \"{}\", domfw \"{}\"", path, show(s), show(ours.text));
            return false;
        }
        return true;
    }
    XLU_ConfigList* list = nullptr;
    if (xlu_cfg_value_get_list(cfg, theirs, &list, 1) != 0 || !ours.is_list()) {
        why = fmt::format("{}: libxlutil has a list, domfw a scalar", path);
        return false;
    }
    std::size_t i = 0;
    for (;; ++i) {
        XLU_ConfigValue* item = xlu_cfg_get_listitem2(list, static_cast<int>(i));
        if (item == nullptr) break;
        if (i >= ours.items.size()) {
            why = fmt::format("{}: libxlutil has more than {} items", path, ours.items.size());
            return false;
        }
        if (!same(cfg, item, ours.items[i], why, fmt::format("{}[{}]", path, i))) return false;
    }
    if (i != ours.items.size()) {
        why = fmt::format("{}: libxlutil has {} items, domfw {}", path, i, ours.items.size());
        return false;
    }
    return true;
}

bool same_key(XLU_Config* cfg, const std::string& key, const Document& doc, std::string& why) {
    const Value* ours = doc.get(key);
    XLU_ConfigList* list = nullptr;
    int entries = 0;
    const char* s = nullptr;
    if (xlu_cfg_get_list(cfg, key.c_str(), &list, &entries, 1) == 0) {
        if (ours == nullptr || !ours->is_list()) {
            why = fmt::format("{}: libxlutil has a list, domfw {}", key, ours == nullptr ? "nothing" : "a scalar");
            return false;
        }
        if (static_cast<std::size_t>(entries) != ours->items.size()) {
            why = fmt::format("{}: libxlutil has {} items, domfw {}", key, entries, ours->items.size());
            return false;
        }
        for (int i = 0; i < entries; ++i)
            if (!same(cfg, xlu_cfg_get_listitem2(list, i), ours->items[static_cast<std::size_t>(i)], why,
                      fmt::format("{}[{}]", key, i)))
                return false;
        return true;
    }
    if (xlu_cfg_get_string(cfg, key.c_str(), &s, 1) == 0) {
        if (ours == nullptr || ours->is_list()) {
            why =
                fmt::format("{}: libxlutil has \"{}\", domfw {}", key, show(s), ours == nullptr ? "nothing" : "a list");
            return false;
        }
        if (ours->text != s) {
            why = fmt::format("{}: libxlutil \"{}\", domfw \"{}\"", key, show(s), show(ours->text));
            return false;
        }
        // Numeric getters: libxlutil refuses `+=` results; otherwise strtol base 0 on the text.
        long theirs_long = 0;
        const bool theirs_ok = xlu_cfg_get_long(cfg, key.c_str(), &theirs_long, 1) == 0;
        const auto history = doc.history(key);
        const bool appended = !history.empty() && history.back()->append;
        auto ours_long = to_long(ours->text);
        const bool ours_ok = !appended && ours_long.has_value();
        if (theirs_ok != ours_ok || (ours_ok && *ours_long != theirs_long)) {
            why = fmt::format("{}: xlu_cfg_get_long {} ({}), domfw {}", key, theirs_ok ? "ok" : "refuses", theirs_long,
                              ours_ok ? "ok" : "refuses");
            return false;
        }
        return true;
    }
    if (ours != nullptr) {
        why = fmt::format("{}: absent in libxlutil, present in domfw", key);
        return false;
    }
    return true;
}

bool only_errors_containing(const ParseResult& r, std::string_view phrase) {
    bool any = false;
    for (const auto& d : r.diagnostics.items()) {
        if (d.severity != support::Severity::error) continue;
        if (d.message.find(phrase) == std::string::npos) return false;
        any = true;
    }
    return any;
}

bool has_error_containing(const ParseResult& r, std::string_view phrase) {
    for (const auto& d : r.diagnostics.items())
        if (d.severity == support::Severity::error && d.message.find(phrase) != std::string::npos) return true;
    return false;
}

constexpr std::string_view kOctal = "libxlutil silently drops it";
constexpr std::string_view kNul = "NUL byte inside quotes";
constexpr std::string_view kDepth = "lists nested deeper than 64 levels";

Comparison compare_here(std::string_view input, const ParseResult& ours, const std::vector<std::string>& extra_keys) {
    XLU_Config* cfg = xlu_cfg_init(quiet(), "input");
    const int rc = xlu_cfg_readdata(cfg, input.data(), static_cast<int>(input.size()));
    Comparison c;
    if (rc != 0) {
        if (!ours.ok())
            c.verdict = Verdict::agree_reject;
        else
            c.detail = fmt::format("libxlutil rejects (errno {}), domfw accepts", rc);
        xlu_cfg_destroy(cfg);
        return c;
    }
    if (!ours.ok()) {
        if (only_errors_containing(ours, kOctal))
            c.verdict = Verdict::documented_octal;
        else if (has_error_containing(ours, kNul))
            c.verdict = Verdict::documented_nul;
        else if (only_errors_containing(ours, kDepth))
            c.verdict = Verdict::documented_depth;
        else
            c.detail = "libxlutil accepts, domfw rejects:\n" + ours.diagnostics.render_all(ours.source());
        xlu_cfg_destroy(cfg);
        return c;
    }
    std::string why;
    bool ok = true;
    for (const auto& key : ours.document.keys())
        if (!same_key(cfg, key, ours.document, why)) {
            ok = false;
            break;
        }
    if (ok)
        for (const auto& key : extra_keys)
            if (!same_key(cfg, key, ours.document, why)) {
                ok = false;
                break;
            }
    xlu_cfg_destroy(cfg);
    if (ok)
        c.verdict = Verdict::agree_accept;
    else
        c.detail = why;
    return c;
}

} // namespace

const char* to_string(Verdict v) {
    switch (v) {
    case Verdict::agree_accept: return "agree (accept)";
    case Verdict::agree_reject: return "agree (reject)";
    case Verdict::documented_octal: return "documented difference (octal escape)";
    case Verdict::documented_nul: return "documented difference (NUL in quotes)";
    case Verdict::documented_depth: return "documented difference (lists nested deeper than 64)";
    case Verdict::differ: return "DIFFER";
    }
    return "?";
}

Comparison compare_with_libxlutil(std::string_view input, const std::vector<std::string>& extra_keys) {
    const ParseResult ours = parse(input, "input");
    if (std::memchr(input.data(), '\0', input.size()) == nullptr) return compare_here(input, ours, extra_keys);
    // libxlutil may assert on a NUL inside quotes: run it in a child that reports the verdict.
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        // The expected assert message of libxlutil is noise in the test log.
        if (FILE* null = std::freopen("/dev/null", "w", stderr)) (void)null;
        Comparison c = compare_here(input, ours, extra_keys);
        _exit(static_cast<int>(c.verdict));
    }
    int status = 0;
    waitpid(pid, &status, 0);
    Comparison c;
    if (WIFEXITED(status)) {
        c.verdict = static_cast<Verdict>(WEXITSTATUS(status));
        if (c.verdict == Verdict::differ) c.detail = "(NUL input; rerun outside the child for details)";
    } else if (!ours.ok() && has_error_containing(ours, kNul)) {
        c.verdict = Verdict::documented_nul; // libxlutil aborted
    } else {
        c.detail = fmt::format("libxlutil died (signal {}) on a NUL input that domfw {}", WTERMSIG(status),
                               ours.ok() ? "accepts" : "rejects without a NUL error");
    }
    return c;
}

} // namespace domfw::cfg::testing
