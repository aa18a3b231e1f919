// What the controller does at start about the CRDs installed in the cluster
// (--crds=check|apply|ignore), and `tablekeeper crds --apply`.
//
// check:  GET each of our CRDs; one missing, or whose
//         tablekeeper.io/schema-version annotation is lower than ours (or
//         absent), refuses the start: kFailedPrecondition naming the CRD, the
//         installed and required versions and the fields ours has that the
//         installed one lacks. A newer installed CRD is accepted (an older
//         controller during a rolling upgrade).
// apply:  server-side apply of our CRDs as field manager "tablekeeper" with
//         force, then wait until each is Established.
// ignore: nothing.
//
// Needs, in RBAC terms: check get on customresourcedefinitions (the
// controller's ClusterRole); apply create and patch as well
// (deploy/rbac/crd-installer-clusterrole.yaml).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/crd.h"
#include "kube/rest_client.h"
#include "util/status.h"

namespace tk::api {

enum class CrdPolicy { kCheck, kApply, kIgnore };

// "check", "apply" or "ignore"; kInvalidArgument otherwise.
Result<CrdPolicy> ParseCrdPolicy(std::string_view text);

// The CRD as the API server takes it (the JSON form of CrdYaml).
nlohmann::json CrdJson(const CustomResourceDefinition& crd);

// The field paths of `ours` (an openAPIV3Schema) that `installed` lacks,
// or whose type differs ("spec.tableClass", "spec.tags[].key",
// "spec.x (type string, installed integer)"); only the top-most missing
// field of a missing subtree. Sorted.
std::vector<std::string> SchemaFieldsMissing(const nlohmann::json& ours, const nlohmann::json& installed);

// Compares one installed CRD (nullopt: not installed) with ours: OK when
// current or newer, else kFailedPrecondition with the message described above.
Status CompareInstalledCrd(const CustomResourceDefinition& ours, const std::optional<nlohmann::json>& installed);

// --crds=check over all our CRDs; the first refusal's Status, or the GET's
// failure (kPermissionDenied, kUnavailable, ...).
Status CheckInstalledCrds(kube::RestClient& client);

// --crds=apply over all our CRDs; kUnavailable naming the CRD that did not
// become Established within `timeout`.
Status ApplyCrds(kube::RestClient& client, std::chrono::seconds timeout = std::chrono::seconds(60));

// What the controller calls at start with its --crds value.
Status EnsureCrds(kube::RestClient& client, CrdPolicy policy);

}  // namespace tk::api
