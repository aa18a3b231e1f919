// TempDir: a fresh folder for one test's files, removed with everything in it
// when the test ends.
#pragma once

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace tk::kube::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tk-kube-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

  // Writes `content` to `relative` (folders created), with `mode`; returns the
  // absolute path.
  std::string Write(const std::string& relative, const std::string& content, mode_t mode = 0600) const {
    const std::filesystem::path file = std::filesystem::path(path_) / relative;
    std::filesystem::create_directories(file.parent_path());
    {
      std::ofstream out(file, std::ios::binary | std::ios::trunc);
      out << content;
    }
    ::chmod(file.c_str(), mode);
    return file.string();
  }

  // The content of a file (absolute path), or "" when it cannot be read.
  std::string Read(const std::string& path) const {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  // Writes a shell script (mode 0755).
  std::string Script(const std::string& relative, const std::string& body) const {
    return Write(relative, "#!/bin/sh\n" + body, 0755);
  }

 private:
  std::string path_;
};

}  // namespace tk::kube::testing
