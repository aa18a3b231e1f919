#include "aws/sigv4_signer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "sigv4_test_vector.h"

namespace tk::aws {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using test::ListSigV4Cases;
using test::LoadSigV4TestVector;
using test::ReadTextFile;
using test::RenderHttpRequest;
using test::SigV4SuiteDir;
using test::SigV4TestVector;

// ---------------------------------------------------------------------------
// The published vectors: every case, in both signature locations, must match
// the canonical request, string to sign, signature and signed request exactly.

class SigV4VectorTest : public ::testing::TestWithParam<std::string> {
 protected:
  void Check(SignatureLocation location, const std::string& prefix) {
    const std::filesystem::path dir = SigV4SuiteDir() / GetParam();
    Result<SigV4TestVector> vector = LoadSigV4TestVector(dir);
    ASSERT_TRUE(vector.ok()) << vector.status().ToString();
    vector->options.location = location;
    Result<SigV4Signer> signer =
        SigV4Signer::Create(vector->region, vector->service, vector->options);
    ASSERT_TRUE(signer.ok()) << signer.status().ToString();
    Result<SigningResult> result = signer->Sign(vector->request, vector->credentials, vector->time);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    HttpRequest signed_request = vector->request;
    result->ApplyTo(signed_request);

    ExpectFile(dir / (prefix + "-canonical-request.txt"), result->canonical_request);
    ExpectFile(dir / (prefix + "-string-to-sign.txt"), result->string_to_sign);
    ExpectFile(dir / (prefix + "-signature.txt"), result->signature);
    ExpectFile(dir / (prefix + "-signed-request.txt"), RenderHttpRequest(signed_request));
  }

  static void ExpectFile(const std::filesystem::path& path, const std::string& actual) {
    Result<std::string> expected = ReadTextFile(path);
    ASSERT_TRUE(expected.ok()) << expected.status().ToString();
    EXPECT_EQ(actual, *expected) << "differs from " << path.string();
  }
};

TEST_P(SigV4VectorTest, HeaderForm) { Check(SignatureLocation::kHeaders, "header"); }

TEST_P(SigV4VectorTest, QueryForm) { Check(SignatureLocation::kQueryString, "query"); }

// gtest names allow only letters, digits and '_'.
std::string CaseName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(AwsSuite, SigV4VectorTest,
                         ::testing::ValuesIn(ListSigV4Cases(SigV4SuiteDir())), CaseName);

// Zero vectors must fail, not pass silently.
TEST(SigV4VectorSuiteTest, SuiteDirectoryHoldsCases) {
  const std::filesystem::path suite = SigV4SuiteDir();
  ASSERT_TRUE(std::filesystem::is_directory(suite))
      << suite.string() << " is missing; set TK_SHARED_DIR to the shared directory";
  EXPECT_THAT(ListSigV4Cases(suite), Not(::testing::IsEmpty()))
      << "no case directories (with request.txt) under " << suite.string();
}

// ---------------------------------------------------------------------------
// Focused behaviour. Known answers below were computed independently with
// botocore 1.43.11 (SigV4Auth, SigV4QueryAuth) from the same inputs.

constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr char kToken[] = "TOKEN/with+chars=";

// 2024-02-29T23:59:59.750Z: a leap day, a second before midnight, with a fraction.
std::chrono::system_clock::time_point LeapDayNight() {
  using namespace std::chrono;
  return sys_days(year(2024) / February / 29) + hours(23) + minutes(59) + seconds(59) +
         milliseconds(750);
}

HttpRequest DescribeTable() {
  HttpRequest request;
  request.method = "POST";
  request.path = "/";
  request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                     {"X-Amz-Target", "DynamoDB_20120810.DescribeTable"},
                     {"Host", "dynamodb.us-east-1.amazonaws.com"}};
  request.body = R"({"TableName":"orders"})";
  return request;
}

HttpRequest ListKeysUrl() {
  HttpRequest request;
  request.method = "GET";
  request.path = "/a%20b/./c/../d";
  request.query = "Action=ListKeys&Version=2014-11-01&x=%2F";
  request.headers = {{"Host", "kms.eu-west-1.amazonaws.com"}};
  return request;
}

SigningOptions Presigned(std::chrono::seconds expires = std::chrono::hours(1)) {
  SigningOptions options;
  options.location = SignatureLocation::kQueryString;
  options.expires = expires;
  return options;
}

Result<SigningResult> SignWith(const HttpRequest& request, SigningOptions options = {},
                               Credentials credentials = {"AKIDEXAMPLE", kSecret, kToken}) {
  Result<SigV4Signer> signer = SigV4Signer::Create("us-east-1", "dynamodb", std::move(options));
  if (!signer.ok()) return signer.status();
  return signer->Sign(request, credentials, LeapDayNight());
}

TEST(SigV4SignerTest, HeaderFormMatchesBotocoreForADynamoDbCall) {
  Result<SigningResult> result = SignWith(DescribeTable());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->canonical_request,
            "POST\n/\n\n"
            "content-type:application/x-amz-json-1.0\n"
            "host:dynamodb.us-east-1.amazonaws.com\n"
            "x-amz-date:20240229T235959Z\n"
            "x-amz-security-token:TOKEN/with+chars=\n"
            "x-amz-target:DynamoDB_20120810.DescribeTable\n\n"
            "content-type;host;x-amz-date;x-amz-security-token;x-amz-target\n"
            "fc37e9ff30f42b703d978dcbb71b9553a5182da4a8088bc79a758ee47ee6544e");
  EXPECT_EQ(result->signature, "4d46c916032673b203ad25584960b0d5ace493c2af6f7f91cbd8113d651866ed");
  ASSERT_EQ(result->headers.size(), 3u);
  EXPECT_EQ(result->headers[0].name, "X-Amz-Security-Token");
  EXPECT_EQ(result->headers[0].value, kToken);
  EXPECT_EQ(result->headers[1].name, "X-Amz-Date");
  EXPECT_EQ(result->headers[1].value, "20240229T235959Z");
  EXPECT_EQ(result->headers[2].name, "Authorization");
  EXPECT_EQ(result->headers[2].value,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240229/us-east-1/dynamodb/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, "
            "Signature=4d46c916032673b203ad25584960b0d5ace493c2af6f7f91cbd8113d651866ed");
  EXPECT_TRUE(result->query.empty());
}

TEST(SigV4SignerTest, QueryFormMatchesBotocoreAndKeepsTheRequestQueryFirst) {
  Result<SigV4Signer> signer =
      SigV4Signer::Create("eu-west-1", "kms", Presigned(std::chrono::hours(24)));
  ASSERT_TRUE(signer.ok()) << signer.status().ToString();
  HttpRequest request = ListKeysUrl();
  Result<SigningResult> result =
      signer->Sign(request, {"AKIDEXAMPLE", kSecret, kToken}, LeapDayNight());
  ASSERT_TRUE(result.ok()) << result.status().ToString();

  EXPECT_EQ(result->canonical_request,
            "GET\n/a%2520b/d\n"
            "Action=ListKeys&Version=2014-11-01&X-Amz-Algorithm=AWS4-HMAC-SHA256&"
            "X-Amz-Credential=AKIDEXAMPLE%2F20240229%2Feu-west-1%2Fkms%2Faws4_request&"
            "X-Amz-Date=20240229T235959Z&X-Amz-Expires=86400&"
            "X-Amz-Security-Token=TOKEN%2Fwith%2Bchars%3D&X-Amz-SignedHeaders=host&x=%2F\n"
            "host:kms.eu-west-1.amazonaws.com\n\nhost\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(result->signature, "d1455c9fef1db032490a6737d103d4e28b175f16564daf8d96364fce7d91e164");
  EXPECT_TRUE(result->headers.empty());

  result->ApplyTo(request);
  EXPECT_EQ(request.query,
            "Action=ListKeys&Version=2014-11-01&x=%2F&X-Amz-Algorithm=AWS4-HMAC-SHA256&"
            "X-Amz-Credential=AKIDEXAMPLE%2F20240229%2Feu-west-1%2Fkms%2Faws4_request&"
            "X-Amz-Date=20240229T235959Z&X-Amz-SignedHeaders=host&X-Amz-Expires=86400&"
            "X-Amz-Security-Token=TOKEN%2Fwith%2Bchars%3D&"
            "X-Amz-Signature=d1455c9fef1db032490a6737d103d4e28b175f16564daf8d96364fce7d91e164");
  EXPECT_EQ(request.headers.size(), 1u);
}

TEST(SigV4SignerTest, QueryFormLeavesAnUnsignedTokenOutOfTheCanonicalQuery) {
  SigningOptions options = Presigned();
  options.sign_session_token = false;
  Result<SigningResult> result = SignWith(ListKeysUrl(), options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_THAT(result->canonical_request, Not(HasSubstr("X-Amz-Security-Token")));
  EXPECT_THAT(result->query,
              HasSubstr("&X-Amz-Security-Token=TOKEN%2Fwith%2Bchars%3D&X-Amz-Signature="));
}

TEST(SigV4SignerTest, QueryFormNeverAddsTheContentSha256Header) {
  SigningOptions options = Presigned();
  options.add_content_sha256_header = true;
  Result<SigningResult> result = SignWith(ListKeysUrl(), options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->headers.empty());
  EXPECT_THAT(result->canonical_request, Not(HasSubstr("x-amz-content-sha256")));
}

TEST(SigV4SignerTest, ContentSha256HeaderCarriesThePayloadHashAndIsSigned) {
  SigningOptions options;
  options.add_content_sha256_header = true;
  Result<SigningResult> result = SignWith(DescribeTable(), options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->headers.size(), 4u);
  EXPECT_EQ(result->headers[2].name, "x-amz-content-sha256");
  EXPECT_EQ(result->headers[2].value,
            "fc37e9ff30f42b703d978dcbb71b9553a5182da4a8088bc79a758ee47ee6544e");
  EXPECT_THAT(result->headers[3].value, HasSubstr("host;x-amz-content-sha256;x-amz-date;"));
}

TEST(SigV4SignerTest, GivenPayloadHashReplacesTheBodyHash) {
  SigningOptions options;
  options.payload_hash = "UNSIGNED-PAYLOAD";
  Result<SigningResult> result = SignWith(DescribeTable(), options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
}

TEST(SigV4SignerTest, S3OptionsSignThePathAsSent) {
  SigningOptions options;
  options.normalize_path = false;
  options.double_encode_path = false;
  HttpRequest request = ListKeysUrl();
  Result<SigningResult> result = SignWith(request, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->canonical_request.starts_with("GET\n/a%20b/./c/../d\n"));
}

TEST(SigV4SignerTest, LongTermCredentialsAddNoToken) {
  Result<SigningResult> result = SignWith(DescribeTable(), {}, {"AKIDEXAMPLE", kSecret, ""});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->headers.size(), 2u);
  EXPECT_EQ(result->headers[0].name, "X-Amz-Date");
  EXPECT_THAT(result->canonical_request, Not(HasSubstr("x-amz-security-token")));
}

TEST(SigV4SignerTest, CreateRejectsBadScopeAndExpiry) {
  EXPECT_EQ(SigV4Signer::Create("", "kms").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(SigV4Signer::Create("us-east-1/x", "kms").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(SigV4Signer::Create("us-east-1", "").status().code(), Code::kInvalidArgument);
  for (std::chrono::seconds expires : {std::chrono::seconds(0), std::chrono::seconds(-1),
                                       std::chrono::seconds(std::chrono::days(8))}) {
    EXPECT_EQ(SigV4Signer::Create("us-east-1", "kms", Presigned(expires)).status().code(),
              Code::kInvalidArgument)
        << expires.count();
  }
  EXPECT_TRUE(SigV4Signer::Create("us-east-1", "kms", Presigned(std::chrono::days(7))).ok());
}

// Every way Sign can fail, each with a message that leaves the secrets out.
TEST(SigV4SignerTest, SignRejectsBadInputWithoutRevealingSecrets) {
  const Credentials good{"AKIDEXAMPLE", kSecret, kToken};
  const SigningOptions query = Presigned();
  struct Case {
    std::string what;
    HttpRequest request;
    Credentials credentials;
    SigningOptions options;
  };
  std::vector<Case> cases;
  cases.push_back({"empty access key id", DescribeTable(), {"", kSecret, kToken}, {}});
  cases.push_back({"empty secret", DescribeTable(), {"AKIDEXAMPLE", "", kToken}, {}});
  HttpRequest no_method = DescribeTable();
  no_method.method.clear();
  cases.push_back({"no method", no_method, good, {}});
  HttpRequest no_host = DescribeTable();
  no_host.headers.pop_back();
  cases.push_back({"no host", no_host, good, {}});
  HttpRequest empty_name = DescribeTable();
  empty_name.headers.push_back({"", "x"});
  cases.push_back({"empty header name", empty_name, good, {}});
  for (const char* name : {"Authorization", "X-AMZ-DATE", "x-amz-security-token"}) {
    HttpRequest signed_before = DescribeTable();
    signed_before.headers.push_back({name, kToken});
    cases.push_back({std::string("existing ") + name, signed_before, good, {}});
  }
  SigningOptions s3;
  s3.add_content_sha256_header = true;
  HttpRequest with_hash = DescribeTable();
  with_hash.headers.push_back({"X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"});
  cases.push_back({"existing content hash", with_hash, good, s3});
  HttpRequest presigned = ListKeysUrl();
  presigned.query += "&X-Amz-Signature=abc";
  cases.push_back({"existing X-Amz-Signature", presigned, good, query});

  for (const Case& c : cases) {
    Result<SigV4Signer> signer = SigV4Signer::Create("us-east-1", "dynamodb", c.options);
    ASSERT_TRUE(signer.ok());
    Result<SigningResult> result = signer->Sign(c.request, c.credentials, LeapDayNight());
    ASSERT_FALSE(result.ok()) << c.what;
    EXPECT_EQ(result.status().code(), Code::kInvalidArgument) << c.what;
    EXPECT_THAT(result.status().message(), Not(HasSubstr(kSecret))) << c.what;
    EXPECT_THAT(result.status().message(), Not(HasSubstr(kToken))) << c.what;
  }
}

}  // namespace
}  // namespace tk::aws
