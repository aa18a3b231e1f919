// Watch events and the decoder of a watch's response body.
//
// The API server answers a watch with a stream of JSON objects, one per
// event, each followed by a newline:
//   {"type":"ADDED","object":{...}}
//   {"type":"BOOKMARK","object":{"kind":"ConfigMap","metadata":{"resourceVersion":"572"}}}
//   {"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired",...}}
// The transport hands the body over in chunks that fall anywhere: an event
// may be split across chunks, and one chunk may hold several events.
// WatchStreamDecoder reassembles them. It frames by JSON structure (braces
// outside strings), not by newlines, so it also accepts events without the
// newline or pretty-printed; whitespace between events is skipped.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace tk::kube {

enum class WatchEventType {
  kAdded,
  kModified,
  kDeleted,
  // Carries only metadata.resourceVersion: "everything up to here was sent".
  kBookmark,
  // The object is a Status; the server ends the stream after it.
  kError,
};

// "ADDED", "MODIFIED", ... as the server spells them.
std::string_view WatchEventTypeName(WatchEventType type);

struct WatchEvent {
  WatchEventType type = WatchEventType::kAdded;
  nlohmann::json object;
};

// Receives one event; returning false ends the watch (not an error).
using WatchEventHandler = std::function<bool(WatchEvent event)>;

// The WatchEvent in a decoded JSON value; kInternal (naming what is wrong)
// when it is not one: no or unknown "type", no object "object".
Result<WatchEvent> WatchEventFromJson(nlohmann::json value);

// The Status an ERROR event carries, as api_error.h would make it for an HTTP
// answer with the Status' code (500 when it has none), so that IsGone() is
// true for "410 Expired" inside a stream. `path` names the watch in the
// message.
Status WatchErrorStatus(const WatchEvent& event, std::string_view path);

// Reassembles JSON objects from a body delivered in pieces. Not thread-safe:
// one decoder per stream.
class WatchStreamDecoder {
 public:
  // An object larger than this is refused (kInternal): a bound on memory when
  // a stream is not what it should be. Kubernetes objects are at most a few MiB.
  static constexpr size_t kMaxObjectBytes = size_t{64} << 20;

  using ObjectHandler = std::function<bool(nlohmann::json value)>;

  // Adds `chunk` and hands every object it completes to `on_object`, in
  // order; stops early, returning OK, when `on_object` returns false (the
  // rest stays buffered). kInternal when the stream is not a sequence of JSON
  // objects; the decoder is then unusable.
  Status Feed(std::string_view chunk, const ObjectHandler& on_object);

  // True when bytes of an incomplete object are buffered: a stream that ends
  // now ended inside an object.
  bool HasPartialObject() const;

  // Forgets everything buffered, for a new stream.
  void Reset();

 private:
  std::string buffer_;
  // Scanner state at buffer_[scanned_]: the nesting depth of the object being
  // read (0 between objects), and whether inside a string, after a backslash.
  size_t scanned_ = 0;
  size_t object_start_ = 0;
  int depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
  Status failed_;
};

}  // namespace tk::kube
