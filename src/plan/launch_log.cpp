#include "plan/launch_log.hpp"

#include <fmt/format.h>

#include "domfw/abi/hvm_info_table.h"

namespace domfw::plan {

Expected<std::vector<Measurement>> measure_plan(const BuildPlan& plan, const std::string& image_name, core::Bytes image,
                                                const std::vector<support::Sha256Digest>& module_digests) {
    if (module_digests.size() != plan.modules.size())
        return fail("launch log: {} module digests for {} planned modules", module_digests.size(), plan.modules.size());
    std::vector<Measurement> log;
    if (plan.type == GuestType::hvm)
        log.push_back({image_name, "loader", plan.entry, image.size(), support::sha256(image)});
    else
        log.push_back({image_name, "kernel", 0, image.size(), support::sha256(image)});
    for (std::size_t i = 0; i < plan.modules.size(); ++i) {
        const auto& m = plan.modules[i];
        log.push_back({m.name, "module", m.paddr, m.size, module_digests[i]});
    }
    log.push_back(
        {"start_info", "start_info", plan.start_info_paddr, plan.start_info.size(), support::sha256(plan.start_info)});
    if (!plan.hvm_info.empty())
        log.push_back(
            {"hvm_info_table", "hvm_info", DOMFW_HVM_INFO_PADDR, plan.hvm_info.size(), support::sha256(plan.hvm_info)});
    return log;
}

nlohmann::ordered_json launch_log_json(const std::vector<Measurement>& log) {
    nlohmann::ordered_json j;
    j["format"] = "domfw-launch-log-1";
    j["algorithm"] = "sha256";
    j["chain"] = "chain_0 = 32 zero bytes; chain_n = sha256(chain_{n-1} || digest_n)";
    support::Sha256Digest chain{};
    auto entries = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < log.size(); ++i) {
        const auto& m = log[i];
        support::Sha256 h;
        h.update(chain);
        h.update(m.digest);
        chain = h.finish();
        nlohmann::ordered_json e;
        e["index"] = i;
        e["name"] = m.name;
        e["kind"] = m.kind;
        if (m.kind != "kernel") e["paddr"] = fmt::format("{:#x}", m.paddr);
        e["size"] = m.size;
        e["sha256"] = support::to_hex(m.digest);
        e["chain"] = support::to_hex(chain);
        entries.push_back(std::move(e));
    }
    j["entries"] = std::move(entries);
    j["final"] = support::to_hex(chain);
    return j;
}

} // namespace domfw::plan
