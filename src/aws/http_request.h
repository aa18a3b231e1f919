// HttpRequest: the parts of an HTTP request that SigV4 signing reads and extends.
#pragma once

#include <string>
#include <vector>

namespace tk::aws {

struct HttpHeader {
  std::string name;   // as sent; compared case-insensitively
  std::string value;  // as sent; may hold leading spaces or folded lines
};

// Headers in the order they are sent. A name may repeat, and the order of the
// repeated values matters to the signature.
using HttpHeaders = std::vector<HttpHeader>;

struct HttpRequest {
  std::string method;  // e.g. "POST"
  std::string path;    // as sent on the wire (already percent-encoded), without the query
  std::string query;   // as sent on the wire, without the leading '?'; may be empty
  HttpHeaders headers;  // must include Host
  std::string body;
};

}  // namespace tk::aws
