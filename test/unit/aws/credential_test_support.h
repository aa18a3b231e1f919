// Test helpers for the credential providers: a temporary folder, a scripted
// RoleAssumer and a scripted HTTP sender. Unit tests only (DESIGN.md section
// 5): the fakes stand in for STS and for metadata endpoints no unit test can
// reach; the integration tests use a real HTTP server.
#pragma once

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "aws/credential_http.h"
#include "aws/credential_role_assumer.h"

namespace tk::aws::testing {

// A fresh folder, removed with its content at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tk-cred-XXXXXX").string();
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

  // Writes `content` to `relative` (folders created) with `mode`; returns the
  // absolute path.
  std::string Write(const std::string& relative, const std::string& content,
                    mode_t mode = 0600) const {
    const std::filesystem::path file = std::filesystem::path(path_) / relative;
    std::filesystem::create_directories(file.parent_path());
    {
      std::ofstream out(file, std::ios::binary | std::ios::trunc);
      out << content;
    }
    ::chmod(file.c_str(), mode);
    return file.string();
  }

  // Writes an executable shell script.
  std::string Script(const std::string& relative, const std::string& body) const {
    return Write(relative, "#!/bin/sh\n" + body, 0755);
  }

 private:
  std::string path_;
};

// A RoleAssumer that records its calls and answers from scripts. Without a
// script, AssumeRole answers credentials derived from the role ARN
// ("AKID:<arn>", "secret:<arn>", "token:<arn>") that expire at `expiration`.
class FakeRoleAssumer final : public RoleAssumer {
 public:
  struct AssumeRoleCall {
    AssumeRoleRequest request;
    Credentials source;
  };

  std::function<Result<ExpiringCredentials>(const AssumeRoleRequest&, const Credentials&)>
      on_assume_role;
  std::function<Result<ExpiringCredentials>(const WebIdentityRequest&)> on_web_identity;
  std::optional<std::chrono::system_clock::time_point> expiration;

  Result<ExpiringCredentials> AssumeRole(const AssumeRoleRequest& request,
                                         const Credentials& source) override {
    {
      std::lock_guard lock(mutex_);
      assume_role_calls_.push_back({request, source});
    }
    if (on_assume_role) return on_assume_role(request, source);
    return Derived(request.role_arn);
  }

  Result<ExpiringCredentials> AssumeRoleWithWebIdentity(const WebIdentityRequest& request) override {
    {
      std::lock_guard lock(mutex_);
      web_identity_calls_.push_back(request);
    }
    if (on_web_identity) return on_web_identity(request);
    return Derived(request.role_arn);
  }

  ExpiringCredentials Derived(const std::string& role_arn) const {
    ExpiringCredentials result;
    result.credentials = {"AKID:" + role_arn, "secret:" + role_arn, "token:" + role_arn};
    result.expiration = expiration;
    return result;
  }

  std::vector<AssumeRoleCall> assume_role_calls() const {
    std::lock_guard lock(mutex_);
    return assume_role_calls_;
  }
  std::vector<WebIdentityRequest> web_identity_calls() const {
    std::lock_guard lock(mutex_);
    return web_identity_calls_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<AssumeRoleCall> assume_role_calls_;
  std::vector<WebIdentityRequest> web_identity_calls_;
};

// An HttpSender that records requests and answers with `handler`.
class ScriptedHttp {
 public:
  std::function<Result<http::Response>(const http::Request&)> handler;

  HttpSender sender() {
    return [this](const http::Request& request) -> Result<http::Response> {
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
      }
      if (!handler) return Status(Code::kUnavailable, "no handler");
      return handler(request);
    };
  }

  std::vector<http::Request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<http::Request> requests_;
};

inline http::Response Answer(int status, std::string body) {
  http::Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// The value of header `name` in `request`, or "" when absent.
inline std::string HeaderOf(const http::Request& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return "";
}

}  // namespace tk::aws::testing
