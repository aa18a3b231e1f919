#include "aws/canonical_request.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tk::aws {
namespace {

TEST(NormalizePathTest, RemovesDotSegmentsAndEmptySegments) {
  EXPECT_EQ(NormalizePath(""), "/");
  EXPECT_EQ(NormalizePath("/"), "/");
  EXPECT_EQ(NormalizePath("//"), "/");
  EXPECT_EQ(NormalizePath("/./"), "/");
  EXPECT_EQ(NormalizePath("/./example"), "/example");
  EXPECT_EQ(NormalizePath("//example//"), "/example/");
  EXPECT_EQ(NormalizePath("/example/.."), "/");
  EXPECT_EQ(NormalizePath("/a/b/../c/./d"), "/a/c/d");
  EXPECT_EQ(NormalizePath("/a/b/.."), "/a/");
  EXPECT_EQ(NormalizePath("/a/b/."), "/a/b/");
}

TEST(NormalizePathTest, StaysAtTheRoot) {
  EXPECT_EQ(NormalizePath("/../../a"), "/a");
  EXPECT_EQ(NormalizePath("a/b"), "/a/b");
}

TEST(CanonicalUriTest, EncodesTheWirePathAgainByDefault) {
  EXPECT_EQ(CanonicalUri("/a%20b/c d/./", true, true), "/a%2520b/c%20d/");
  EXPECT_EQ(CanonicalUri("", true, true), "/");
}

TEST(CanonicalUriTest, S3FormKeepsThePathAsSent) {
  EXPECT_EQ(CanonicalUri("/a%20b//./c", false, false), "/a%20b//./c");
  EXPECT_EQ(CanonicalUri("", false, false), "/");
}

TEST(ParseQueryTest, DecodesPairsInOrderAndSkipsEmptyPieces) {
  std::vector<QueryParam> params = ParseQuery("b=2&&a%20b=x%2Fy&flag&empty=&c=1=2");
  ASSERT_EQ(params.size(), 5u);
  EXPECT_EQ(params[0].name, "b");
  EXPECT_EQ(params[0].value, "2");
  EXPECT_EQ(params[1].name, "a b");
  EXPECT_EQ(params[1].value, "x/y");
  EXPECT_EQ(params[2].name, "flag");
  EXPECT_EQ(params[2].value, "");
  EXPECT_EQ(params[3].name, "empty");
  EXPECT_EQ(params[3].value, "");
  EXPECT_EQ(params[4].name, "c");
  EXPECT_EQ(params[4].value, "1=2");
  EXPECT_TRUE(ParseQuery("").empty());
}

TEST(CanonicalQueryStringTest, SortsByEncodedNameThenValue) {
  std::vector<QueryParam> params = {
      {"b", "2"}, {"a", "z"}, {"a", "y"}, {"B", "1"}, {"\xe1\x88\xb4", "v"}, {"a b", "+"}};
  EXPECT_EQ(CanonicalQueryString(params), "%E1%88%B4=v&B=1&a=y&a=z&a%20b=%2B&b=2");
  EXPECT_EQ(CanonicalQueryString({}), "");
}

TEST(CanonicalHeaderValueTest, TrimsAndCollapsesWhitespace) {
  EXPECT_EQ(CanonicalHeaderValue("  value1  "), "value1");
  EXPECT_EQ(CanonicalHeaderValue("\"a   b \t c\""), "\"a b c\"");
  EXPECT_EQ(CanonicalHeaderValue("value1\n  value2\n     value3"), "value1 value2 value3");
  EXPECT_EQ(CanonicalHeaderValue("   "), "");
}

TEST(CanonicalizeHeadersTest, LowerCasesSortsAndJoinsRepeatedNamesInOrder) {
  Result<CanonicalHeaders> headers = CanonicalizeHeaders({{"My-Header1", "value4"},
                                                          {"Host", "example.amazonaws.com"},
                                                          {"my-header1", " value1 "},
                                                          {"MY-HEADER1", "value3"},
                                                          {"Empty", ""}});
  ASSERT_TRUE(headers.ok()) << headers.status().ToString();
  EXPECT_EQ(headers->block,
            "empty:\nhost:example.amazonaws.com\nmy-header1:value4,value1,value3\n");
  EXPECT_EQ(headers->signed_headers, "empty;host;my-header1");
}

TEST(CanonicalizeHeadersTest, LeavesHeadersThatProxiesRewriteUnsigned) {
  Result<CanonicalHeaders> headers = CanonicalizeHeaders(
      {{"Host", "h"}, {"User-Agent", "tablekeeper"}, {"Expect", "100-continue"},
       {"X-Amzn-Trace-Id", "Root=1"}});
  ASSERT_TRUE(headers.ok()) << headers.status().ToString();
  EXPECT_EQ(headers->signed_headers, "host");
}

TEST(CanonicalizeHeadersTest, RejectsAnEmptyName) {
  Result<CanonicalHeaders> headers = CanonicalizeHeaders({{"Host", "h"}, {"", "v"}});
  ASSERT_FALSE(headers.ok());
  EXPECT_EQ(headers.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(headers.status().message(), "request header #2 has an empty name; drop it or name it");
}

}  // namespace
}  // namespace tk::aws
