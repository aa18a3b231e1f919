#include "kube/event_time.h"

#include <gtest/gtest.h>

#include "kube/rfc3339.h"

namespace tk::kube {
namespace {

using namespace std::chrono;

TEST(EventTimeTest, FormatsTimeAndMicroTimeInUtc) {
  const system_clock::time_point instant =
      sys_days{year{2026} / 1 / 2} + 3h + 4min + 5s + 678901234ns;
  EXPECT_EQ(FormatKubeTime(instant), "2026-01-02T03:04:05Z");
  EXPECT_EQ(FormatKubeMicroTime(instant), "2026-01-02T03:04:05.678901Z");
  EXPECT_EQ(FormatKubeMicroTime(system_clock::time_point{}), "1970-01-01T00:00:00.000000Z");
}

TEST(EventTimeTest, MicroTimeRoundTripsThroughTheParser) {
  const system_clock::time_point instant = sys_days{year{2030} / 12 / 31} + 23h + 59min + 59s + 999999us;
  EXPECT_EQ(ParseRfc3339(FormatKubeMicroTime(instant)), instant);
}

}  // namespace
}  // namespace tk::kube
