// xenstore.txt (and plan.txt's xenstore list) quote every value as the xl.cfg writer does: an
// `smbios = [...]` value with a quote and a newline stays one line and cannot forge more keys.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "guest_build.hpp"
#include "plan/xenstore.hpp"

using namespace domfw;
using namespace domfw::test;
namespace fs = std::filesystem;

namespace {

TEST(XenstoreText, ValuesAreQuotedLikeXlCfgStrings) {
    EXPECT_EQ(plan::xenstore_line("bios-strings/system-manufacturer", "a\"\nhvmloader/bios = \"ovmf").value(),
              "bios-strings/system-manufacturer = \"a\\\"\\nhvmloader/bios = \\\"ovmf\"");
    EXPECT_EQ(plan::xenstore_line("k", "back\\slash\ttab\r").value(), "k = \"back\\\\slash\\ttab\\r\"");
    EXPECT_EQ(plan::xenstore_line("k", std::string_view("a\0b", 3)).error().message,
              "xenstore key k: a NUL byte cannot be written in an xl.cfg string");
}

TEST(XenstoreText, AForgedSmbiosValueStaysOneLine) {
    if (!fs::exists(domfw_exe()) || !fs::exists("/usr/lib/xen-4.17/boot/hvmloader"))
        GTEST_SKIP() << "the domfw executable or hvmloader (xen-utils-4.17) is missing";
    TempDir tmp("xenstore");
    // In the config: a quote, a newline and a fake key inside one smbios value (no '=': xl, like
    // domfw, ends the value at the next one).
    const Ran r = build_guest(tmp.path(), "forge",
                              "name = \"forge\"\ntype = \"hvm\"\nmemory = 256\n"
                              "smbios = [ \"system_manufacturer=Acme\\\"\\nplatform/acpi \\\"0\" ]\n");
    ASSERT_EQ(r.status, 0) << r.out;
    const auto b = read_bytes(tmp.path() / "forge.out" / "xenstore.txt");
    const std::string xs(b.begin(), b.end());
    EXPECT_EQ(xs, "hvmloader/bios = \"seabios\"\n"
                  "bios-strings/system-manufacturer = \"Acme\\\"\\nplatform/acpi \\\"0\"\n"
                  "platform/acpi = \"1\"\n"
                  "platform/acpi_s3 = \"1\"\n"
                  "platform/acpi_s4 = \"1\"\n");
    // The search can fail: the forged key would start a line of its own if unescaped.
    EXPECT_EQ(xs.find("\nplatform/acpi \"0"), std::string::npos);
    const auto p = read_bytes(tmp.path() / "forge.out" / "plan.txt");
    const std::string plan(p.begin(), p.end());
    EXPECT_NE(plan.find("  bios-strings/system-manufacturer = \"Acme\\\"\\nplatform/acpi \\\"0\"\n"),
              std::string::npos);
    EXPECT_EQ(plan.find("\nplatform/acpi \"0"), std::string::npos);
}

} // namespace
