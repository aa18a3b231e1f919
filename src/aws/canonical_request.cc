#include "aws/canonical_request.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "aws/uri_encoding.h"

namespace tk::aws {
namespace {

// Headers that intermediaries may add or rewrite; signing them would make the
// signature fail after the request left us.
constexpr std::array<std::string_view, 3> kUnsignedHeaders = {"expect", "user-agent",
                                                              "x-amzn-trace-id"};

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

}  // namespace

std::string NormalizePath(std::string_view path) {
  std::vector<std::string_view> segments;
  std::string_view last;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = std::min(path.find('/', start), path.size());
    last = path.substr(start, end - start);
    if (last == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!last.empty() && last != ".") {
      segments.push_back(last);
    }
    start = end + 1;
  }
  std::string normalized = "/";
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) normalized += '/';
    normalized += segments[i];
  }
  const bool directory = last.empty() || last == "." || last == "..";
  if (directory && !segments.empty()) normalized += '/';
  return normalized;
}

std::string CanonicalUri(std::string_view path, bool normalize, bool encode_again) {
  const std::string uri = normalize  ? NormalizePath(path)
                          : path.empty() ? std::string("/")
                                         : std::string(path);
  return encode_again ? UriEncode(uri, Slash::kKeep) : uri;
}

std::vector<QueryParam> ParseQuery(std::string_view query) {
  std::vector<QueryParam> params;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = std::min(query.find('&', start), query.size());
    std::string_view piece = query.substr(start, end - start);
    if (!piece.empty()) {
      std::size_t equals = piece.find('=');
      if (equals == std::string_view::npos) {
        params.push_back({UriDecode(piece), ""});
      } else {
        params.push_back({UriDecode(piece.substr(0, equals)), UriDecode(piece.substr(equals + 1))});
      }
    }
    start = end + 1;
  }
  return params;
}

std::string CanonicalQueryString(std::span<const QueryParam> params) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(params.size());
  for (const QueryParam& param : params) {
    encoded.emplace_back(UriEncode(param.name, Slash::kEncode),
                         UriEncode(param.value, Slash::kEncode));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string canonical;
  for (const auto& [name, value] : encoded) {
    if (!canonical.empty()) canonical += '&';
    canonical += fmt::format("{}={}", name, value);
  }
  return canonical;
}

std::string CanonicalHeaderValue(std::string_view value) {
  std::string canonical;
  bool pending_space = false;
  for (char c : value) {
    if (IsWhitespace(c)) {
      pending_space = !canonical.empty();
      continue;
    }
    if (pending_space) canonical += ' ';
    pending_space = false;
    canonical += c;
  }
  return canonical;
}

Result<CanonicalHeaders> CanonicalizeHeaders(const HttpHeaders& headers) {
  std::map<std::string, std::string> values_by_name;  // sorted by lower-case name
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (headers[i].name.empty()) {
      return Status(Code::kInvalidArgument,
                    fmt::format("request header #{} has an empty name; drop it or name it", i + 1));
    }
    std::string name = ToLower(headers[i].name);
    if (std::find(kUnsignedHeaders.begin(), kUnsignedHeaders.end(), name) !=
        kUnsignedHeaders.end()) {
      continue;
    }
    auto [entry, inserted] = values_by_name.try_emplace(std::move(name));
    if (!inserted) entry->second += ',';
    entry->second += CanonicalHeaderValue(headers[i].value);
  }
  CanonicalHeaders canonical;
  for (const auto& [name, value] : values_by_name) {
    canonical.block += fmt::format("{}:{}\n", name, value);
    if (!canonical.signed_headers.empty()) canonical.signed_headers += ';';
    canonical.signed_headers += name;
  }
  return canonical;
}

}  // namespace tk::aws

