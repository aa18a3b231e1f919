#include "kube/rfc3339.h"

#include <gtest/gtest.h>

namespace tk::kube {
namespace {

using std::chrono::system_clock;

int64_t Seconds(std::string_view text) {
  const auto parsed = ParseRfc3339(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed ? std::chrono::duration_cast<std::chrono::seconds>(parsed->time_since_epoch()).count() : -1;
}

TEST(Rfc3339Test, ParsesUtc) {
  EXPECT_EQ(Seconds("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Seconds("2030-01-01T00:10:00Z"), 1893456600);
}

TEST(Rfc3339Test, AppliesOffsets) {
  EXPECT_EQ(Seconds("2030-01-01T02:10:00+02:00"), 1893456600);
  EXPECT_EQ(Seconds("2029-12-31T23:40:00-00:30"), 1893456600);
}

TEST(Rfc3339Test, KeepsFractions) {
  const auto parsed = ParseRfc3339("1970-01-01T00:00:01.25Z");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(parsed->time_since_epoch()).count(), 1250);
}

TEST(Rfc3339Test, RejectsOtherText) {
  for (const char* text : {"", "2030-01-01", "2030-01-01T00:00:00", "2030-13-01T00:00:00Z",
                           "2030-02-30T00:00:00Z", "2030-01-01T24:00:00Z", "2030-01-01T00:00:00Zjunk",
                           "2030-01-01T00:00:00.Z", "2030-01-01T00:00:00+0200"}) {
    EXPECT_EQ(ParseRfc3339(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace tk::kube
