#include "aws/credential_time.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdint>

namespace tk::aws {
namespace {

// Reads exactly `width` digits at text[*pos], advancing *pos.
std::optional<int> Digits(std::string_view text, size_t* pos, size_t width) {
  if (*pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < width; ++i) {
    const char c = text[*pos + i];
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  *pos += width;
  return value;
}

bool Take(std::string_view text, size_t* pos, std::string_view choices) {
  if (*pos >= text.size() || choices.find(text[*pos]) == std::string_view::npos) return false;
  ++*pos;
  return true;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> ParseCredentialTime(std::string_view text) {
  using namespace std::chrono;
  size_t pos = 0;
  const std::optional<int> year = Digits(text, &pos, 4);
  if (!year || !Take(text, &pos, "-")) return std::nullopt;
  const std::optional<int> month = Digits(text, &pos, 2);
  if (!month || !Take(text, &pos, "-")) return std::nullopt;
  const std::optional<int> day = Digits(text, &pos, 2);
  if (!day || !Take(text, &pos, "Tt ")) return std::nullopt;
  const std::optional<int> hour = Digits(text, &pos, 2);
  if (!hour || !Take(text, &pos, ":")) return std::nullopt;
  const std::optional<int> minute = Digits(text, &pos, 2);
  if (!minute || !Take(text, &pos, ":")) return std::nullopt;
  const std::optional<int> second = Digits(text, &pos, 2);
  if (!second) return std::nullopt;

  nanoseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int64_t scale = 100'000'000;
    const size_t start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0) {
      fraction += nanoseconds(int64_t{text[pos] - '0'} * scale);
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }

  minutes offset{0};
  if (Take(text, &pos, "Zz")) {
    // UTC
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    const std::optional<int> offset_hours = Digits(text, &pos, 2);
    if (!offset_hours || !Take(text, &pos, ":")) return std::nullopt;
    const std::optional<int> offset_minutes = Digits(text, &pos, 2);
    if (!offset_minutes || *offset_hours > 23 || *offset_minutes > 59) return std::nullopt;
    offset = minutes(sign * (*offset_hours * 60 + *offset_minutes));
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;

  const year_month_day date{std::chrono::year{*year},
                            std::chrono::month{static_cast<unsigned>(*month)},
                            std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  const sys_time<nanoseconds> instant =
      sys_days{date} + hours{*hour} + minutes{*minute} + seconds{*second} + fraction - offset;
  return time_point_cast<system_clock::duration>(instant);
}

std::string FormatCredentialTime(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const sys_seconds whole = floor<seconds>(time);
  const sys_days day = floor<days>(whole);
  const year_month_day date(day);
  const hh_mm_ss<seconds> clock_time(whole - day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     clock_time.hours().count(), clock_time.minutes().count(),
                     clock_time.seconds().count());
}

}  // namespace tk::aws
