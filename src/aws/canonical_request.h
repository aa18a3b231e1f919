// The pieces of a SigV4 canonical request: URI, query string and headers.
//
// A canonical request is
//   METHOD '\n' URI '\n' QUERY '\n' HEADERS '\n' SIGNED_HEADERS '\n' PAYLOAD_HASH
// where HEADERS ends with its own '\n'. The functions here build the middle
// parts; SigV4Signer assembles them. All of them are pure.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "aws/http_request.h"
#include "util/status.h"

namespace tk::aws {

// `path` with "." and ".." segments resolved (RFC 3986 section 5.2.4) and
// empty segments dropped, so "//a/./b/../c/" becomes "/a/c/". The result
// starts with '/' and ends with '/' when the input's last segment was empty,
// "." or "..". ".." at the root stays at the root.
std::string NormalizePath(std::string_view path);

// The canonical URI of a wire-form `path`. With `normalize`, NormalizePath
// applies first. With `encode_again`, the path is percent-encoded once more,
// keeping '/', which is what every service but S3 expects ("%20" becomes
// "%2520"). An empty path is "/".
std::string CanonicalUri(std::string_view path, bool normalize, bool encode_again);

// One query parameter, decoded: a name "a%20b" on the wire is "a b" here.
struct QueryParam {
  std::string name;
  std::string value;  // empty for "name=" and for a bare "name"
};

// The parameters of a wire-form query string (no leading '?') in order,
// decoded with UriDecode. Empty pieces, as in "a=1&&b=2", are skipped.
std::vector<QueryParam> ParseQuery(std::string_view query);

// The canonical query string: each name and value UriEncode'd (encoding '/'),
// pairs sorted by encoded name then encoded value, joined as "n=v&n=v".
std::string CanonicalQueryString(std::span<const QueryParam> params);

// A header value as SigV4 signs it: leading and trailing whitespace removed and
// each inner run of whitespace (including folded line breaks) replaced by one space.
std::string CanonicalHeaderValue(std::string_view value);

struct CanonicalHeaders {
  std::string block;           // "name:value\n" per signed name, sorted by name
  std::string signed_headers;  // the names joined by ';', e.g. "host;x-amz-date"
};

// Canonicalises `headers`: names lower-cased, values through
// CanonicalHeaderValue, the values of a repeated name joined by ',' in request
// order. Headers that proxies rewrite (user-agent, expect, x-amzn-trace-id) are
// left unsigned. Fails with kInvalidArgument when a header name is empty.
Result<CanonicalHeaders> CanonicalizeHeaders(const HttpHeaders& headers);

}  // namespace tk::aws
