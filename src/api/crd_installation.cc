#include "api/crd_installation.h"

#include <algorithm>
#include <charconv>
#include <thread>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "api/crd_yaml.h"
#include "api/crds.h"

namespace tk::api {
namespace {

constexpr std::string_view kFieldManager = "tablekeeper";

kube::ResourcePath CrdPath(const std::string& name) {
  kube::ResourcePath path;
  path.gvr = {"apiextensions.k8s.io", "v1", "customresourcedefinitions"};
  path.name = name;
  return path;
}

// The emitter quotes every scalar that is a string but would read as
// something else, so a plain scalar is a boolean, an integer or a string.
nlohmann::json FromYaml(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& entry : node) object[entry.first.as<std::string>()] = FromYaml(entry.second);
      return object;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json array = nlohmann::json::array();
      for (const auto& item : node) array.push_back(FromYaml(item));
      return array;
    }
    case YAML::NodeType::Scalar: {
      const std::string text = node.Scalar();
      if (node.Tag() != "!") {  // plain, not quoted
        if (text == "true") return true;
        if (text == "false") return false;
        int64_t number = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (error == std::errc() && end == text.data() + text.size() && !text.empty()) return number;
      }
      return text;
    }
    default:
      return nullptr;
  }
}

std::string TypeOf(const nlohmann::json& schema) {
  return schema.is_object() && schema.contains("type") && schema["type"].is_string()
             ? schema["type"].get<std::string>()
             : "";
}

void Walk(const nlohmann::json& ours, const nlohmann::json& installed, const std::string& path,
          std::vector<std::string>& out) {
  const std::string our_type = TypeOf(ours);
  const std::string their_type = TypeOf(installed);
  if (!path.empty() && !our_type.empty() && !their_type.empty() && our_type != their_type) {
    out.push_back(fmt::format("{} (type {}, installed {})", path, our_type, their_type));
    return;
  }
  if (ours.contains("properties") && ours["properties"].is_object()) {
    const nlohmann::json* theirs =
        installed.contains("properties") && installed["properties"].is_object() ? &installed["properties"] : nullptr;
    for (const auto& [name, child] : ours["properties"].items()) {
      const std::string child_path = path.empty() ? name : path + "." + name;
      if (theirs == nullptr || !theirs->contains(name)) {
        // A schema that keeps unknown fields still stores them, but does not
        // validate or document them: report the field as missing anyway.
        out.push_back(child_path);
        continue;
      }
      Walk(child, (*theirs)[name], child_path, out);
    }
  }
  if (ours.contains("items") && installed.contains("items")) Walk(ours["items"], installed["items"], path + "[]", out);
  if (ours.contains("additionalProperties") && ours["additionalProperties"].is_object() &&
      installed.contains("additionalProperties")) {
    Walk(ours["additionalProperties"], installed["additionalProperties"], path + "{}", out);
  }
}

const nlohmann::json* OpenApiSchema(const nlohmann::json& crd) {
  const nlohmann::json* versions = crd.contains("spec") ? &crd["spec"]["versions"] : nullptr;
  if (versions == nullptr || !versions->is_array()) return nullptr;
  for (const nlohmann::json& version : *versions) {
    if (version.value("storage", false) || versions->size() == 1) {
      if (version.contains("schema") && version["schema"].contains("openAPIV3Schema")) {
        return &version["schema"]["openAPIV3Schema"];
      }
    }
  }
  return nullptr;
}

// The installed schema version; 0 when the annotation is absent or not a number.
int64_t InstalledSchemaVersion(const nlohmann::json& crd) {
  const nlohmann::json annotations = crd.value("metadata", nlohmann::json::object())
                                         .value("annotations", nlohmann::json::object());
  const std::string text = annotations.value(std::string(kSchemaVersionAnnotation), "");
  int64_t version = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
  return error == std::errc() && end == text.data() + text.size() ? version : 0;
}

kube::ApplyOptions ApplyAsUs() {
  kube::ApplyOptions options;
  options.field_manager = std::string(kFieldManager);
  options.force = true;
  return options;
}

bool Established(const nlohmann::json& crd) {
  for (const nlohmann::json& condition : crd.value("status", nlohmann::json::object())
                                             .value("conditions", nlohmann::json::array())) {
    if (condition.value("type", "") == "Established" && condition.value("status", "") == "True") return true;
  }
  return false;
}

}  // namespace

Result<CrdPolicy> ParseCrdPolicy(std::string_view text) {
  if (text == "check") return CrdPolicy::kCheck;
  if (text == "apply") return CrdPolicy::kApply;
  if (text == "ignore") return CrdPolicy::kIgnore;
  return Status(Code::kInvalidArgument, fmt::format("--crds \"{}\": use check, apply or ignore", text));
}

nlohmann::json CrdJson(const CustomResourceDefinition& crd) { return FromYaml(YAML::Load(CrdYaml(crd))); }

std::vector<std::string> SchemaFieldsMissing(const nlohmann::json& ours, const nlohmann::json& installed) {
  std::vector<std::string> out;
  Walk(ours, installed, "", out);
  std::sort(out.begin(), out.end());
  return out;
}

Status CompareInstalledCrd(const CustomResourceDefinition& ours, const std::optional<nlohmann::json>& installed) {
  const std::string name = ours.Name();
  if (!installed.has_value()) {
    return Status(Code::kFailedPrecondition,
                  fmt::format("CRD {} is not installed (required schema version {}): install deploy/crds, run "
                              "`tablekeeper crds --apply`, or start with --crds=apply",
                              name, ours.schema_version));
  }
  const int64_t version = InstalledSchemaVersion(*installed);
  if (version >= ours.schema_version) return OkStatus();
  std::vector<std::string> missing;
  const nlohmann::json* theirs = OpenApiSchema(*installed);
  nlohmann::json our_crd = CrdJson(ours);
  const nlohmann::json* our_schema = OpenApiSchema(our_crd);
  if (our_schema != nullptr) missing = SchemaFieldsMissing(*our_schema, theirs != nullptr ? *theirs : nlohmann::json::object());
  return Status(
      Code::kFailedPrecondition,
      fmt::format("CRD {} is older than this controller: installed schema version {}, required {}; {}. Upgrade it "
                  "(`tablekeeper crds --apply`, kubectl apply --server-side -f deploy/crds) or start with --crds=apply",
                  name, version == 0 ? std::string("none") : std::to_string(version), ours.schema_version,
                  missing.empty() ? std::string("no field is missing, but validation rules may differ")
                                  : fmt::format("fields missing: {}", fmt::join(missing, ", "))));
}

Status CheckInstalledCrds(kube::RestClient& client) {
  for (const CustomResourceDefinition& crd : AllCrds()) {
    Result<nlohmann::json> installed = client.Get(CrdPath(crd.Name()));
    std::optional<nlohmann::json> found;
    if (installed.ok()) {
      found = std::move(installed).value();
    } else if (installed.status().code() != Code::kNotFound) {
      return Status(installed.status().code(),
                    fmt::format("reading CRD {}: {}", crd.Name(), installed.status().message()));
    }
    if (Status s = CompareInstalledCrd(crd, found); !s.ok()) return s;
  }
  return OkStatus();
}

Status ApplyCrds(kube::RestClient& client, std::chrono::seconds timeout) {
  const std::vector<CustomResourceDefinition> crds = AllCrds();
  for (const CustomResourceDefinition& crd : crds) {
    if (Status s = CheckCrd(crd); !s.ok()) return s;
    Result<nlohmann::json> applied =
        client.Apply(CrdPath(crd.Name()), CrdJson(crd), ApplyAsUs());
    if (!applied.ok()) {
      return Status(applied.status().code(),
                    fmt::format("applying CRD {}: {}", crd.Name(), applied.status().message()));
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (const CustomResourceDefinition& crd : crds) {
    while (true) {
      Result<nlohmann::json> current = client.Get(CrdPath(crd.Name()));
      if (current.ok() && Established(*current)) break;
      if (std::chrono::steady_clock::now() >= deadline) {
        return Status(Code::kUnavailable,
                      fmt::format("CRD {} applied but not Established after {}s{}", crd.Name(), timeout.count(),
                                  current.ok() ? "" : ": " + current.status().message()));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  return OkStatus();
}

Status EnsureCrds(kube::RestClient& client, CrdPolicy policy) {
  switch (policy) {
    case CrdPolicy::kCheck:
      return CheckInstalledCrds(client);
    case CrdPolicy::kApply:
      return ApplyCrds(client);
    case CrdPolicy::kIgnore:
      return OkStatus();
  }
  return OkStatus();
}

}  // namespace tk::api
