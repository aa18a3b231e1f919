#include "kube/event_time.h"

#include <cstdio>

namespace tk::kube {
namespace {

std::string Format(std::chrono::system_clock::time_point instant, bool micro) {
  using namespace std::chrono;
  const sys_time<microseconds> at = floor<microseconds>(instant);
  const sys_days day = floor<days>(at);
  const year_month_day date{day};
  const hh_mm_ss<microseconds> time{at - day};
  char text[48];
  const int year = static_cast<int>(date.year());
  const unsigned month = static_cast<unsigned>(date.month());
  const unsigned day_of_month = static_cast<unsigned>(date.day());
  const auto hour = static_cast<int>(time.hours().count());
  const auto minute = static_cast<int>(time.minutes().count());
  const auto second = static_cast<int>(time.seconds().count());
  if (micro) {
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%06dZ", year, month, day_of_month,
                  hour, minute, second, static_cast<int>(time.subseconds().count()));
  } else {
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", year, month, day_of_month, hour,
                  minute, second);
  }
  return text;
}

}  // namespace

std::string FormatKubeTime(std::chrono::system_clock::time_point instant) {
  return Format(instant, false);
}

std::string FormatKubeMicroTime(std::chrono::system_clock::time_point instant) {
  return Format(instant, true);
}

}  // namespace tk::kube
