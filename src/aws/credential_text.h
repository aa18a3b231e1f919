// Small text helpers shared by the credential providers.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace tk::aws {

// `text` without leading and trailing spaces, tabs, CR and LF.
inline std::string_view TrimCredentialText(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

inline std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return lower;
}

// Whether `text` holds a character that may not appear in an HTTP header
// value (CR, LF or NUL).
inline bool HasLineBreak(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

}  // namespace tk::aws
