// ResponseExcerpt: the start of an answer's body, safe to put in a message
// when the body is not what the protocol promised (an HTML error page from a
// proxy, XML from a JSON service).
#pragma once

#include <string>
#include <string_view>

namespace tk::aws {

// At most `limit` bytes of `body`, control characters and bytes outside
// printable ASCII replaced by '?', white space runs folded to one space,
// with "..." when cut; "(empty body)" for an empty one.
std::string ResponseExcerpt(std::string_view body, std::size_t limit = 200);

}  // namespace tk::aws
