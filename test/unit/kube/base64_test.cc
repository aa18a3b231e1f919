#include "kube/base64.h"

#include <gtest/gtest.h>

namespace tk::kube {
namespace {

TEST(Base64Test, EncodesWithPadding) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

TEST(Base64Test, DecodesPaddedUnpaddedAndWrappedText) {
  EXPECT_EQ(Base64Decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(Base64Decode("Zg=="), "f");
  EXPECT_EQ(Base64Decode("Zm8"), "fo");
  EXPECT_EQ(Base64Decode("Zm9v\nYmFy\n"), "foobar");
}

TEST(Base64Test, RoundTripsBinary) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  EXPECT_EQ(Base64Decode(Base64Encode(bytes)), bytes);
}

TEST(Base64Test, RejectsWhatIsNotBase64) {
  EXPECT_EQ(Base64Decode("Zm9v!"), std::nullopt);
  EXPECT_EQ(Base64Decode("Zg==Zg"), std::nullopt);  // data after padding
  EXPECT_EQ(Base64Decode("Z"), std::nullopt);       // impossible length
  EXPECT_EQ(Base64Decode("Zm9=="), std::nullopt);   // wrong padding
}

}  // namespace
}  // namespace tk::kube
