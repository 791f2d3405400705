// The guest plan through the C API: an xl.cfg (text, or settings written out as xl.cfg text so
// the whole config language and its checks apply) loaded, interpreted and planned exactly as
// `domfw build` does, and every artifact of the plan that a toolstack hands to Xen.
#include <memory>
#include <optional>
#include <vector>

#include "capi/config_load.hpp"
#include "capi/handles.hpp"
#include "cfg/writer.hpp"
#include "emit/build_output.hpp"
#include "emit/plan_report.hpp"
#include "plan/from_domain.hpp"
#include "plan/launch_log.hpp"
#include "plan/plan.hpp"
#include "plan/xenstore.hpp"
#include "support/diagnostic.hpp"

struct domfw_plan {
    domfw::plan::BuildPlan plan;
    std::vector<std::uint8_t> bundle; // empty when `domfw build` writes no bundle.dfwb
    std::vector<domfw::plan::Measurement> log;
    std::vector<domfw_measurement> measurements;
    std::string xenstore_text;
    std::string json;
};

namespace domfw::capi {
namespace {

namespace fs = std::filesystem;

domfw_status plan_text(domfw_ctx* ctx, const char* fn, std::string_view text, const char* file,
                       const domfw_plan_options* options, domfw_plan** out) {
    domain::LoadOptions lo;
    plan::DomainPlanOptions po;
    if (options != nullptr) {
        if (options->size < sizeof(domfw_plan_options))
            return fail(ctx, DOMFW_E_ARGUMENT,
                        "{}: options->size is {}, this library's domfw_plan_options has {} bytes", fn, options->size,
                        sizeof(domfw_plan_options));
        if (options->loader != nullptr) po.loader = fs::path(options->loader);
        if (options->hvmloader != nullptr) po.hvmloader = options->hvmloader;
        if (options->firmware_dir != nullptr) lo.firmware_dir = options->firmware_dir;
    }
    auto loaded = load_config(ctx, fn, text, file, lo, Checks::build);
    if (!loaded) return DOMFW_E_INVALID_INPUT;
    const std::string where = loaded->config.config_file.string();
    auto in = plan::plan_input_from_domain(loaded->config, po);
    if (!in) return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}: {}", fn, where, in.error().message);
    auto p = plan::make_plan(in->input);
    if (!p) return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}: {}", fn, where, p.error().message);
    auto h = std::make_unique<domfw_plan>();
    h->plan = std::move(*p);
    const auto& d = *in;
    // The bundle exactly when `domfw build` writes bundle.dfwb (emit/build_output.cpp).
    if (d.through_loader || !d.firmware_modules.smbios.empty() || !d.firmware_modules.acpi.empty())
        h->bundle = d.firmware_modules.bundle;
    auto digests = emit::module_digests(d);
    if (!digests) return fail(ctx, DOMFW_E_IO, "{}: {}: {}", fn, where, digests.error().message);
    auto log = plan::measure_plan(h->plan, d.image.filename().string(), d.image_bytes, *digests);
    if (!log) return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}: {}", fn, where, log.error().message);
    h->log = std::move(*log);
    support::Sha256Digest chain{};
    for (const auto& m : h->log) {
        support::Sha256 s;
        s.update(chain);
        s.update(m.digest);
        chain = s.finish();
        domfw_measurement e{};
        e.name = m.name.c_str();
        e.kind = m.kind.c_str();
        e.paddr = m.paddr;
        e.size = m.size;
        std::copy(m.digest.begin(), m.digest.end(), e.sha256);
        std::copy(chain.begin(), chain.end(), e.chain);
        h->measurements.push_back(e);
    }
    for (const auto& [k, v] : h->plan.xenstore) {
        auto line = plan::xenstore_line(k, v);
        if (!line) return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}: {}", fn, where, line.error().message);
        h->xenstore_text += *line + "\n";
    }
    h->json = emit::plan_json(h->plan).dump(2) + "\n";
    *out = h.release();
    return DOMFW_OK;
}

const std::vector<domfw::plan::E820Entry>& e820_of(const domfw_plan& p, int after) {
    return after != 0 ? p.plan.e820_after : p.plan.e820_before;
}

bool is_key(std::string_view k) {
    if (k.empty() || (k[0] >= '0' && k[0] <= '9')) return false;
    for (const char c : k)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

} // namespace
} // namespace domfw::capi

using namespace domfw::capi; // NOLINT(google-build-using-namespace): the C entry points below

extern "C" {

domfw_status domfw_plan_from_cfg(domfw_ctx* ctx, const char* text, size_t length, const char* file,
                                 const domfw_plan_options* options, domfw_plan** out) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_plan_from_cfg";
        if (out == nullptr) return null_argument(ctx, fn, "out");
        *out = nullptr;
        if (text == nullptr && length != 0) return null_argument(ctx, fn, "text");
        return plan_text(ctx, fn, std::string_view(text == nullptr ? "" : text, length), file, options, out);
    });
}

domfw_status domfw_plan_from_settings(domfw_ctx* ctx, const domfw_setting* settings, size_t count, const char* base_dir,
                                      const domfw_plan_options* options, domfw_plan** out) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_plan_from_settings";
        if (out == nullptr) return null_argument(ctx, fn, "out");
        *out = nullptr;
        if (settings == nullptr && count != 0) return null_argument(ctx, fn, "settings");
        // One line per setting, so a diagnostic's line N is settings[N - 1].
        std::string text;
        for (std::size_t i = 0; i < count; ++i) {
            const auto& s = settings[i];
            if (s.key == nullptr) return fail(ctx, DOMFW_E_ARGUMENT, "{}: settings[{}].key is NULL", fn, i);
            if (!is_key(s.key))
                return fail(
                    ctx, DOMFW_E_INVALID_INPUT,
                    "{}: settings[{}].key \"{}\" is not an xl.cfg key (letters, digits and _, not a digit first)", fn,
                    i, domfw::support::escape_controls(s.key));
            if (s.value != nullptr && (s.items != nullptr || s.item_count != 0))
                return fail(ctx, DOMFW_E_ARGUMENT, "{}: settings[{}] (\"{}\") has both a value and items", fn, i,
                            s.key);
            text += s.key;
            text += " = ";
            if (s.value != nullptr) {
                auto q = domfw::cfg::quote(s.value);
                if (!q)
                    return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: settings[{}] (\"{}\"): {}", fn, i, s.key,
                                q.error().message);
                text += *q;
            } else {
                if (s.items == nullptr && s.item_count != 0)
                    return fail(ctx, DOMFW_E_ARGUMENT, "{}: settings[{}] (\"{}\"): items is NULL", fn, i, s.key);
                text += "[";
                for (std::size_t j = 0; j < s.item_count; ++j) {
                    if (s.items[j] == nullptr)
                        return fail(ctx, DOMFW_E_ARGUMENT, "{}: settings[{}] (\"{}\"): items[{}] is NULL", fn, i, s.key,
                                    j);
                    auto q = domfw::cfg::quote(s.items[j]);
                    if (!q)
                        return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: settings[{}] (\"{}\") items[{}]: {}", fn, i, s.key,
                                    j, q.error().message);
                    text += (j == 0 ? "" : ", ") + *q;
                }
                text += "]";
            }
            text += "\n";
        }
        const std::filesystem::path dir =
            base_dir != nullptr ? std::filesystem::path(base_dir) : std::filesystem::path(".");
        const std::string file = (dir / "<settings>").string();
        return plan_text(ctx, fn, text, file.c_str(), options, out);
    });
}

void domfw_plan_free(domfw_plan* plan) { delete plan; }

domfw_status domfw_plan_summary(domfw_ctx* ctx, const domfw_plan* plan, const char** type, uint64_t* memory,
                                uint64_t* min_memory, uint64_t* entry) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_plan_summary";
        if (plan == nullptr) return null_argument(ctx, fn, "plan");
        if (type == nullptr) return null_argument(ctx, fn, "type");
        if (memory == nullptr) return null_argument(ctx, fn, "memory");
        if (min_memory == nullptr) return null_argument(ctx, fn, "min_memory");
        if (entry == nullptr) return null_argument(ctx, fn, "entry");
        *type = domfw::plan::guest_type_name(plan->plan.type);
        *memory = plan->plan.memory;
        *min_memory = plan->plan.min_memory;
        *entry = plan->plan.entry;
        return DOMFW_OK;
    });
}

domfw_status domfw_plan_region_count(domfw_ctx* ctx, const domfw_plan* plan, size_t* count) {
    return guarded(ctx, [&] {
        return count_out(ctx, "domfw_plan_region_count", plan, "plan", count,
                         [](const domfw_plan& p) { return p.plan.regions.size(); });
    });
}

domfw_status domfw_plan_region(domfw_ctx* ctx, const domfw_plan* plan, size_t index, domfw_region* out) {
    return guarded(ctx, [&] {
        return item_out(
            ctx, "domfw_plan_region", plan, "plan", index, out, "regions",
            [](const domfw_plan& p) { return p.plan.regions.size(); },
            [](const domfw_plan& p, size_t i) {
                const auto& r = p.plan.regions[i];
                return domfw_region{r.name.c_str(), domfw::plan::region_kind_name(r.kind), r.start, r.end,
                                    r.note.c_str()};
            });
    });
}

domfw_status domfw_plan_e820_count(domfw_ctx* ctx, const domfw_plan* plan, int after, size_t* count) {
    return guarded(ctx, [&] {
        return count_out(ctx, "domfw_plan_e820_count", plan, "plan", count,
                         [&](const domfw_plan& p) { return e820_of(p, after).size(); });
    });
}

domfw_status domfw_plan_e820(domfw_ctx* ctx, const domfw_plan* plan, int after, size_t index, domfw_e820_entry* out) {
    return guarded(ctx, [&] {
        return item_out(
            ctx, "domfw_plan_e820", plan, "plan", index, out, "e820 entries",
            [&](const domfw_plan& p) { return e820_of(p, after).size(); },
            [&](const domfw_plan& p, size_t i) {
                const auto& e = e820_of(p, after)[i];
                return domfw_e820_entry{e.addr, e.size, e.type};
            });
    });
}

domfw_status domfw_plan_xenstore_count(domfw_ctx* ctx, const domfw_plan* plan, size_t* count) {
    return guarded(ctx, [&] {
        return count_out(ctx, "domfw_plan_xenstore_count", plan, "plan", count,
                         [](const domfw_plan& p) { return p.plan.xenstore.size(); });
    });
}

domfw_status domfw_plan_xenstore(domfw_ctx* ctx, const domfw_plan* plan, size_t index, const char** key,
                                 const char** value) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_plan_xenstore";
        if (plan == nullptr) return null_argument(ctx, fn, "plan");
        if (key == nullptr) return null_argument(ctx, fn, "key");
        if (value == nullptr) return null_argument(ctx, fn, "value");
        if (auto s = check_index(ctx, fn, index, plan->plan.xenstore.size(), "xenstore keys"); s != DOMFW_OK) return s;
        *key = plan->plan.xenstore[index].first.c_str();
        *value = plan->plan.xenstore[index].second.c_str();
        return DOMFW_OK;
    });
}

domfw_status domfw_plan_measurement_count(domfw_ctx* ctx, const domfw_plan* plan, size_t* count) {
    return guarded(ctx, [&] {
        return count_out(ctx, "domfw_plan_measurement_count", plan, "plan", count,
                         [](const domfw_plan& p) { return p.measurements.size(); });
    });
}

domfw_status domfw_plan_measurement(domfw_ctx* ctx, const domfw_plan* plan, size_t index, domfw_measurement* out) {
    return guarded(ctx, [&] {
        return item_out(
            ctx, "domfw_plan_measurement", plan, "plan", index, out, "measurements",
            [](const domfw_plan& p) { return p.measurements.size(); },
            [](const domfw_plan& p, size_t i) { return p.measurements[i]; });
    });
}

domfw_status domfw_plan_bytes(domfw_ctx* ctx, const domfw_plan* plan, domfw_plan_part part, uint8_t* buf, size_t size,
                              size_t* needed) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_plan_bytes";
        if (plan == nullptr) return null_argument(ctx, fn, "plan");
        auto text = [](const std::string& s) { return std::vector<std::uint8_t>(s.begin(), s.end()); };
        switch (part) {
        case DOMFW_PLAN_START_INFO: return copy_out(ctx, fn, plan->plan.start_info, buf, size, needed);
        case DOMFW_PLAN_HVM_INFO_TABLE: return copy_out(ctx, fn, plan->plan.hvm_info, buf, size, needed);
        case DOMFW_PLAN_BUNDLE: return copy_out(ctx, fn, plan->bundle, buf, size, needed);
        case DOMFW_PLAN_XENSTORE_TEXT: return copy_out(ctx, fn, text(plan->xenstore_text), buf, size, needed);
        case DOMFW_PLAN_JSON: return copy_out(ctx, fn, text(plan->json), buf, size, needed);
        }
        return fail(ctx, DOMFW_E_ARGUMENT, "{}: part {} is not a domfw_plan_part", fn, static_cast<int>(part));
    });
}

} // extern "C"
