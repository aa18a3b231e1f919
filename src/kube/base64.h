// Base64 (RFC 4648, standard alphabet), for kubeconfig's `*-data` fields and
// the cluster information handed to exec credential plugins.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tk::kube {

// Padded base64 of `bytes`.
std::string Base64Encode(std::string_view bytes);

// Decodes padded or unpadded base64. Whitespace (line breaks in YAML block
// scalars) is skipped. nullopt when another character appears, padding is
// misplaced or the length cannot be base64.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace tk::kube
