// ResourcePath: how a Kubernetes resource is addressed in the REST API, and
// the URL path and query built from it.
//
//   core group:   /api/v1[/namespaces/NS]/RESOURCE[/NAME[/SUBRESOURCE]]
//   other groups: /apis/GROUP/VERSION[/namespaces/NS]/RESOURCE[/NAME[/SUBRESOURCE]]
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace tk::kube {

struct GroupVersionResource {
  std::string group;     // "" for the core group
  std::string version;   // "v1", "v1alpha1"
  std::string resource;  // the plural, lower case: "configmaps", "keys"
};

struct ResourcePath {
  GroupVersionResource gvr;
  // Empty for cluster-scoped resources, or a list across all namespaces.
  std::string namespace_name;
  // Empty addresses the collection (list, create).
  std::string name;
  // "status", "scale"; needs a name.
  std::string subresource;
};

// The URL path of `path`. kInvalidArgument when version or resource is
// missing, a subresource has no name, or a segment could not be a path
// segment (empty where required, ".", "..", or containing '/' or '%'), as the
// API server's own rule.
Result<std::string> BuildUrlPath(const ResourcePath& path);

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// RFC 3986 percent-encoding of everything but unreserved characters.
std::string PercentEncode(std::string_view text);

// "?k=v&k2=v2" with keys and values percent-encoded; "" when empty.
std::string EncodeQuery(const QueryParams& params);

}  // namespace tk::kube
