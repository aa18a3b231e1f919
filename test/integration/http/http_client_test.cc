// HttpClient against the real peers of the test world: kube-apiserver over
// verified TLS with client certificates and tokens, and the AWS emulator over
// plain HTTP with injected faults. Needs the environment of
// build/testenv/env.sh (`make env-up`).
#include "http/http_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <string>

#include "testing/test_world.h"

namespace tk::http {
namespace {

using testing::TestWorld;

Request Get(std::string url) {
  Request request;
  request.url = std::move(url);
  return request;
}

// A DynamoDB ListTables call to the emulator.
Request DynamoDbListTables() {
  Request request;
  request.method = "POST";
  request.url = TestWorld::AwsEndpoint() + "/";
  request.headers = {{"X-Amz-Target", "DynamoDB_20120810.ListTables"},
                     {"Content-Type", "application/x-amz-json-1.0"},
                     {"Authorization", TestWorld::FakeAwsAuthorization("dynamodb")}};
  request.body = "{}";
  return request;
}

TlsOptions AdminTlsFromFiles() {
  TlsOptions tls;
  tls.ca_file = TestWorld::CertPath("ca.crt");
  tls.client_cert_file = TestWorld::CertPath("admin.crt");
  tls.client_key_file = TestWorld::CertPath("admin.key");
  return tls;
}

TEST(HttpClientIntegrationTest, VerifiesTheApiServerAndAuthenticatesWithCertificateFiles) {
  HttpClient client(AdminTlsFromFiles());
  Result<Response> response = client.Send(Get(TestWorld::ApiServer() + "/api/v1/namespaces/default"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(response->body.find("\"name\":\"default\""), std::string::npos);
  EXPECT_EQ(response->Header("CONTENT-TYPE"), "application/json");
}

TEST(HttpClientIntegrationTest, TakesCertificatesAsPemText) {
  TlsOptions tls;
  tls.ca_pem = TestWorld::ReadFile(TestWorld::CertPath("ca.crt"));
  tls.client_cert_pem = TestWorld::ReadFile(TestWorld::CertPath("admin.crt"));
  tls.client_key_pem = TestWorld::ReadFile(TestWorld::CertPath("admin.key"));
  HttpClient client(tls);
  Result<Response> response = client.Send(Get(TestWorld::ApiServer() + "/api/v1/namespaces/default"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
}

TEST(HttpClientIntegrationTest, RefusesAServerItCannotVerify) {
  HttpClient client;  // the system's CAs do not know the test world's CA
  Result<Response> response = client.Send(Get(TestWorld::ApiServer() + "/readyz?verbose"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), Code::kUnavailable);
  EXPECT_NE(response.status().message().find("certificate"), std::string::npos)
      << response.status().message();
  EXPECT_EQ(response.status().message().find("verbose"), std::string::npos) << "query leaked";
}

TEST(HttpClientIntegrationTest, SkipsVerificationOnlyWhenAskedTo) {
  TlsOptions tls;
  tls.insecure_skip_verify = true;
  HttpClient client(tls);
  Result<Response> response = client.Send(Get(TestWorld::ApiServer() + "/readyz"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "ok");
}

TEST(HttpClientIntegrationTest, NonSuccessAnswersAreResponsesNotErrors) {
  TlsOptions tls;
  tls.ca_file = TestWorld::CertPath("ca.crt");
  HttpClient client(tls);
  Request request = Get(TestWorld::ApiServer() + "/api/v1/secrets");
  request.headers.emplace_back("Authorization", "Bearer " + TestWorld::ControllerToken());
  Result<Response> response = client.Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 403);
  EXPECT_NE(response->body.find("\"reason\":\"Forbidden\""), std::string::npos);
}

TEST(HttpClientIntegrationTest, SendsBodiesWithTheirMethod) {
  HttpClient client(AdminTlsFromFiles());
  Request create;
  create.method = "POST";
  create.url = TestWorld::ApiServer() + "/api/v1/namespaces/default/configmaps";
  create.headers.emplace_back("Content-Type", "application/json");
  create.body = R"({"metadata":{"generateName":"http-it-"},"data":{"k":"v"}})";
  Result<Response> created = client.Send(create);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_EQ(created->status, 201) << created->body;

  const size_t at = created->body.find("\"name\":\"http-it-");
  ASSERT_NE(at, std::string::npos);
  const std::string name = created->body.substr(at + 8, created->body.find('"', at + 8) - at - 8);
  Request remove;
  remove.method = "DELETE";
  remove.url = create.url + "/" + name;
  Result<Response> removed = client.Send(remove);
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(removed->status, 200);
}

TEST(HttpClientIntegrationTest, StreamsUntilTheSinkHasEnough) {
  HttpClient client(AdminTlsFromFiles());
  Request watch = Get(TestWorld::ApiServer() + "/api/v1/namespaces?watch=1&timeoutSeconds=30");
  watch.timeout = std::chrono::milliseconds(0);
  std::string received;
  Result<Response> response = client.Stream(
      watch,
      [&](std::string_view chunk) {
        received.append(chunk);
        return received.find('\n') == std::string::npos;  // stop after the first event
      },
      [] { return true; });
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(received.find("\"type\":\"ADDED\""), std::string::npos) << received;
}

TEST(HttpClientIntegrationTest, AnIdleStreamEndsWhenTheCallerStopsIt) {
  HttpClient client(AdminTlsFromFiles());
  // A watch from "now" on a quiet resource: no events arrive.
  Request watch = Get(TestWorld::ApiServer() +
                      "/api/v1/namespaces/default/secrets?watch=1&fieldSelector=metadata.name%3Dnone");
  watch.timeout = std::chrono::milliseconds(0);
  std::atomic<int> polls = 0;
  Result<Response> response =
      client.Stream(watch, [](std::string_view) { return true; }, [&] { return ++polls < 3; });
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(polls.load(), 3);
}

TEST(HttpClientIntegrationTest, ReusesConnections) {
  HttpClient client(AdminTlsFromFiles());
  int opened = 0;
  for (int i = 0; i < 20; ++i) {
    Result<Response> response = client.Send(Get(TestWorld::ApiServer() + "/readyz"));
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    opened += response->new_connections;
  }
  EXPECT_EQ(opened, 1);
}

TEST(HttpClientIntegrationTest, BypassesTheEnvironmentProxyWhenAsked) {
  // A proxy that refuses every connection: requests that use it fail.
  ::setenv("http_proxy", "http://127.0.0.1:1", 1);
  ::unsetenv("no_proxy");
  ::unsetenv("NO_PROXY");
  HttpClient client;
  Request through_proxy = DynamoDbListTables();
  Request direct = DynamoDbListTables();
  direct.use_environment_proxy = false;
  Result<Response> proxied = client.Send(through_proxy);
  Result<Response> bypassed = client.Send(direct);
  ::unsetenv("http_proxy");
  EXPECT_FALSE(proxied.ok());
  ASSERT_TRUE(bypassed.ok()) << bypassed.status().ToString();
  EXPECT_EQ(bypassed->status, 200);
}

TEST(HttpClientIntegrationTest, ReportsARefusedConnection) {
  HttpClient client;
  Result<Response> response = client.Send(Get("http://127.0.0.1:1/never"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), Code::kUnavailable);
  EXPECT_NE(response.status().message().find("GET http://127.0.0.1:1/never"), std::string::npos);
}

TEST(HttpClientIntegrationTest, ADroppedConnectionIsAnError) {
  TestWorld::InjectFault(R"({"match":"dynamodb:ListTables","drop":true,"count":1})");
  HttpClient client;
  Request request = DynamoDbListTables();
  Result<Response> dropped = client.Send(request);
  ASSERT_FALSE(dropped.ok());
  EXPECT_EQ(dropped.status().code(), Code::kUnavailable);

  Result<Response> next = client.Send(request);  // the fault was for one call
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->status, 200);
}

TEST(HttpClientIntegrationTest, TimesOut) {
  TestWorld::InjectFault(R"({"match":"dynamodb:ListTables","latency_ms":3000,"count":1})");
  HttpClient client;
  Request request = DynamoDbListTables();
  request.timeout = std::chrono::milliseconds(300);
  Result<Response> response = client.Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), Code::kUnavailable);
  EXPECT_NE(response.status().message().find("timed out"), std::string::npos)
      << response.status().message();
}

}  // namespace
}  // namespace tk::http
