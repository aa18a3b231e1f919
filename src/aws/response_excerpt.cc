#include "aws/response_excerpt.h"

namespace tk::aws {

std::string ResponseExcerpt(std::string_view body, std::size_t limit) {
  if (body.empty()) return "(empty body)";
  std::string excerpt;
  bool last_space = false;
  std::size_t used = 0;
  for (; used < body.size() && excerpt.size() < limit; ++used) {
    const char c = body[used];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (!last_space && !excerpt.empty()) excerpt += ' ';
      last_space = true;
      continue;
    }
    last_space = false;
    excerpt += (c >= 0x21 && c <= 0x7e) ? c : '?';
  }
  while (!excerpt.empty() && excerpt.back() == ' ') excerpt.pop_back();
  if (used < body.size()) excerpt += "...";
  return excerpt;
}

}  // namespace tk::aws
