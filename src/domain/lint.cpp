#include "domain/lint.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "cfg/document.hpp"
#include "domain/load.hpp"

namespace domfw::domain {

namespace {

struct Edit {
    std::size_t offset;
    std::size_t length;
    std::string text;
};

class Linter {
public:
    Linter(std::string_view text, const std::string& file, const cfg::Document& doc, const DomainConfig& c,
           LintResult& r)
        : text_(text), file_(file), doc_(doc), c_(c), r_(r) {}

    void run() {
        builder_to_type();
        pin_type();
        pin_firmware();
        bootloader_args();
        duplicates();
        root_extra();
        apply();
    }

private:
    std::string_view text_;
    const std::string& file_;
    const cfg::Document& doc_;
    const DomainConfig& c_;
    LintResult& r_;
    std::vector<Edit> edits_;

    void note(const cfg::SourceRange& at, std::string rule, std::string message) {
        r_.diagnostics.warning({file_, at.line, at.column, at.length}, message);
        r_.migrations.push_back({at.line, std::move(rule), std::move(message)});
    }

    const cfg::Assignment* last(std::string_view key) const {
        auto h = doc_.history(key);
        return h.empty() ? nullptr : h.back();
    }

    void replace(const cfg::SourceRange& r, std::string text) {
        edits_.push_back({r.offset, r.length, std::move(text)});
    }

    // Removes a statement: its line when nothing else is on it, else just the statement.
    void remove_statement(const cfg::Assignment& a) {
        std::size_t begin = a.key_range.offset;
        std::size_t end = a.value.range.offset + a.value.range.length;
        std::size_t line_begin = text_.rfind('\n', begin == 0 ? 0 : begin - 1);
        line_begin = (line_begin == std::string_view::npos || begin == 0) ? 0 : line_begin + 1;
        if (begin == 0) line_begin = 0;
        std::size_t line_end = text_.find('\n', end);
        if (line_end == std::string_view::npos) line_end = text_.size();
        auto before = text_.substr(line_begin, begin - line_begin);
        auto after = text_.substr(end, line_end - end);
        auto blank = [](std::string_view s) { return s.find_first_not_of(" \t;") == std::string_view::npos; };
        if (blank(before) && blank(after)) {
            edits_.push_back({line_begin, std::min(line_end + 1, text_.size()) - line_begin, ""});
        } else {
            // Keep a trailing comment and whatever else shares the line.
            std::size_t stop = end;
            while (stop < line_end && (text_[stop] == ' ' || text_[stop] == '\t' || text_[stop] == ';'))
                ++stop;
            edits_.push_back({begin, stop - begin, ""});
        }
    }

    void builder_to_type() {
        const auto* b = last("builder");
        if (b == nullptr || b->value.is_list()) return;
        std::string_view v = b->value.text;
        std::string type;
        if (!v.empty() && std::string_view("hvm").starts_with(v))
            type = "hvm";
        else if (std::string_view("generic").starts_with(v))
            type = "pv";
        else
            return;
        if (const auto* t = last("type")) {
            if (c_.type.is_set() && std::string(to_string(*c_.type)) == type) {
                for (const auto* a : doc_.history("builder"))
                    remove_statement(*a);
                note(b->key_range, "builder-to-type",
                     fmt::format("\"builder\" is deprecated and agrees with \"type\" (line {}): remove it",
                                 t->key_range.line));
            }
            return;
        }
        for (const auto* a : doc_.history("builder"))
            if (a != b) remove_statement(*a);
        replace(b->key_range, "type");
        replace(b->value.range, quote_xl_string(type));
        note(b->key_range, "builder-to-type",
             fmt::format("builder = \"{}\" is deprecated: write type = \"{}\"", v, type));
    }

    void pin_type() {
        const auto* t = last("type");
        if (t == nullptr || t->value.is_list() || !c_.type.is_set() || c_.type.key != "type") return;
        auto full = std::string(to_string(*c_.type));
        if (t->value.text == full) return;
        replace(t->value.range, quote_xl_string(full));
        note(t->value.range, "pin-type",
             fmt::format("type = \"{}\" is an abbreviation: write type = \"{}\"", t->value.text, full));
    }

    void pin_firmware() {
        if (!c_.firmware.from_alias || c_.firmware.key != "firmware") return;
        const auto* f = last("firmware");
        if (f == nullptr) return;
        auto pinned = std::string(to_string(c_.firmware.kind));
        replace(f->value.range, quote_xl_string(pinned));
        note(f->value.range, "pin-firmware",
             fmt::format("firmware = \"{}\" is an alias: pin it as firmware = \"{}\"", f->value.text, pinned));
    }

    void bootloader_args() {
        const auto* a = last("bootloader_args");
        if (a == nullptr || a->value.is_list() || !c_.bootloader_args.is_set() || a->append) return;
        std::string list = "[";
        for (std::size_t i = 0; i < c_.bootloader_args->size(); ++i)
            list += (i != 0 ? ", " : "") + quote_xl_string((*c_.bootloader_args)[i]);
        list += "]";
        replace(a->value.range, list);
        note(a->value.range, "bootloader-args-list",
             fmt::format("bootloader_args as a string is deprecated: write {}", list));
    }

    void duplicates() {
        for (const auto& key : doc_.keys()) {
            if (key == "builder") continue; // handled above
            auto h = doc_.history(key);
            // Everything before the last plain `=` is dead: libxlutil keeps only what follows it.
            std::size_t last_set = h.size();
            for (std::size_t i = h.size(); i-- > 0;)
                if (!h[i]->append) {
                    last_set = i;
                    break;
                }
            if (last_set == h.size() || last_set == 0) continue;
            for (std::size_t i = 0; i < last_set; ++i)
                remove_statement(*h[i]);
            note(h[last_set]->key_range, "duplicate-key",
                 fmt::format(
                     "\"{}\" is assigned {} times; only the assignment at line {} counts: remove the earlier one(s)",
                     key, last_set + 1, h[last_set]->key_range.line));
        }
    }

    void root_extra() {
        const auto* root = last("root");
        const auto* extra = last("extra");
        if (root == nullptr && extra == nullptr) return;
        if (c_.cmdline.is_set() && c_.cmdline.key == "cmdline") {
            for (const auto* a : {root, extra})
                if (a != nullptr) {
                    for (const auto* h : doc_.history(a->key))
                        remove_statement(*h);
                    note(a->key_range, "root-extra-to-cmdline",
                         fmt::format("\"{}\" is ignored because \"cmdline\" is set: remove it", a->key));
                }
            return;
        }
        if (!c_.cmdline.is_set()) return;
        const auto* keep = root != nullptr ? root : extra;
        for (const auto* a : {root, extra})
            if (a != nullptr)
                for (const auto* h : doc_.history(a->key))
                    if (h != keep) remove_statement(*h);
        // The whole statement: a `+=` becomes a plain assignment of the folded value.
        edits_.push_back({keep->key_range.offset,
                          keep->value.range.offset + keep->value.range.length - keep->key_range.offset,
                          "cmdline = " + quote_xl_string(*c_.cmdline)});
        note(keep->key_range, "root-extra-to-cmdline",
             fmt::format("root/extra build the command line: write cmdline = {}", quote_xl_string(*c_.cmdline)));
    }

    void apply() {
        std::sort(edits_.begin(), edits_.end(), [](const Edit& a, const Edit& b) { return a.offset < b.offset; });
        std::string out;
        std::size_t pos = 0;
        for (const auto& e : edits_) {
            if (e.offset < pos) continue; // overlaps an earlier edit (e.g. inside a removed line)
            out.append(text_.substr(pos, e.offset - pos));
            out += e.text;
            pos = e.offset + e.length;
        }
        out.append(text_.substr(std::min(pos, text_.size())));
        r_.fixed = std::move(out);
    }
};

} // namespace

std::string quote_xl_string(std::string_view s) {
    std::string out = "\"";
    for (char ch : s) {
        switch (ch) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default: out += ch;
        }
    }
    return out + "\"";
}

LintResult lint(std::string_view text, const std::string& file) {
    LintResult r;
    LoadOptions o;
    o.missing_file = MissingFile::ignore;
    auto loaded = load_text(text, file, o);
    if (!loaded.document.assignments().empty() || loaded.ok()) {
        // Parse errors make lint refuse; semantic errors do not stop the migrations.
    }
    auto parsed = cfg::parse(text, file);
    if (!parsed.ok()) {
        r.ok = false;
        r.diagnostics = std::move(parsed.diagnostics);
        r.fixed = std::string(text);
        return r;
    }
    Linter(text, file, parsed.document, loaded.config, r).run();
    // A fix must never break the file.
    auto check = cfg::parse(r.fixed, file);
    if (!check.ok()) {
        r.ok = false;
        r.diagnostics.error({file, 0, 0, 0}, "internal error: the migrated text does not parse; nothing was changed");
        r.fixed = std::string(text);
    }
    return r;
}

} // namespace domfw::domain
