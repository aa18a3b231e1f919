// Helpers for the api tests: where the source tree and the shared folder
// are, and reading a file whole.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace tk::api::testing {

// The repository's root (compiled in).
inline std::filesystem::path SourceDir() { return TK_SOURCE_DIR; }

// ../shared: TK_SHARED_DIR when set (CTest sets it), else the compiled-in one.
inline std::filesystem::path SharedDir() {
  const char* env = std::getenv("TK_SHARED_DIR");
  return env != nullptr && *env != '\0' ? std::filesystem::path(env)
                                        : std::filesystem::path(TK_DEFAULT_SHARED_DIR);
}

inline std::filesystem::path AckCrdDir() { return SharedDir() / "reference" / "ack-crds"; }

// The whole file, or an empty string when it cannot be read.
inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace tk::api::testing
