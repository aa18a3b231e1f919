#include "aws/credential_file.h"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace tk::aws {
namespace {

Status ReadError(const std::string& path, int error) {
  const Code code = error == ENOENT   ? Code::kNotFound
                    : error == EACCES ? Code::kPermissionDenied
                                      : Code::kInvalidArgument;
  return Status(code, fmt::format("cannot read {}: {}", path, std::strerror(error)));
}

}  // namespace

Result<std::string> ReadCredentialFile(const std::string& path) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                              &std::fclose);
  if (!file) return ReadError(path, errno);
  std::string content;
  std::array<char, 8192> buffer{};
  while (true) {
    const size_t count = std::fread(buffer.data(), 1, buffer.size(), file.get());
    content.append(buffer.data(), count);
    if (content.size() > kMaxCredentialFileSize) {
      return Status(Code::kInvalidArgument,
                    fmt::format("cannot read {}: larger than {} bytes", path,
                                kMaxCredentialFileSize));
    }
    if (count < buffer.size()) break;
  }
  if (std::ferror(file.get()) != 0) return ReadError(path, errno != 0 ? errno : EIO);
  return content;
}

}  // namespace tk::aws
