#include "aws/credential_role_cache.h"

#include <memory>
#include <utility>

#include "aws/assume_role_provider.h"

namespace tk::aws {

AssumeRoleCredentialsCache::AssumeRoleCredentialsCache(RoleAssumerPtr assumer,
                                                       CredentialsSourceSharedPtr base,
                                                       Clock& clock, RefreshOptions refresh)
    : assumer_(std::move(assumer)), base_(std::move(base)), clock_(clock),
      refresh_(std::move(refresh)) {}

CredentialsSourceSharedPtr AssumeRoleCredentialsCache::For(AssumeRoleRequest request) {
  if (request.role_session_name.empty()) request.role_session_name = "tablekeeper";
  // '\n' cannot appear in an ARN, an external id or a session name.
  const std::string key = request.role_arn + '\n' + request.external_id.value_or("") + '\n' +
                          (request.external_id ? "1" : "0") + '\n' + request.role_session_name;
  std::lock_guard lock(mutex_);
  CredentialsSourceSharedPtr& source = sources_[key];
  if (!source) {
    auto provider = std::make_shared<AssumeRoleProvider>(assumer_, base_, std::move(request));
    source = std::make_shared<RefreshingCredentials>(std::move(provider), clock_, refresh_);
  }
  return source;
}

size_t AssumeRoleCredentialsCache::size() const {
  std::lock_guard lock(mutex_);
  return sources_.size();
}

}  // namespace tk::aws
