// Options of the RestClient's calls. A zero `timeout` means the RestConfig's.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace tk::kube {

struct GetOptions {
  std::chrono::milliseconds timeout{0};
};

struct ListOptions {
  std::string label_selector;  // "app=orders,tier!=cache"
  std::string field_selector;  // "metadata.name=x"
  // Page size; 0 asks for everything at once (List) or pages of 500 (ListAll).
  int64_t limit = 0;
  // metadata.continue of the previous page; List only.
  std::string continue_token;
  std::chrono::milliseconds timeout{0};
};

// Create, Update and Patch.
struct WriteOptions {
  // Recorded in managedFields as the writer; empty: the server's default.
  std::string field_manager;
  std::chrono::milliseconds timeout{0};
};

struct ApplyOptions {
  // Required: the owner of the fields in the applied configuration.
  std::string field_manager;
  // Take fields owned by other managers instead of failing with a conflict.
  bool force = false;
  std::chrono::milliseconds timeout{0};
};

struct DeleteOptions {
  // Delete only if the object still has this uid / resourceVersion; else the
  // server answers 409 (kConflict).
  std::optional<std::string> precondition_uid;
  std::optional<std::string> precondition_resource_version;
  // "Foreground", "Background" or "Orphan"; empty: the resource's default.
  std::string propagation_policy;
  std::optional<int64_t> grace_period_seconds;
  std::chrono::milliseconds timeout{0};
};

enum class PatchType {
  kMerge,  // RFC 7386, application/merge-patch+json
  kJson,   // RFC 6902, application/json-patch+json; the patch is an array
};

}  // namespace tk::kube
