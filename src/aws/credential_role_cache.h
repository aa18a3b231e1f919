// AssumeRoleCredentialsCache: one refreshing CredentialsSource per assumed
// role, for cross-account access (DESIGN.md section 3: a namespace names a
// role in another account; the controller assumes it with its own
// credentials).
//
//   AssumeRoleCredentialsCache roles(sts, controller_credentials);
//   CredentialsSourceSharedPtr team_a = roles.For({.role_arn = arn_a});
//
// Sources are keyed by role ARN, external id and session name: every client
// of the same role shares one source, hence one AssumeRole call per refresh.
// An empty session name means "tablekeeper". For a key seen before, the
// duration of the first request is kept. Entries live as long as the cache
// (one per role a namespace names, a small number). Thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <string>

#include "aws/credential_role_assumer.h"
#include "aws/credentials_source.h"
#include "aws/refreshing_credentials.h"
#include "util/clock.h"

namespace tk::aws {

class AssumeRoleCredentialsCache {
 public:
  // REQUIRES: assumer and base are not null. `clock` must outlive the cache.
  AssumeRoleCredentialsCache(RoleAssumerPtr assumer, CredentialsSourceSharedPtr base,
                             Clock& clock = SystemClock(), RefreshOptions refresh = {});

  // The source of `request`'s role, created on first use. Never blocks on
  // STS: credentials are fetched at the source's first Get().
  CredentialsSourceSharedPtr For(AssumeRoleRequest request);

  // How many roles have a source.
  size_t size() const;

 private:
  const RoleAssumerPtr assumer_;
  const CredentialsSourceSharedPtr base_;
  Clock& clock_;
  const RefreshOptions refresh_;

  mutable std::mutex mutex_;
  std::map<std::string, CredentialsSourceSharedPtr> sources_;  // guarded by mutex_
};

}  // namespace tk::aws
