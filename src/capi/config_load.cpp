#include "capi/config_load.hpp"

#include "cfg/document.hpp"
#include "plan/boot_image_check.hpp"
#include "plan/from_domain.hpp"
#include "plan/plan_keys.hpp"

namespace domfw::capi {

std::optional<domain::LoadResult> load_config(domfw_ctx* ctx, const char* function, std::string_view text,
                                              const char* file, const domain::LoadOptions& options, Checks checks) {
    domain::LoadOptions lo = options;
    lo.extension_keys = plan::build_extension_keys();
    auto r = domain::load_text(text, file == nullptr ? std::string("./domfw.cfg") : std::string(file), lo);
    support::Diagnostics errors;
    if (checks == Checks::build) {
        // The checks `domfw build` runs before planning (cli/cmd_plan.cpp, load_and_plan).
        plan::check_plan_keys(r, r.diagnostics);
        plan::check_boot_image(r, r.diagnostics);
        errors = r.diagnostics;
    } else {
        errors = cfg::parse(text, r.document.file()).diagnostics;
        plan::check_plan_keys(r, errors);
    }
    if (!errors.has_errors()) return r;
    support::Diagnostics shown;
    for (const auto& d : errors.items())
        if (d.severity == support::Severity::error) shown.add(d);
    fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}", function, shown.render_all(r.source));
    return std::nullopt;
}

} // namespace domfw::capi
