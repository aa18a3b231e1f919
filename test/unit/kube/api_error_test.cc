#include "kube/api_error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tk::kube {
namespace {

using ::testing::HasSubstr;

http::Response Answer(int status, std::string body) {
  http::Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

std::string StatusBody(int code, std::string_view reason, std::string_view message) {
  return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"" +
         std::string(message) + "\",\"reason\":\"" + std::string(reason) + "\",\"code\":" +
         std::to_string(code) + "}";
}

TEST(ApiErrorTest, MapsHttpStatusesToCodes) {
  const std::pair<int, Code> table[] = {
      {400, Code::kInvalidArgument}, {401, Code::kUnauthenticated}, {403, Code::kPermissionDenied},
      {404, Code::kNotFound},        {405, Code::kInvalidArgument}, {409, Code::kConflict},
      {410, Code::kFailedPrecondition}, {413, Code::kInvalidArgument}, {415, Code::kInvalidArgument},
      {422, Code::kInvalidArgument}, {429, Code::kThrottled},       {500, Code::kUnavailable},
      {503, Code::kUnavailable},     {504, Code::kUnavailable},     {302, Code::kInternal},
      {418, Code::kInternal},
  };
  for (const auto& [http_status, code] : table) {
    EXPECT_EQ(CodeForHttpStatus(http_status, ""), code) << http_status;
  }
  EXPECT_EQ(CodeForHttpStatus(409, "AlreadyExists"), Code::kAlreadyExists);
}

TEST(ApiErrorTest, CarriesTheServersMessageAndReason) {
  const Status status = ApiErrorStatus(
      "GET", "/api/v1/namespaces/ns/configmaps/x",
      Answer(404, StatusBody(404, "NotFound", "configmaps \\\"x\\\" not found")));
  EXPECT_EQ(status.code(), Code::kNotFound);
  EXPECT_EQ(status.message(),
            "configmaps \"x\" not found (GET /api/v1/namespaces/ns/configmaps/x: HTTP 404 NotFound)");
  const std::optional<ApiErrorInfo> info = ApiErrorOf(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->http_status, 404);
  EXPECT_EQ(info->reason, "NotFound");
}

TEST(ApiErrorTest, TellsAlreadyExistsFromConflict) {
  EXPECT_EQ(ApiErrorStatus("POST", "/p", Answer(409, StatusBody(409, "AlreadyExists", "exists"))).code(),
            Code::kAlreadyExists);
  EXPECT_EQ(ApiErrorStatus("PUT", "/p", Answer(409, StatusBody(409, "Conflict", "stale"))).code(),
            Code::kConflict);
}

TEST(ApiErrorTest, TellsGoneApart) {
  const Status gone = ApiErrorStatus(
      "GET", "/api/v1/configmaps", Answer(410, StatusBody(410, "Expired", "The provided continue parameter is too old")));
  EXPECT_TRUE(IsGone(gone));
  EXPECT_TRUE(IsGone(gone.WithContext("listing configmaps")));
  EXPECT_EQ(ApiErrorOf(gone)->reason, "Expired");
  EXPECT_FALSE(IsGone(ApiErrorStatus("GET", "/p", Answer(404, ""))));
  EXPECT_FALSE(IsGone(Status(Code::kFailedPrecondition, "something (x: HTTP 410 Gone) else")));
  EXPECT_FALSE(IsGone(OkStatus()));
}

TEST(ApiErrorTest, FallsBackWhenTheBodyIsNotAStatus) {
  const Status plain = ApiErrorStatus("GET", "/p", Answer(503, "upstream\nconnect error"));
  EXPECT_EQ(plain.code(), Code::kUnavailable);
  EXPECT_EQ(plain.message(), "upstream connect error (GET /p: HTTP 503 ServiceUnavailable)");
  const Status empty = ApiErrorStatus("DELETE", "/p", Answer(403, ""));
  EXPECT_THAT(empty.message(), HasSubstr("the server sent no message (DELETE /p: HTTP 403 Forbidden)"));
  const Status odd = ApiErrorStatus("GET", "/p", Answer(400, "{\"kind\":\"Status\",\"reason\":7,\"message\":[]}"));
  EXPECT_EQ(odd.code(), Code::kInvalidArgument);
  EXPECT_EQ(ApiErrorOf(odd)->reason, "BadRequest");
  const Status long_body = ApiErrorStatus("GET", "/p", Answer(500, std::string(5000, 'x')));
  EXPECT_LT(long_body.message().size(), 300u);
}

TEST(ApiErrorTest, OnlyReadsItsOwnSuffix) {
  EXPECT_FALSE(ApiErrorOf(Status(Code::kUnavailable, "connect failed")).has_value());
  EXPECT_FALSE(ApiErrorOf(Status(Code::kInternal, "x (GET /p: HTTP abc Bad)")).has_value());
}

}  // namespace
}  // namespace tk::kube
