#include "kube/watch_event.h"

#include <fmt/format.h>

#include "kube/api_error.h"

namespace tk::kube {
namespace {

using nlohmann::json;

bool IsJsonWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::optional<WatchEventType> TypeNamed(std::string_view name) {
  if (name == "ADDED") return WatchEventType::kAdded;
  if (name == "MODIFIED") return WatchEventType::kModified;
  if (name == "DELETED") return WatchEventType::kDeleted;
  if (name == "BOOKMARK") return WatchEventType::kBookmark;
  if (name == "ERROR") return WatchEventType::kError;
  return std::nullopt;
}

}  // namespace

std::string_view WatchEventTypeName(WatchEventType type) {
  switch (type) {
    case WatchEventType::kAdded: return "ADDED";
    case WatchEventType::kModified: return "MODIFIED";
    case WatchEventType::kDeleted: return "DELETED";
    case WatchEventType::kBookmark: return "BOOKMARK";
    case WatchEventType::kError: return "ERROR";
  }
  return "UNKNOWN";
}

Result<WatchEvent> WatchEventFromJson(json value) {
  if (!value.is_object()) return Status(Code::kInternal, "watch stream: an event is not a JSON object");
  const auto type = value.find("type");
  if (type == value.end() || !type->is_string()) {
    return Status(Code::kInternal, "watch stream: an event has no \"type\"");
  }
  const std::optional<WatchEventType> parsed = TypeNamed(type->get_ref<const std::string&>());
  if (!parsed) {
    return Status(Code::kInternal,
                  fmt::format("watch stream: unknown event type \"{}\"", type->get_ref<const std::string&>()));
  }
  const auto object = value.find("object");
  if (object == value.end() || !object->is_object()) {
    return Status(Code::kInternal, fmt::format("watch stream: a {} event carries no object",
                                               WatchEventTypeName(*parsed)));
  }
  WatchEvent event;
  event.type = *parsed;
  event.object = std::move(*object);
  return event;
}

Status WatchErrorStatus(const WatchEvent& event, std::string_view path) {
  http::Response response;
  response.status = 500;
  if (const auto code = event.object.find("code");
      code != event.object.end() && code->is_number_integer()) {
    const int64_t value = code->get<int64_t>();
    if (value >= 100 && value <= 599) response.status = static_cast<int>(value);
  }
  response.body = event.object.dump(-1, ' ', false, json::error_handler_t::replace);
  return ApiErrorStatus("WATCH", path, response);
}

Status WatchStreamDecoder::Feed(std::string_view chunk, const ObjectHandler& on_object) {
  if (!failed_.ok()) return failed_;
  buffer_.append(chunk);
  bool keep_going = true;
  while (keep_going && scanned_ < buffer_.size()) {
    const char c = buffer_[scanned_];
    if (depth_ == 0) {
      if (!IsJsonWhitespace(c)) {
        if (c != '{') {
          failed_ = Status(Code::kInternal, "watch stream: expected a JSON object, found another character");
          return failed_;
        }
        object_start_ = scanned_;
        depth_ = 1;
      }
      ++scanned_;
      continue;
    }
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
    } else if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if (c == '}' || c == ']') {
      --depth_;
    }
    ++scanned_;
    if (depth_ == 0) {
      const std::string_view text(buffer_.data() + object_start_, scanned_ - object_start_);
      json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
      if (value.is_discarded()) {
        failed_ = Status(Code::kInternal, "watch stream: an event is not valid JSON");
        return failed_;
      }
      object_start_ = scanned_;
      keep_going = on_object(std::move(value));
    } else if (scanned_ - object_start_ > kMaxObjectBytes) {
      failed_ = Status(Code::kInternal,
                       fmt::format("watch stream: an event is larger than {} bytes", kMaxObjectBytes));
      return failed_;
    }
  }
  // Drop what was consumed: everything before the object being read.
  if (depth_ == 0) object_start_ = scanned_;
  const size_t consumed = object_start_;
  buffer_.erase(0, consumed);
  scanned_ -= consumed;
  object_start_ -= consumed;
  return OkStatus();
}

bool WatchStreamDecoder::HasPartialObject() const { return depth_ > 0; }

void WatchStreamDecoder::Reset() { *this = WatchStreamDecoder(); }

}  // namespace tk::kube
