// RestClient with a scripted transport: request shapes, error mapping,
// retries, credential renewal and rate limiting, on a clock that jumps
// instead of sleeping. The real API server is in test/integration/kube.
#include "kube/rest_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>

#include "kube/api_error.h"

namespace tk::kube {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

// Time moves only when someone sleeps, and then at once to the deadline.
class JumpClock final : public Clock {
 public:
  TimePoint Now() const override { return TimePoint{} + elapsed_; }
  std::chrono::system_clock::time_point WallNow() const override {
    return std::chrono::system_clock::time_point{} + elapsed_;
  }
  void SleepUntil(TimePoint deadline) override {
    if (deadline <= Now()) return;
    sleeps.push_back(deadline - Now());
    elapsed_ = deadline - TimePoint{};
  }
  Duration elapsed() const { return elapsed_; }

  std::vector<Duration> sleeps;

 private:
  Duration elapsed_{};
};

// What the scripted server saw and will answer.
struct Script {
  std::vector<http::Request> requests;
  std::deque<Result<http::Response>> answers;
  std::vector<http::TlsOptions> transports_made;
};

class ScriptedTransport final : public Transport {
 public:
  explicit ScriptedTransport(Script& script) : script_(script) {}
  Result<http::Response> Send(const http::Request& request) override {
    script_.requests.push_back(request);
    if (script_.answers.empty()) return Status(Code::kInternal, "the test scripted no more answers");
    Result<http::Response> answer = script_.answers.front();
    script_.answers.pop_front();
    return answer;
  }

 private:
  Script& script_;
};

// Hands out tokens in order; Invalidate moves to the next one.
class SequenceProvider final : public CredentialProvider {
 public:
  explicit SequenceProvider(std::vector<Credentials> sequence) : sequence_(std::move(sequence)) {}
  Result<Credentials> Get() override { return sequence_[std::min(next_, sequence_.size() - 1)]; }
  bool Invalidate(const Credentials&) override {
    ++invalidations;
    if (next_ + 1 >= sequence_.size()) return false;
    ++next_;
    return true;
  }
  int invalidations = 0;

 private:
  std::vector<Credentials> sequence_;
  size_t next_ = 0;
};

http::Response Answer(int status, std::string body, http::Headers headers = {}) {
  http::Response response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

std::string StatusBody(int code, std::string_view reason, std::string_view message) {
  return json{{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Failure"},
              {"message", message}, {"reason", reason}, {"code", code}}.dump();
}

std::optional<std::string> HeaderOf(const http::Request& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

const ResourcePath kConfigMapX{{"", "v1", "configmaps"}, "ns", "x", ""};
const ResourcePath kConfigMaps{{"", "v1", "configmaps"}, "ns", "", ""};

class RestClientTest : public ::testing::Test {
 protected:
  RestClientTest() {
    config_.host = "https://kube.test:6443";
    config_.tls.ca_pem = "CA";
    config_.qps = 0;  // no limit unless a test sets one
    config_.credentials = std::make_shared<StaticCredentialProvider>(Credentials{"tok", "", ""});
  }

  RestClient& Client() {
    if (!client_) {
      client_ = std::make_unique<RestClient>(config_, clock_, [this](const http::TlsOptions& tls) {
        script_.transports_made.push_back(tls);
        return std::make_unique<ScriptedTransport>(script_);
      });
    }
    return *client_;
  }

  void Expect(Result<http::Response> answer) { script_.answers.push_back(std::move(answer)); }

  RestConfig config_;
  JumpClock clock_;
  Script script_;
  std::unique_ptr<RestClient> client_;
};

TEST_F(RestClientTest, GetSendsAnAuthenticatedRequestAndDecodesTheObject) {
  Expect(Answer(200, R"({"kind":"ConfigMap","metadata":{"name":"x"}})"));
  Result<json> object = Client().Get(kConfigMapX);
  ASSERT_TRUE(object.ok()) << object.status().ToString();
  EXPECT_EQ((*object)["metadata"]["name"], "x");
  ASSERT_EQ(script_.requests.size(), 1u);
  const http::Request& request = script_.requests[0];
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.url, "https://kube.test:6443/api/v1/namespaces/ns/configmaps/x");
  EXPECT_EQ(HeaderOf(request, "Authorization"), "Bearer tok");
  EXPECT_EQ(HeaderOf(request, "Accept"), "application/json");
  EXPECT_EQ(HeaderOf(request, "User-Agent"), "tablekeeper");
  EXPECT_EQ(request.timeout, std::chrono::seconds(30));
  ASSERT_EQ(script_.transports_made.size(), 1u);
  EXPECT_EQ(script_.transports_made[0].ca_pem, "CA");
}

TEST_F(RestClientTest, ACallsTimeoutOverridesTheConfigs) {
  Expect(Answer(200, "{}"));
  ASSERT_TRUE(Client().Get(kConfigMapX, {.timeout = std::chrono::milliseconds(1500)}).ok());
  EXPECT_EQ(script_.requests[0].timeout, std::chrono::milliseconds(1500));
}

TEST_F(RestClientTest, WritesUseTheRightMethodsBodiesAndContentTypes) {
  for (int i = 0; i < 5; ++i) Expect(Answer(200, "{}"));
  const json object = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "x"}}}};
  ASSERT_TRUE(Client().Create(kConfigMaps, object, {.field_manager = "tk"}).ok());
  ASSERT_TRUE(Client().Update(kConfigMapX, object).ok());
  ASSERT_TRUE(Client().Patch(kConfigMapX, PatchType::kMerge, {{"data", {{"a", "1"}}}}).ok());
  ASSERT_TRUE(Client().Patch(kConfigMapX, PatchType::kJson, json::array({{{"op", "remove"}, {"path", "/data/a"}}})).ok());
  ASSERT_TRUE(Client().Apply(kConfigMapX, object, {.field_manager = "tablekeeper", .force = true}).ok());

  ASSERT_EQ(script_.requests.size(), 5u);
  EXPECT_EQ(script_.requests[0].method, "POST");
  EXPECT_EQ(script_.requests[0].url, "https://kube.test:6443/api/v1/namespaces/ns/configmaps?fieldManager=tk");
  EXPECT_EQ(json::parse(script_.requests[0].body), object);
  EXPECT_EQ(HeaderOf(script_.requests[0], "Content-Type"), "application/json");
  EXPECT_EQ(script_.requests[1].method, "PUT");
  EXPECT_EQ(script_.requests[1].url, "https://kube.test:6443/api/v1/namespaces/ns/configmaps/x");
  EXPECT_EQ(script_.requests[2].method, "PATCH");
  EXPECT_EQ(HeaderOf(script_.requests[2], "Content-Type"), "application/merge-patch+json");
  EXPECT_EQ(HeaderOf(script_.requests[3], "Content-Type"), "application/json-patch+json");
  EXPECT_EQ(script_.requests[3].body, R"([{"op":"remove","path":"/data/a"}])");
  EXPECT_EQ(script_.requests[4].method, "PATCH");
  EXPECT_EQ(HeaderOf(script_.requests[4], "Content-Type"), "application/apply-patch+yaml");
  EXPECT_EQ(script_.requests[4].url,
            "https://kube.test:6443/api/v1/namespaces/ns/configmaps/x?fieldManager=tablekeeper&force=true");
}

TEST_F(RestClientTest, DeleteSendsPreconditionsAndPropagationPolicy) {
  Expect(Answer(200, R"({"kind":"Status","status":"Success"})"));
  ASSERT_TRUE(Client()
                  .Delete(kConfigMapX, {.precondition_uid = "u-1",
                                        .precondition_resource_version = "42",
                                        .propagation_policy = "Foreground",
                                        .grace_period_seconds = 0})
                  .ok());
  EXPECT_EQ(script_.requests[0].method, "DELETE");
  EXPECT_EQ(json::parse(script_.requests[0].body),
            (json{{"apiVersion", "v1"},
                  {"kind", "DeleteOptions"},
                  {"preconditions", {{"uid", "u-1"}, {"resourceVersion", "42"}}},
                  {"propagationPolicy", "Foreground"},
                  {"gracePeriodSeconds", 0}}));
}

TEST_F(RestClientTest, RefusesBadArgumentsWithoutSending) {
  EXPECT_EQ(Client().Get(kConfigMaps).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Client().Create(kConfigMapX, json::object()).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Client().List(kConfigMapX).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Client().Patch(kConfigMapX, PatchType::kJson, json::object()).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(Client().Patch(kConfigMapX, PatchType::kMerge, json::array()).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(Client().Update(kConfigMapX, json::array()).status().code(), Code::kInvalidArgument);
  const Status no_manager = Client().Apply(kConfigMapX, json::object(), {}).status();
  EXPECT_EQ(no_manager.code(), Code::kInvalidArgument);
  EXPECT_THAT(no_manager.message(), HasSubstr("field manager"));
  ResourcePath bad = kConfigMapX;
  bad.name = "a/b";
  EXPECT_THAT(Client().Get(bad).status().message(), HasSubstr("Get: name \"a/b\" may not contain '/'"));
  EXPECT_TRUE(script_.requests.empty());
}

TEST_F(RestClientTest, ListPassesSelectorsAndPaging) {
  Expect(Answer(200, R"({"kind":"ConfigMapList","items":[]})"));
  ASSERT_TRUE(Client()
                  .List(kConfigMaps, {.label_selector = "app=x,tier in (a,b)",
                                      .field_selector = "metadata.name=y",
                                      .limit = 2,
                                      .continue_token = "abc="})
                  .ok());
  EXPECT_EQ(script_.requests[0].url,
            "https://kube.test:6443/api/v1/namespaces/ns/configmaps?labelSelector=app%3Dx%2Ctier%20in%20%28a%2Cb%29"
            "&fieldSelector=metadata.name%3Dy&limit=2&continue=abc%3D");
}

TEST_F(RestClientTest, ListAllFollowsContinueTokens) {
  Expect(Answer(200, R"({"kind":"ConfigMapList","metadata":{"resourceVersion":"7","continue":"p2","remainingItemCount":1},"items":[{"n":1},{"n":2}]})"));
  Expect(Answer(200, R"({"kind":"ConfigMapList","metadata":{"resourceVersion":"7","continue":""},"items":[{"n":3}]})"));
  ListOptions options;
  options.limit = 2;
  options.continue_token = "ignored";
  Result<json> all = Client().ListAll(kConfigMaps, options);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ((*all)["items"], json::parse(R"([{"n":1},{"n":2},{"n":3}])"));
  EXPECT_EQ((*all)["kind"], "ConfigMapList");
  EXPECT_EQ((*all)["metadata"], json::parse(R"({"resourceVersion":"7"})"));
  ASSERT_EQ(script_.requests.size(), 2u);
  EXPECT_EQ(script_.requests[0].url, "https://kube.test:6443/api/v1/namespaces/ns/configmaps?limit=2");
  EXPECT_EQ(script_.requests[1].url, "https://kube.test:6443/api/v1/namespaces/ns/configmaps?limit=2&continue=p2");
}

TEST_F(RestClientTest, ListAllStopsAtAnExpiredToken) {
  Expect(Answer(200, R"({"metadata":{"continue":"p2"},"items":[]})"));
  Expect(Answer(410, StatusBody(410, "Expired", "continue parameter is too old")));
  Result<json> all = Client().ListAll(kConfigMaps);
  ASSERT_FALSE(all.ok());
  EXPECT_TRUE(IsGone(all.status()));
  EXPECT_EQ(script_.requests[0].url, "https://kube.test:6443/api/v1/namespaces/ns/configmaps?limit=500");
}

TEST_F(RestClientTest, MapsErrorAnswers) {
  Expect(Answer(404, StatusBody(404, "NotFound", "configmaps \"x\" not found")));
  const Status status = Client().Get(kConfigMapX).status();
  EXPECT_EQ(status.code(), Code::kNotFound);
  EXPECT_EQ(status.message(),
            "configmaps \"x\" not found (GET /api/v1/namespaces/ns/configmaps/x: HTTP 404 NotFound)");
}

TEST_F(RestClientTest, ANonJsonAnswerIsInternal) {
  Expect(Answer(200, "<html>"));
  EXPECT_EQ(Client().Get(kConfigMapX).status().code(), Code::kInternal);
}

TEST_F(RestClientTest, TransportErrorsPassThroughWithoutRetry) {
  Expect(Status(Code::kUnavailable, "connect failed"));
  const Status status = Client().Get(kConfigMapX).status();
  EXPECT_EQ(status.code(), Code::kUnavailable);
  EXPECT_EQ(script_.requests.size(), 1u);
}

TEST_F(RestClientTest, Retries429AfterRetryAfter) {
  Expect(Answer(429, StatusBody(429, "TooManyRequests", "slow down"), {{"Retry-After", "2"}}));
  Expect(Answer(429, StatusBody(429, "TooManyRequests", "slow down")));
  Expect(Answer(200, "{}"));
  ASSERT_TRUE(Client().Get(kConfigMapX).ok());
  EXPECT_EQ(script_.requests.size(), 3u);
  EXPECT_THAT(clock_.sleeps, ElementsAre(std::chrono::seconds(2), std::chrono::seconds(1)));
}

TEST_F(RestClientTest, BoundsRetryWaitsAndRetries) {
  config_.max_retries = 2;
  config_.max_retry_wait = std::chrono::seconds(3);
  for (int i = 0; i < 3; ++i) {
    Expect(Answer(429, StatusBody(429, "TooManyRequests", "still busy"), {{"Retry-After", "3600"}}));
  }
  const Status status = Client().Get(kConfigMapX).status();
  EXPECT_EQ(status.code(), Code::kThrottled);
  EXPECT_THAT(status.message(), HasSubstr("still busy"));
  EXPECT_EQ(script_.requests.size(), 3u);
  EXPECT_THAT(clock_.sleeps, ElementsAre(std::chrono::seconds(3), std::chrono::seconds(3)));
}

TEST_F(RestClientTest, Retries5xxOnlyWithRetryAfter) {
  Expect(Answer(503, "busy", {{"Retry-After", "1"}}));
  Expect(Answer(500, StatusBody(500, "InternalError", "etcd timeout")));
  const Status status = Client().Get(kConfigMapX).status();
  EXPECT_EQ(status.code(), Code::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("etcd timeout"));
  EXPECT_EQ(script_.requests.size(), 2u);
}

TEST_F(RestClientTest, RenewsCredentialsOnceAfter401) {
  auto provider = std::make_shared<SequenceProvider>(
      std::vector<Credentials>{{"old", "", ""}, {"new", "", ""}});
  config_.credentials = provider;
  Expect(Answer(401, StatusBody(401, "Unauthorized", "Unauthorized")));
  Expect(Answer(200, "{}"));
  ASSERT_TRUE(Client().Get(kConfigMapX).ok());
  ASSERT_EQ(script_.requests.size(), 2u);
  EXPECT_EQ(HeaderOf(script_.requests[0], "Authorization"), "Bearer old");
  EXPECT_EQ(HeaderOf(script_.requests[1], "Authorization"), "Bearer new");

  Expect(Answer(401, StatusBody(401, "Unauthorized", "Unauthorized")));
  const Status status = Client().Get(kConfigMapX).status();
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_EQ(provider->invalidations, 2);
  EXPECT_EQ(script_.requests.size(), 3u);  // nothing new to try: no retry
}

TEST_F(RestClientTest, DoesNotRetry401TwiceInOneCall) {
  auto provider = std::make_shared<SequenceProvider>(
      std::vector<Credentials>{{"a", "", ""}, {"b", "", ""}, {"c", "", ""}});
  config_.credentials = provider;
  Expect(Answer(401, ""));
  Expect(Answer(401, ""));
  EXPECT_EQ(Client().Get(kConfigMapX).status().code(), Code::kUnauthenticated);
  EXPECT_EQ(script_.requests.size(), 2u);
}

TEST_F(RestClientTest, ACredentialErrorStopsTheCall) {
  class Broken final : public CredentialProvider {
   public:
    Result<Credentials> Get() override { return Status(Code::kUnauthenticated, "plugin failed"); }
    bool Invalidate(const Credentials&) override { return false; }
  };
  config_.credentials = std::make_shared<Broken>();
  const Status status = Client().Get(kConfigMapX).status();
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_EQ(status.message(), "GET /api/v1/namespaces/ns/configmaps/x: plugin failed");
  EXPECT_TRUE(script_.requests.empty());
}

TEST_F(RestClientTest, AnonymousRequestsCarryNoAuthorization) {
  config_.credentials = nullptr;
  Expect(Answer(200, "{}"));
  ASSERT_TRUE(Client().Get(kConfigMapX).ok());
  EXPECT_EQ(HeaderOf(script_.requests[0], "Authorization"), std::nullopt);
}

TEST_F(RestClientTest, MakesANewTransportWhenTheClientCertificateChanges) {
  config_.credentials = std::make_shared<SequenceProvider>(
      std::vector<Credentials>{{"", "cert-1", "key-1"}, {"", "cert-2", "key-2"}});
  Expect(Answer(200, "{}"));
  Expect(Answer(200, "{}"));
  Expect(Answer(401, ""));
  Expect(Answer(200, "{}"));
  ASSERT_TRUE(Client().Get(kConfigMapX).ok());
  ASSERT_TRUE(Client().Get(kConfigMapX).ok());
  EXPECT_EQ(script_.transports_made.size(), 1u);  // reused
  ASSERT_TRUE(Client().Get(kConfigMapX).ok());
  ASSERT_EQ(script_.transports_made.size(), 2u);
  EXPECT_EQ(script_.transports_made[0].client_cert_pem, "cert-1");
  EXPECT_EQ(script_.transports_made[1].client_cert_pem, "cert-2");
  EXPECT_EQ(script_.transports_made[1].client_key_pem, "key-2");
  EXPECT_EQ(script_.transports_made[1].ca_pem, "CA");
}

TEST_F(RestClientTest, PacesRequestsWithQpsAndBurst) {
  config_.qps = 10;
  config_.burst = 5;
  for (int i = 0; i < 20; ++i) Expect(Answer(200, "{}"));
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(Client().Get(kConfigMapX).ok());
  // 5 at once, then 15 more at 10 per second.
  EXPECT_GE(clock_.elapsed(), std::chrono::milliseconds(1490));
  EXPECT_LE(clock_.elapsed(), std::chrono::milliseconds(1510));
}

TEST_F(RestClientTest, RetriesTakeTokensToo) {
  config_.qps = 1;
  config_.burst = 1;
  Expect(Answer(429, "", {{"Retry-After", "0"}}));
  Expect(Answer(200, "{}"));
  ASSERT_TRUE(Client().Get(kConfigMapX).ok());
  EXPECT_GE(clock_.elapsed(), std::chrono::milliseconds(990));
}

}  // namespace
}  // namespace tk::kube
