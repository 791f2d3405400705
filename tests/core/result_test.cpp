#include <gtest/gtest.h>

#include "core/result.hpp"

using domfw::core::Error;
using domfw::core::Result;

namespace {

Result<int> failed() { return Error{"nope", 1, 2, 3}; }

TEST(Result, ValueOfAnOkResult) {
    const Result<int> r(7);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value(), 7);
    EXPECT_EQ(*r, 7);
    EXPECT_STREQ(failed().error().what, "nope");
}

#if !defined(NDEBUG)
// Reading the value of a failed result is a bug: debug builds stop at it instead of handing
// back whatever the union holds (the Error's bytes, read as a T).
TEST(ResultDeathTest, ValueOfAFailedResultTrapsInDebugBuilds) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH((void)failed().value(), "");
    EXPECT_DEATH((void)*failed(), "");
    EXPECT_DEATH((void)Result<int>(1).error(), "");
}
#endif

} // namespace
