#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "core/checked.hpp"

using namespace domfw::core;

namespace {

TEST(Checked, AddSubMulDetectOverflow) {
    EXPECT_EQ(*checked_add<std::uint32_t>(1, 2), 3U);
    auto a = checked_add<std::uint32_t>(0xFFFFFFFF, 1);
    ASSERT_FALSE(a.ok());
    EXPECT_STREQ(a.error().what, "addition overflows");
    EXPECT_EQ(a.error().value, 0xFFFFFFFFU);
    EXPECT_FALSE(checked_sub<std::uint64_t>(1, 2).ok());
    EXPECT_EQ(*checked_sub<std::uint64_t>(5, 2), 3U);
    EXPECT_FALSE(checked_mul<std::uint64_t>(std::numeric_limits<std::uint64_t>::max() / 2 + 1, 2).ok());
    EXPECT_EQ(*checked_mul<std::uint64_t>(4096, 4096), 16777216U);
}

TEST(Checked, AlignUp) {
    EXPECT_EQ(*align_up<std::uint64_t>(0, 4096), 0U);
    EXPECT_EQ(*align_up<std::uint64_t>(1, 4096), 4096U);
    EXPECT_EQ(*align_up<std::uint64_t>(4096, 4096), 4096U);
    EXPECT_FALSE(align_up<std::uint64_t>(std::numeric_limits<std::uint64_t>::max() - 10, 4096).ok());
    EXPECT_FALSE(align_up<std::uint64_t>(5, 3).ok());
    EXPECT_FALSE(align_up<std::uint64_t>(5, 0).ok());
    EXPECT_TRUE(is_aligned(0x200000, 0x1000));
    EXPECT_FALSE(is_aligned(0x200001, 0x1000));
}

TEST(Checked, RangeFitsNeverWraps) {
    EXPECT_TRUE(range_fits(0, 10, 10));
    EXPECT_FALSE(range_fits(1, 10, 10));
    EXPECT_FALSE(range_fits(std::numeric_limits<std::uint64_t>::max(), 2, 10));
    EXPECT_FALSE(range_fits(11, 0, 10));
}

TEST(Checked, Narrow) {
    EXPECT_EQ((*narrow<std::uint8_t, std::uint32_t>(255)), 255);
    EXPECT_FALSE((narrow<std::uint8_t, std::uint32_t>(256)).ok());
}

} // namespace
