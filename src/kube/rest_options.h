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

// Watch: which changes to stream, and from where.
struct WatchOptions {
  // Stream the changes after this version: the list's
  // metadata.resourceVersion, or the last event's. "" asks the server to
  // start from now, sending the current objects as ADDED events first.
  std::string resource_version;
  std::string label_selector;
  std::string field_selector;
  // Ask for BOOKMARK events, which move the resourceVersion forward while
  // nothing watched changes. Default: true.
  bool allow_bookmarks = true;
  // The server ends the watch after this long (timeoutSeconds); 0 leaves it
  // to the server (its --min-request-timeout, randomised). The client gives
  // up 30 s after this deadline if the server has not ended the stream; with
  // 0 the client sets no deadline.
  std::chrono::seconds timeout_seconds{0};
};

enum class PatchType {
  kMerge,  // RFC 7386, application/merge-patch+json
  kJson,   // RFC 6902, application/json-patch+json; the patch is an array
};

}  // namespace tk::kube
