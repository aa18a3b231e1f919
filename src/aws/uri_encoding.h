// Percent-encoding as SigV4 defines it (RFC 3986 with a fixed unreserved set).
//
// SigV4 leaves only the unreserved characters A-Z a-z 0-9 '-' '.' '_' '~' as
// they are and encodes every other byte as '%' plus two upper-case hex digits;
// UTF-8 text is encoded byte by byte. A space is "%20", never '+'.
#pragma once

#include <string>
#include <string_view>

namespace tk::aws {

// Whether UriEncode leaves '/' alone: paths keep it, query keys and values encode it.
enum class Slash { kEncode, kKeep };

// `text` with every byte outside the unreserved set (and '/', unless kKeep)
// percent-encoded.
std::string UriEncode(std::string_view text, Slash slash);

// `text` with each "%XX" escape (either hex case) replaced by its byte. A '%'
// not followed by two hex digits stays as it is, and '+' stays '+': query
// strings reach the signer in wire form, where '+' is a literal plus.
std::string UriDecode(std::string_view text);

}  // namespace tk::aws
