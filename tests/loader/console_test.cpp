#include <gtest/gtest.h>

#include <string>

#include "core/acpi_table.hpp"
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
    const std::uint64_t ssdt = domfw::core::acpi::kSignatureHeld | 0x54445353;
    render(con, domfw::core::fault(domfw::core::acpi::AcpiFault::table_bad_checksum, 0x20, 0x1, 0x2b, ssdt));
    EXPECT_EQ(out, "ACPI table 'SSDT' at offset 0x20: checksum 0x01 is wrong, should be 0x2b");
    out.clear();
    render(con, {domfw::core::kReadPastEnd, 8, 4, 10});
    EXPECT_EQ(out, "read past end of buffer at offset 0x8 (0x4 vs 0xa)");
}
