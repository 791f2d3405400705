#include <gtest/gtest.h>

#include "support/error.hpp"

namespace {

domfw::Expected<int> half(int v) {
    if (v % 2 != 0) return domfw::fail("{} is odd (0x{:x})", v, v);
    return v / 2;
}

domfw::Expected<int> quarter(int v) {
    DOMFW_TRY_X(int h, half(v));
    return half(h);
}

TEST(Error, FailFormatsAndTryPropagates) {
    EXPECT_EQ(*quarter(8), 2);
    auto r = quarter(6);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "3 is odd (0x3)");
}

TEST(Error, DescribesCoreErrorsInHex) {
    domfw::core::Error e{"read past end of buffer", 0x10, 4, 0x12};
    EXPECT_EQ(domfw::describe(e, "DMI table"), "DMI table: read past end of buffer at offset 0x10 (0x4 vs 0x12)");
    auto lifted = domfw::lift(domfw::core::Result<int>(e), "x");
    ASSERT_FALSE(lifted.has_value());
    EXPECT_EQ(lifted.error().message, "x: read past end of buffer at offset 0x10 (0x4 vs 0x12)");
}

} // namespace
