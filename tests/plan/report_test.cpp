#include <gtest/gtest.h>

#include <filesystem>

#include "emit/memory_map_svg.hpp"
#include "emit/plan_report.hpp"
#include "plan/launch_log.hpp"
#include "plan/plan.hpp"
#include "support/files.hpp"

using namespace domfw;

namespace {

plan::BuildPlan sample() {
    plan::PlanInput in;
    in.memory = 256 * 0x100000ULL;
    in.loader_size = 0x33f40;
    in.modules = {{"firmware", 0x20000, "firmware", plan::ModuleRole::boot_module},
                  {"acpi.bin", 0x1234, "", plan::ModuleRole::acpi_passthrough},
                  {"smbios.bin", 0x800, "", plan::ModuleRole::smbios_passthrough}};
    return *plan::make_plan(in);
}

TEST(PlanReport, TableAndJsonNameEveryRegion) {
    const auto p = sample();
    const std::string t = emit::plan_table(p);
    const auto j = emit::plan_json(p);
    for (const auto& r : p.regions) {
        EXPECT_NE(t.find(r.name), std::string::npos) << r.name;
    }
    EXPECT_EQ(j["regions"].size(), p.regions.size());
    EXPECT_EQ(j["modules"][0]["paddr"], "0x134000"); // right behind hvmloader, as libxc
    EXPECT_EQ(j["xenstore"]["hvmloader/smbios/length"], "0x800");
    EXPECT_EQ(emit::human_size(0x1000), "4 KiB");
    EXPECT_EQ(emit::human_size(0x180000), "1.5 MiB");
}

TEST(PlanReport, SvgIsWellFormedAndLabelsRegions) {
    const auto p = sample();
    const std::string svg = emit::memory_map_svg(p, "example <hvm> & co");
    EXPECT_EQ(svg.rfind("<svg", 0), 0u);
    EXPECT_NE(svg.find("</svg>"), std::string::npos);
    EXPECT_NE(svg.find("example &lt;hvm&gt; &amp; co"), std::string::npos);
    EXPECT_NE(svg.find(">module 'firmware'</text>"), std::string::npos); // quotes are left as is
    EXPECT_NE(svg.find("hvmloader"), std::string::npos);
    EXPECT_NE(svg.find("0x00134000"), std::string::npos);
    // Written next to the build for a person to look at (tests/plan/README: rsvg-convert).
    (void)support::write_file_atomic(std::filesystem::path(DOMFW_BINARY_DIR) / "example-memory-map.svg", svg);
}

TEST(LaunchLog, ChainReplays) {
    const auto p = sample();
    const std::vector<std::uint8_t> loader(100, 1);
    std::vector<support::Sha256Digest> digests(3, support::Sha256Digest{});
    auto log = plan::measure_plan(p, "hvmloader", loader, digests);
    ASSERT_TRUE(log) << log.error().message;
    ASSERT_EQ(log->size(), 6u); // loader, 3 modules, start_info, hvm_info
    const auto j = plan::launch_log_json(*log);
    // Replay: chain_n = sha256(chain_{n-1} || digest_n).
    support::Sha256Digest chain{};
    for (const auto& m : *log) {
        support::Sha256 h;
        h.update(chain);
        h.update(m.digest);
        chain = h.finish();
    }
    EXPECT_EQ(j["final"], support::to_hex(chain));
    EXPECT_EQ(j["entries"][0]["kind"], "loader");
    EXPECT_EQ(j["entries"][0]["sha256"], support::sha256_hex(loader));
    auto bad = plan::measure_plan(p, "hvmloader", loader, {});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message, "launch log: 0 module digests for 3 planned modules");
}

} // namespace
