#include "kube/credentials.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "kube/read_file.h"

namespace tk::kube {
namespace {

std::string Trimmed(const std::string& text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return text.substr(begin, end - begin);
}

}  // namespace

TokenFileCredentialProvider::TokenFileCredentialProvider(std::string path, std::string source,
                                                         Credentials base)
    : path_(std::move(path)), source_(std::move(source)), base_(std::move(base)) {}

Status TokenFileCredentialProvider::RefreshLocked(bool force) {
  struct stat info {};
  if (::stat(path_.c_str(), &info) != 0) {
    return Status(Code::kUnauthenticated,
                  fmt::format("{}: cannot read {}: {}", source_, path_, std::strerror(errno)));
  }
  const FileVersion current{static_cast<unsigned long>(info.st_ino), static_cast<long>(info.st_size),
                            static_cast<long>(info.st_mtim.tv_sec) * 1'000'000'000L +
                                static_cast<long>(info.st_mtim.tv_nsec)};
  if (!force && !token_.empty() && current == version_) return OkStatus();

  Result<std::string> content = ReadWholeFile(path_);
  if (!content.ok()) {
    return Status(Code::kUnauthenticated, fmt::format("{}: {}", source_, content.status().message()));
  }
  std::string token = Trimmed(*content);
  if (token.empty()) {
    return Status(Code::kUnauthenticated,
                  fmt::format("{}: token file {} is empty; write the bearer token into it", source_, path_));
  }
  token_ = std::move(token);
  version_ = current;
  return OkStatus();
}

Result<Credentials> TokenFileCredentialProvider::Get() {
  std::lock_guard lock(mutex_);
  const Status refreshed = RefreshLocked(/*force=*/false);
  if (!refreshed.ok() && token_.empty()) return refreshed;
  Credentials credentials = base_;
  credentials.bearer_token = token_;
  return credentials;
}

bool TokenFileCredentialProvider::Invalidate(const Credentials& rejected) {
  std::lock_guard lock(mutex_);
  if (rejected.bearer_token != token_) return true;  // already replaced since
  const std::string before = token_;
  return RefreshLocked(/*force=*/true).ok() && token_ != before;
}

}  // namespace tk::kube
