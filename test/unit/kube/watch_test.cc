// RestClient::Watch with a scripted transport that streams bodies in small
// pieces: the request it sends, events handed over in order, 410 Gone both
// ways, refused watches, dropped connections, stopping. The real API server
// is in test/integration/kube/watch_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <stdexcept>

#include "kube/api_error.h"
#include "kube/rest_client.h"

namespace tk::kube {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// Time moves only when someone sleeps, and then at once to the deadline.
class JumpClock final : public Clock {
 public:
  TimePoint Now() const override { return TimePoint{} + elapsed_; }
  std::chrono::system_clock::time_point WallNow() const override {
    return std::chrono::system_clock::time_point{} + elapsed_;
  }
  void SleepUntil(TimePoint deadline) override {
    if (deadline > Now()) elapsed_ = deadline - TimePoint{};
  }

 private:
  Duration elapsed_{};
};

struct StreamAnswer {
  int status = 200;
  std::string body;
  size_t chunk_size = 3;
  // After the body: a transport failure (the connection dropped) instead of
  // a clean end.
  bool drop_at_end = false;
};

struct Script {
  std::vector<http::Request> requests;
  std::deque<StreamAnswer> answers;
};

class StreamingTransport final : public Transport {
 public:
  explicit StreamingTransport(Script& script) : script_(script) {}
  Result<http::Response> Send(const http::Request&) override {
    return Status(Code::kInternal, "only streams are scripted");
  }
  Result<http::Response> Stream(const http::Request& request, const http::BodySink& sink,
                                const std::function<bool()>& keep_going) override {
    script_.requests.push_back(request);
    if (script_.answers.empty()) return Status(Code::kInternal, "the test scripted no more answers");
    const StreamAnswer answer = script_.answers.front();
    script_.answers.pop_front();
    http::Response response;
    response.status = answer.status;
    for (size_t at = 0; at < answer.body.size(); at += answer.chunk_size) {
      if (!keep_going() || !sink(std::string_view(answer.body).substr(at, answer.chunk_size))) return response;
    }
    if (answer.drop_at_end) return Status(Code::kUnavailable, "GET https://kube.test:6443/x: Connection reset");
    return response;
  }

 private:
  Script& script_;
};

std::string Event(std::string_view type, const json& object) {
  return json{{"type", type}, {"object", object}}.dump() + "\n";
}

json ConfigMap(const std::string& name, const std::string& resource_version) {
  return {{"kind", "ConfigMap"},
          {"apiVersion", "v1"},
          {"metadata", {{"name", name}, {"namespace", "ns"}, {"resourceVersion", resource_version}}}};
}

std::string StatusBody(int code, std::string_view reason, std::string_view message) {
  return json{{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Failure"},
              {"message", message}, {"reason", reason}, {"code", code}}.dump();
}

std::optional<std::string> QueryValue(const std::string& url, const std::string& key) {
  const size_t question = url.find('?');
  if (question == std::string::npos) return std::nullopt;
  std::string_view query = std::string_view(url).substr(question + 1);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t equals = pair.find('=');
    if (pair.substr(0, equals) == key) return std::string(pair.substr(equals + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

const ResourcePath kConfigMaps{{"", "v1", "configmaps"}, "ns", "", ""};

class WatchTest : public ::testing::Test {
 protected:
  WatchTest() {
    config_.host = "https://kube.test:6443";
    config_.qps = 0;
    config_.credentials = std::make_shared<StaticCredentialProvider>(Credentials{"tok", "", ""});
    client_ = std::make_unique<RestClient>(config_, clock_, [this](const http::TlsOptions&) {
      return std::make_unique<StreamingTransport>(script_);
    });
  }

  // Watches with `options`, collecting events; returns the outcome.
  Status Watch(const WatchOptions& options = {}, std::function<bool()> keep_going = {}) {
    return client_->Watch(
        kConfigMaps, options,
        [this](WatchEvent event) {
          events_.push_back(std::move(event));
          return true;
        },
        std::move(keep_going));
  }

  RestConfig config_;
  JumpClock clock_;
  Script script_;
  std::unique_ptr<RestClient> client_;
  std::vector<WatchEvent> events_;
};

TEST_F(WatchTest, AsksForAStreamFromTheResourceVersionWithBookmarks) {
  script_.answers.push_back({200, ""});
  WatchOptions options;
  options.resource_version = "42";
  options.label_selector = "app=orders";
  options.field_selector = "metadata.name=x";
  options.timeout_seconds = std::chrono::seconds(330);
  ASSERT_TRUE(Watch(options).ok());
  ASSERT_EQ(script_.requests.size(), 1u);
  const http::Request& request = script_.requests[0];
  EXPECT_EQ(request.method, "GET");
  EXPECT_TRUE(request.url.starts_with("https://kube.test:6443/api/v1/namespaces/ns/configmaps?")) << request.url;
  EXPECT_EQ(QueryValue(request.url, "watch"), "true");
  EXPECT_EQ(QueryValue(request.url, "resourceVersion"), "42");
  EXPECT_EQ(QueryValue(request.url, "allowWatchBookmarks"), "true");
  EXPECT_EQ(QueryValue(request.url, "timeoutSeconds"), "330");
  EXPECT_EQ(QueryValue(request.url, "labelSelector"), "app%3Dorders");
  EXPECT_EQ(QueryValue(request.url, "fieldSelector"), "metadata.name%3Dx");
  // The client outlives the server's deadline by a margin, no more.
  EXPECT_EQ(request.timeout, std::chrono::seconds(360));
  EXPECT_THAT(request.headers, ::testing::Contains(std::pair<std::string, std::string>("Authorization", "Bearer tok")));
}

TEST_F(WatchTest, WithoutATimeoutTheClientSetsNoDeadline) {
  script_.answers.push_back({200, ""});
  WatchOptions options;
  options.allow_bookmarks = false;
  ASSERT_TRUE(Watch(options).ok());
  EXPECT_EQ(script_.requests[0].timeout, std::chrono::milliseconds(0));
  EXPECT_EQ(QueryValue(script_.requests[0].url, "allowWatchBookmarks"), std::nullopt);
  EXPECT_EQ(QueryValue(script_.requests[0].url, "resourceVersion"), std::nullopt);
}

TEST_F(WatchTest, HandsOverEventsInOrderWhateverTheChunks) {
  const std::string body = Event("ADDED", ConfigMap("a", "1")) + Event("MODIFIED", ConfigMap("a", "2")) +
                           Event("BOOKMARK", {{"kind", "ConfigMap"}, {"metadata", {{"resourceVersion", "5"}}}}) +
                           Event("DELETED", ConfigMap("a", "6"));
  for (size_t chunk_size : {size_t{1}, size_t{2}, size_t{7}, size_t{64}, body.size()}) {
    events_.clear();
    script_.answers.push_back({200, body, chunk_size});
    ASSERT_TRUE(Watch().ok()) << chunk_size;
    ASSERT_EQ(events_.size(), 4u) << chunk_size;
    EXPECT_EQ(events_[0].type, WatchEventType::kAdded);
    EXPECT_EQ(events_[1].object, ConfigMap("a", "2"));
    EXPECT_EQ(events_[2].type, WatchEventType::kBookmark);
    EXPECT_EQ(events_[2].object["metadata"]["resourceVersion"], "5");
    EXPECT_EQ(events_[3].type, WatchEventType::kDeleted);
  }
}

TEST_F(WatchTest, GoneInsideTheStreamEndsTheWatchAsGone) {
  script_.answers.push_back(
      {200, Event("ADDED", ConfigMap("a", "1")) +
                Event("ERROR", json::parse(StatusBody(410, "Expired", "too old resource version: 1 (237)"))) +
                Event("ADDED", ConfigMap("never", "9"))});
  const Status watched = Watch();
  EXPECT_TRUE(IsGone(watched)) << watched.ToString();
  EXPECT_THAT(watched.message(), HasSubstr("too old resource version"));
  ASSERT_EQ(events_.size(), 1u);  // the ERROR is not an event for the handler; nothing after it either
}

TEST_F(WatchTest, GoneAsAnHttpAnswerIsGoneToo) {
  script_.answers.push_back({410, StatusBody(410, "Gone", "too old"), 5});
  const Status watched = Watch();
  EXPECT_TRUE(IsGone(watched)) << watched.ToString();
  EXPECT_EQ(watched.message(), "too old (GET /api/v1/namespaces/ns/configmaps: HTTP 410 Gone)");
  EXPECT_TRUE(events_.empty());
}

TEST_F(WatchTest, ARefusedWatchIsTheApiError) {
  script_.answers.push_back(
      {403, StatusBody(403, "Forbidden",
                       "configmaps is forbidden: User \\\"tablekeeper\\\" cannot watch resource \\\"configmaps\\\"")});
  const Status watched = Watch();
  EXPECT_EQ(watched.code(), Code::kPermissionDenied);
  EXPECT_THAT(watched.message(), HasSubstr("cannot watch resource"));
  EXPECT_TRUE(events_.empty());
}

TEST_F(WatchTest, AnAnswerThatIsNotJsonIsQuoted) {
  script_.answers.push_back({404, "404 page not found\n"});
  const Status watched = Watch();
  EXPECT_EQ(watched.code(), Code::kNotFound);
  EXPECT_THAT(watched.message(), HasSubstr("404 page not found"));
}

TEST_F(WatchTest, ThrottlingIsRetriedAfterRetryAfter) {
  // Scripted answers carry no headers, so the 429 waits the default 1 s.
  script_.answers.push_back({429, StatusBody(429, "TooManyRequests", "slow down")});
  script_.answers.push_back({200, Event("ADDED", ConfigMap("a", "1"))});
  ASSERT_TRUE(Watch().ok());
  EXPECT_EQ(script_.requests.size(), 2u);
  EXPECT_EQ(events_.size(), 1u);
  EXPECT_EQ(clock_.Now() - Clock::TimePoint{}, std::chrono::seconds(1));
}

TEST_F(WatchTest, AConnectionDroppedMidStreamIsUnavailableAfterTheEventsSoFar) {
  script_.answers.push_back({200, Event("ADDED", ConfigMap("a", "1")) + "{\"type\":\"MODI", 4, true});
  const Status watched = Watch();
  EXPECT_EQ(watched.code(), Code::kUnavailable) << watched.ToString();
  EXPECT_EQ(events_.size(), 1u);
}

TEST_F(WatchTest, AStreamEndingInsideAnEventIsUnavailable) {
  script_.answers.push_back({200, Event("ADDED", ConfigMap("a", "1")) + "{\"type\":\"MODI"});
  const Status watched = Watch();
  EXPECT_EQ(watched.code(), Code::kUnavailable);
  EXPECT_THAT(watched.message(), HasSubstr("ended inside an event"));
}

TEST_F(WatchTest, ABodyThatIsNotEventsIsInternal) {
  script_.answers.push_back({200, Event("ADDED", ConfigMap("a", "1")) + "{\"kind\":\"Status\"}"});
  EXPECT_EQ(Watch().code(), Code::kInternal);
  script_.answers.push_back({200, "<html>"});
  EXPECT_EQ(Watch().code(), Code::kInternal);
}

TEST_F(WatchTest, TheHandlerOrKeepGoingStopIt) {
  const std::string body = Event("ADDED", ConfigMap("a", "1")) + Event("ADDED", ConfigMap("b", "2")) +
                           Event("ADDED", ConfigMap("c", "3"));
  script_.answers.push_back({200, body});
  int seen = 0;
  EXPECT_TRUE(client_->Watch(kConfigMaps, {}, [&](WatchEvent) { return ++seen < 2; }).ok());
  EXPECT_EQ(seen, 2);

  script_.answers.push_back({200, body, 1});
  int polls = 0;
  EXPECT_TRUE(Watch({}, [&] { return ++polls < 10; }).ok());
  EXPECT_TRUE(events_.empty());  // stopped after 9 bytes, inside the first event
}

TEST_F(WatchTest, AThrowingHandlerEndsTheWatchWithoutUnwindingThroughTheTransport) {
  script_.answers.push_back({200, Event("ADDED", ConfigMap("a", "1")) + Event("ADDED", ConfigMap("b", "2"))});
  int seen = 0;
  const Status watched = client_->Watch(kConfigMaps, {}, [&](WatchEvent) -> bool {
    ++seen;
    throw std::runtime_error("handler bug");
  });
  EXPECT_EQ(watched.code(), Code::kInternal);
  EXPECT_THAT(watched.message(), HasSubstr("handler bug"));
  EXPECT_EQ(seen, 1);
}

TEST_F(WatchTest, AThrowingStopCheckEndsTheWatchWithAnError) {
  script_.answers.push_back({200, Event("ADDED", ConfigMap("a", "1")) + Event("ADDED", ConfigMap("b", "2")), 1});
  int polls = 0;
  const Status watched = Watch({}, [&]() -> bool {
    if (++polls > 3) throw std::runtime_error("stop check bug");
    return true;
  });
  EXPECT_EQ(watched.code(), Code::kInternal);
  EXPECT_THAT(watched.message(), HasSubstr("stop check bug"));
  EXPECT_TRUE(events_.empty());
}

TEST_F(WatchTest, NeedsACollection) {
  const Status watched =
      client_->Watch({{"", "v1", "configmaps"}, "ns", "x", ""}, {}, [](WatchEvent) { return true; });
  EXPECT_EQ(watched.code(), Code::kInvalidArgument);
  EXPECT_TRUE(script_.requests.empty());
}

}  // namespace
}  // namespace tk::kube
