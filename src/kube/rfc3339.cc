#include "kube/rfc3339.h"

#include <cctype>

namespace tk::kube {
namespace {

// Reads exactly `width` digits at `text[*pos]`, advancing `*pos`.
std::optional<int> Digits(std::string_view text, size_t* pos, size_t width) {
  if (*pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < width; ++i) {
    const char c = text[*pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  *pos += width;
  return value;
}

bool Expect(std::string_view text, size_t* pos, std::string_view choices) {
  if (*pos >= text.size() || choices.find(text[*pos]) == std::string_view::npos) return false;
  ++*pos;
  return true;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text) {
  using namespace std::chrono;
  size_t pos = 0;
  const auto year = Digits(text, &pos, 4);
  if (!year || !Expect(text, &pos, "-")) return std::nullopt;
  const auto month = Digits(text, &pos, 2);
  if (!month || !Expect(text, &pos, "-")) return std::nullopt;
  const auto day = Digits(text, &pos, 2);
  if (!day || !Expect(text, &pos, "Tt ")) return std::nullopt;
  const auto hour = Digits(text, &pos, 2);
  if (!hour || !Expect(text, &pos, ":")) return std::nullopt;
  const auto minute = Digits(text, &pos, 2);
  if (!minute || !Expect(text, &pos, ":")) return std::nullopt;
  const auto second = Digits(text, &pos, 2);
  if (!second) return std::nullopt;

  nanoseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int64_t scale = 100'000'000;
    const size_t start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      fraction += nanoseconds((text[pos] - '0') * scale);
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }

  minutes offset{0};
  if (Expect(text, &pos, "Zz")) {
    // UTC
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    const auto offset_hours = Digits(text, &pos, 2);
    if (!offset_hours || !Expect(text, &pos, ":")) return std::nullopt;
    const auto offset_minutes = Digits(text, &pos, 2);
    if (!offset_minutes || *offset_hours > 23 || *offset_minutes > 59) return std::nullopt;
    offset = minutes(sign * (*offset_hours * 60 + *offset_minutes));
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;

  const year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                            std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  const sys_time<nanoseconds> instant = sys_days{date} + hours{*hour} + minutes{*minute} +
                                        seconds{*second} + fraction - offset;
  return time_point_cast<system_clock::duration>(instant);
}

}  // namespace tk::kube
