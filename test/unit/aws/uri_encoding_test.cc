#include "aws/uri_encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace tk::aws {
namespace {

constexpr char kUnreserved[] =
    "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

TEST(UriEncodeTest, LeavesUnreservedCharactersAlone) {
  EXPECT_EQ(UriEncode(kUnreserved, Slash::kEncode), kUnreserved);
}

TEST(UriEncodeTest, EncodesReservedCharactersWithUpperCaseHex) {
  EXPECT_EQ(UriEncode(" +*=&?%:@!$'()", Slash::kEncode),
            "%20%2B%2A%3D%26%3F%25%3A%40%21%24%27%28%29");
}

TEST(UriEncodeTest, EncodesUtf8ByteByByte) {
  EXPECT_EQ(UriEncode("\xe1\x88\xb4", Slash::kEncode), "%E1%88%B4");
  EXPECT_EQ(UriEncode(std::string("\0\x7f\xff", 3), Slash::kEncode), "%00%7F%FF");
}

TEST(UriEncodeTest, KeepsSlashOnlyWhenAsked) {
  EXPECT_EQ(UriEncode("/a b/c", Slash::kKeep), "/a%20b/c");
  EXPECT_EQ(UriEncode("/a b/c", Slash::kEncode), "%2Fa%20b%2Fc");
}

TEST(UriDecodeTest, DecodesEscapesInEitherCase) {
  EXPECT_EQ(UriDecode("%E1%88%b4=a%2fb%20c"), "\xe1\x88\xb4=a/b c");
}

TEST(UriDecodeTest, KeepsPlusAndMalformedEscapes) {
  EXPECT_EQ(UriDecode("a+b"), "a+b");
  EXPECT_EQ(UriDecode("100%"), "100%");
  EXPECT_EQ(UriDecode("%4"), "%4");
  EXPECT_EQ(UriDecode("%zz%4g"), "%zz%4g");
}

TEST(UriDecodeTest, UndoesUriEncode) {
  const std::string text = "/a b+c~\xe1\x88\xb4%";
  EXPECT_EQ(UriDecode(UriEncode(text, Slash::kEncode)), text);
}

}  // namespace
}  // namespace tk::aws
