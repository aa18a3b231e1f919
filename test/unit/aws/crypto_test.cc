#include "aws/crypto.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <span>
#include <string>

namespace tk::aws {
namespace {

TEST(Sha256Test, MatchesFips180Vectors) {
  Result<std::string> empty = Sha256Hex("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Result<std::string> abc = Sha256Hex("abc");
  ASSERT_TRUE(abc.ok());
  EXPECT_EQ(*abc, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, RawDigestMatchesTheHexForm) {
  Result<Sha256Digest> digest = Sha256("abc");
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(HexEncode(*digest), *Sha256Hex("abc"));
}

// RFC 4231, test cases 2 (short key) and 6 (key longer than the block size).
TEST(HmacSha256Test, MatchesRfc4231Vectors) {
  const std::string jefe = "Jefe";
  Result<Sha256Digest> short_key =
      HmacSha256(std::as_bytes(std::span(jefe)), "what do ya want for nothing?");
  ASSERT_TRUE(short_key.ok());
  EXPECT_EQ(HexEncode(*short_key),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

  const std::string long_key(131, '\xaa');
  Result<Sha256Digest> long_tag = HmacSha256(
      std::as_bytes(std::span(long_key)), "Test Using Larger Than Block-Size Key - Hash Key First");
  ASSERT_TRUE(long_tag.ok());
  EXPECT_EQ(HexEncode(*long_tag),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HexEncodeTest, WritesTwoLowerCaseDigitsPerByte) {
  const unsigned char bytes[] = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(HexEncode(bytes), "000fa0ff");
  EXPECT_EQ(HexEncode({}), "");
}

TEST(SecureWipeTest, ZeroesEveryByte) {
  std::string key = "secret key material";
  SecureWipe(std::as_writable_bytes(std::span(key)));
  EXPECT_TRUE(std::all_of(key.begin(), key.end(), [](char c) { return c == '\0'; }));
}

}  // namespace
}  // namespace tk::aws
