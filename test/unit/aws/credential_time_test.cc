#include "aws/credential_time.h"

#include <gtest/gtest.h>

namespace tk::aws {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

TEST(CredentialTimeTest, ParsesUtcOffsetsAndFractions) {
  const auto base = ParseCredentialTime("2026-05-01T12:00:00Z");
  ASSERT_TRUE(base.has_value());
  EXPECT_EQ(base->time_since_epoch(), system_clock::time_point(seconds(1777636800)).time_since_epoch());
  EXPECT_EQ(ParseCredentialTime("2026-05-01T14:00:00+02:00"), base);
  EXPECT_EQ(ParseCredentialTime("2026-05-01T11:30:00-00:30"), base);
  EXPECT_EQ(ParseCredentialTime("2026-05-01t12:00:00z"), base);
  const auto fraction = ParseCredentialTime("2026-05-01T12:00:00.5Z");
  ASSERT_TRUE(fraction.has_value());
  EXPECT_EQ(*fraction - *base, std::chrono::milliseconds(500));
}

TEST(CredentialTimeTest, RefusesWhatIsNotRfc3339) {
  for (const char* text : {"", "2026-05-01", "2026-05-01T12:00:00", "2026-13-01T12:00:00Z",
                           "2026-02-30T12:00:00Z", "2026-05-01T12:00:00.Z", "2026-05-01T12:00:00Zx",
                           "1777636800"}) {
    EXPECT_FALSE(ParseCredentialTime(text).has_value()) << text;
  }
}

TEST(CredentialTimeTest, FormatsInUtcWholeSeconds) {
  const auto time = ParseCredentialTime("2026-05-01T12:34:56.789+01:00");
  ASSERT_TRUE(time.has_value());
  EXPECT_EQ(FormatCredentialTime(*time), "2026-05-01T11:34:56Z");
}

}  // namespace
}  // namespace tk::aws
