#include "kube/resource_path.h"

#include <fmt/format.h>

#include <cctype>

namespace tk::kube {
namespace {

// Why `segment` cannot be a path segment, or "" when it can.
std::string_view SegmentProblem(std::string_view segment) {
  if (segment.empty()) return "is empty";
  if (segment == "." || segment == "..") return "may not be '.' or '..'";
  if (segment.find('/') != std::string_view::npos) return "may not contain '/'";
  if (segment.find('%') != std::string_view::npos) return "may not contain '%'";
  return "";
}

Status CheckSegment(std::string_view what, std::string_view segment) {
  const std::string_view problem = SegmentProblem(segment);
  if (problem.empty()) return OkStatus();
  return Status(Code::kInvalidArgument, fmt::format("{} \"{}\" {}", what, segment, problem));
}

}  // namespace

Result<std::string> BuildUrlPath(const ResourcePath& path) {
  const GroupVersionResource& gvr = path.gvr;
  if (!gvr.group.empty()) {
    if (Status s = CheckSegment("group", gvr.group); !s.ok()) return s;
  }
  if (Status s = CheckSegment("version", gvr.version); !s.ok()) return s;
  if (Status s = CheckSegment("resource", gvr.resource); !s.ok()) return s;
  std::string url = gvr.group.empty()
                        ? "/api/" + PercentEncode(gvr.version)
                        : fmt::format("/apis/{}/{}", PercentEncode(gvr.group), PercentEncode(gvr.version));
  if (!path.namespace_name.empty()) {
    if (Status s = CheckSegment("namespace", path.namespace_name); !s.ok()) return s;
    url += "/namespaces/" + PercentEncode(path.namespace_name);
  }
  url += "/" + PercentEncode(gvr.resource);
  if (!path.name.empty()) {
    if (Status s = CheckSegment("name", path.name); !s.ok()) return s;
    url += "/" + PercentEncode(path.name);
  }
  if (!path.subresource.empty()) {
    if (path.name.empty()) {
      return Status(Code::kInvalidArgument,
                    fmt::format("subresource \"{}\" of {} needs an object name", path.subresource,
                                gvr.resource));
    }
    if (Status s = CheckSegment("subresource", path.subresource); !s.ok()) return s;
    url += "/" + PercentEncode(path.subresource);
  }
  return url;
}

std::string PercentEncode(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out += fmt::format("%{:02X}", byte);
    }
  }
  return out;
}

std::string EncodeQuery(const QueryParams& params) {
  std::string query;
  for (const auto& [key, value] : params) {
    query += query.empty() ? '?' : '&';
    query += PercentEncode(key) + "=" + PercentEncode(value);
  }
  return query;
}

}  // namespace tk::kube
