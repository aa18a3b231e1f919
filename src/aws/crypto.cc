#include "aws/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <limits>

namespace tk::aws {

Result<Sha256Digest> Sha256(std::string_view data) {
  Sha256Digest digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 ||
      size != digest.size()) {
    return Status(Code::kInternal, "libcrypto could not compute a SHA-256 digest");
  }
  return digest;
}

Result<std::string> Sha256Hex(std::string_view data) {
  Result<Sha256Digest> digest = Sha256(data);
  if (!digest.ok()) return digest.status();
  return HexEncode(*digest);
}

Result<Sha256Digest> HmacSha256(std::span<const std::byte> key, std::string_view data) {
  if (key.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return Status(Code::kInvalidArgument, "HMAC-SHA256 key is longer than libcrypto accepts");
  }
  Sha256Digest tag{};
  unsigned int size = 0;
  const unsigned char* result =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), tag.data(), &size);
  if (result == nullptr || size != tag.size()) {
    return Status(Code::kInternal, "libcrypto could not compute an HMAC-SHA256 tag");
  }
  return tag;
}

std::string HexEncode(std::span<const unsigned char> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0f]);
  }
  return hex;
}

void SecureWipe(std::span<std::byte> bytes) { OPENSSL_cleanse(bytes.data(), bytes.size()); }

}  // namespace tk::aws
