// xl.cfg through the C API: cfg::parse, and the effective values as libxlutil's getters return
// them (xlu_cfg_get_string / _long / _list / _listitem, tools/libs/util/libxlu_cfg.c).
#include <memory>

#include "capi/handles.hpp"
#include "cfg/document.hpp"

struct domfw_cfg {
    domfw::cfg::ParseResult parsed;
};

namespace domfw::capi {
namespace {

domfw_severity severity_of(support::Severity s) {
    switch (s) {
    case support::Severity::error: return DOMFW_SEVERITY_ERROR;
    case support::Severity::warning: return DOMFW_SEVERITY_WARNING;
    case support::Severity::note: return DOMFW_SEVERITY_NOTE;
    }
    return DOMFW_SEVERITY_ERROR;
}

// The effective value of `key`, or the status a libxlutil getter gives for its absence.
domfw_status lookup(domfw_ctx* ctx, const char* function, const domfw_cfg* cfg, const char* key,
                    const cfg::Value*& out) {
    if (cfg == nullptr) return null_argument(ctx, function, "cfg");
    if (key == nullptr) return null_argument(ctx, function, "key");
    out = cfg->parsed.document.get(key);
    if (out == nullptr)
        return fail(ctx, DOMFW_E_NOT_FOUND, "{}: {}: no key \"{}\"", function, cfg->parsed.document.file(), key);
    return DOMFW_OK;
}

domfw_status wrong_type(domfw_ctx* ctx, const char* function, const domfw_cfg* cfg, const char* key,
                        const cfg::Value& v, const char* wanted) {
    return fail(ctx, DOMFW_E_WRONG_TYPE, "{}: {}:{}:{}: \"{}\" is {}, not {}", function, cfg->parsed.document.file(),
                v.range.line, v.range.column, key, v.is_list() ? "a list" : "a single value", wanted);
}

} // namespace
} // namespace domfw::capi

using namespace domfw::capi; // NOLINT(google-build-using-namespace): the C entry points below

extern "C" {

domfw_status domfw_cfg_parse(domfw_ctx* ctx, const char* text, size_t length, const char* file, domfw_cfg** out) {
    return guarded(ctx, [&] {
        if (out == nullptr) return null_argument(ctx, "domfw_cfg_parse", "out");
        *out = nullptr;
        if (text == nullptr && length != 0) return null_argument(ctx, "domfw_cfg_parse", "text");
        auto h = std::make_unique<domfw_cfg>();
        h->parsed = domfw::cfg::parse(std::string_view(text == nullptr ? "" : text, length),
                                      file == nullptr ? std::string("<text>") : std::string(file));
        domfw_status s = DOMFW_OK;
        for (const auto& d : h->parsed.diagnostics.items())
            if (d.severity == domfw::support::Severity::error) {
                s = fail(ctx, DOMFW_E_INVALID_INPUT, "{}:{}:{}: {}", d.where.file, d.where.line, d.where.column,
                         d.message);
                break;
            }
        *out = h.release();
        return s;
    });
}

void domfw_cfg_free(domfw_cfg* cfg) { delete cfg; }

domfw_status domfw_cfg_diagnostic_count(domfw_ctx* ctx, const domfw_cfg* cfg, size_t* count) {
    return guarded(ctx, [&] {
        return count_out(ctx, "domfw_cfg_diagnostic_count", cfg, "cfg", count,
                         [](const domfw_cfg& c) { return c.parsed.diagnostics.items().size(); });
    });
}

domfw_status domfw_cfg_diagnostic(domfw_ctx* ctx, const domfw_cfg* cfg, size_t index, domfw_diagnostic* out) {
    return guarded(ctx, [&] {
        return item_out(
            ctx, "domfw_cfg_diagnostic", cfg, "cfg", index, out, "diagnostics",
            [](const domfw_cfg& c) { return c.parsed.diagnostics.items().size(); },
            [](const domfw_cfg& c, size_t i) {
                const auto& d = c.parsed.diagnostics.items()[i];
                return domfw_diagnostic{severity_of(d.severity), d.where.file.c_str(), d.where.line, d.where.column,
                                        d.message.c_str()};
            });
    });
}

domfw_status domfw_cfg_get_string(domfw_ctx* ctx, const domfw_cfg* cfg, const char* key, char* buf, size_t size,
                                  size_t* needed) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_cfg_get_string";
        const domfw::cfg::Value* v = nullptr;
        if (auto s = lookup(ctx, fn, cfg, key, v); s != DOMFW_OK) return s;
        if (v->is_list()) return wrong_type(ctx, fn, cfg, key, *v, "a string");
        return copy_out(ctx, fn, v->text.view(), buf, size, needed);
    });
}

domfw_status domfw_cfg_get_long(domfw_ctx* ctx, const domfw_cfg* cfg, const char* key, long* out) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_cfg_get_long";
        if (out == nullptr) return null_argument(ctx, fn, "out");
        const domfw::cfg::Value* v = nullptr;
        if (auto s = lookup(ctx, fn, cfg, key, v); s != DOMFW_OK) return s;
        if (v->is_list()) return wrong_type(ctx, fn, cfg, key, *v, "a number");
        auto n = domfw::cfg::to_long(v->text.view());
        if (!n)
            return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}:{}:{}: \"{}\": {}", fn, cfg->parsed.document.file(),
                        v->range.line, v->range.column, key, n.error().message);
        *out = *n;
        return DOMFW_OK;
    });
}

domfw_status domfw_cfg_get_list_count(domfw_ctx* ctx, const domfw_cfg* cfg, const char* key, size_t* count) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_cfg_get_list_count";
        if (count == nullptr) return null_argument(ctx, fn, "count");
        const domfw::cfg::Value* v = nullptr;
        if (auto s = lookup(ctx, fn, cfg, key, v); s != DOMFW_OK) return s;
        if (!v->is_list()) return wrong_type(ctx, fn, cfg, key, *v, "a list");
        *count = v->items.size();
        return DOMFW_OK;
    });
}

domfw_status domfw_cfg_get_list_item(domfw_ctx* ctx, const domfw_cfg* cfg, const char* key, size_t index, char* buf,
                                     size_t size, size_t* needed) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_cfg_get_list_item";
        const domfw::cfg::Value* v = nullptr;
        if (auto s = lookup(ctx, fn, cfg, key, v); s != DOMFW_OK) return s;
        if (!v->is_list()) return wrong_type(ctx, fn, cfg, key, *v, "a list");
        if (auto s = check_index(ctx, fn, index, v->items.size(), "items"); s != DOMFW_OK) return s;
        const auto& item = v->items[index];
        if (item.is_list())
            return fail(ctx, DOMFW_E_WRONG_TYPE, "{}: {}:{}:{}: item {} of \"{}\" is a nested list, not a string", fn,
                        cfg->parsed.document.file(), item.range.line, item.range.column, index, key);
        return copy_out(ctx, fn, item.text.view(), buf, size, needed);
    });
}

} // extern "C"
