#include <gtest/gtest.h>

#include <string>

#include "loader/lib/console.hpp"
#include "loader/lib/fault.hpp"

using namespace domfw::loader;

namespace {
void to_string(void* ctx, char c) { static_cast<std::string*>(ctx)->push_back(c); }
} // namespace

TEST(Console, Formats) {
    std::string out;
    Console con(to_string, &out);
    const std::uint8_t raw[] = {'a', 0, '"', 0xFF, '~'};
    con.str("x=").hex(0).put(' ').hex(0xDEADBEEF12ULL).put(' ').dec(0).put(' ').dec(18446744073709551615ULL).put(' ');
    con.text(domfw::core::Bytes(raw, sizeof raw)).end();
    EXPECT_EQ(out, "x=0x0 0xdeadbeef12 0 18446744073709551615 a\\x00\\x22\\xff~\n");
}

TEST(Console, RendersCoreErrorsAsTheHostDoes) {
    std::string out;
    Console con(to_string, &out);
    render_core(con, {"ACPI table {vsig} at offset {o}: bytes sum to {l}, not 0 (bad checksum)", 0x20, 0x54445353, 1});
    EXPECT_EQ(out, "ACPI table 'SSDT' at offset 0x20: bytes sum to 0x1, not 0 (bad checksum)");
    out.clear();
    render_core(con, {domfw::core::kReadPastEnd, 8, 4, 10});
    EXPECT_EQ(out, "read past end of buffer at offset 0x8 (0x4 vs 0xa)");
}
