// SHA-256 and HMAC-SHA256 for request signing, backed by OpenSSL's libcrypto.
//
// The digest functions fail only when libcrypto itself does (for example a
// provider configuration without SHA-256); they then return kInternal. Error
// messages never contain the data or the key.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "util/status.h"

namespace tk::aws {

// A SHA-256 digest or HMAC-SHA256 tag: 32 raw bytes.
using Sha256Digest = std::array<unsigned char, 32>;

// SHA-256 of `data`.
Result<Sha256Digest> Sha256(std::string_view data);

// SHA-256 of `data` as 64 lower-case hex characters, the form SigV4 uses for
// payload and canonical-request hashes.
Result<std::string> Sha256Hex(std::string_view data);

// HMAC-SHA256 of `data` under `key`. Fails with kInvalidArgument for a key
// longer than INT_MAX bytes, which libcrypto cannot take.
Result<Sha256Digest> HmacSha256(std::span<const std::byte> key, std::string_view data);

// `bytes` as lower-case hex, two characters per byte.
std::string HexEncode(std::span<const unsigned char> bytes);

// Overwrites `bytes` with zeros in a way the compiler may not elide; for key
// material that should not linger in freed memory.
void SecureWipe(std::span<std::byte> bytes);

}  // namespace tk::aws
