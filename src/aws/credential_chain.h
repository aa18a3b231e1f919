// CredentialChain and the default chain: where tablekeeper finds its own AWS
// credentials, in the AWS SDKs' order:
//
//   1. environment variables      AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
//                                 AWS_SESSION_TOKEN (environment_provider.h)
//   2. shared config profile      AWS_PROFILE in ~/.aws/config and
//                                 ~/.aws/credentials: keys, credential_process,
//                                 role chains, web identity (profile_provider.h)
//   3. web identity               AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE,
//                                 i.e. IRSA on EKS (web_identity_provider.h)
//   4. container endpoint         ECS and EKS Pod Identity (container_provider.h)
//   5. EC2 instance metadata      IMDSv2 (imds_provider.h)
//
// The first provider that is configured answers: its credentials, or its
// error. A configured provider that fails does not hand over to the next one
// (as in the SDKs): a broken IRSA setup must not fall back to the node's
// instance profile. When none is configured, the error (kUnauthenticated)
// lists each provider with why it did not apply and says what to set.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "aws/container_provider.h"
#include "aws/credential_env.h"
#include "aws/credential_http.h"
#include "aws/credential_process_runner.h"
#include "aws/credential_provider.h"
#include "aws/credential_role_assumer.h"
#include "aws/imds_provider.h"
#include "aws/refreshing_credentials.h"
#include "util/clock.h"

namespace tk::aws {

class CredentialChain final : public CredentialProvider {
 public:
  // Tries `providers` in order. REQUIRES: none is null.
  explicit CredentialChain(std::vector<CredentialProviderPtr> providers);

  // CredentialProvider
  std::string Name() const override { return "the default credential chain"; }
  // Not configured only when no provider is; see above. Thread-safe.
  Result<ExpiringCredentials> Fetch() override;

 private:
  const std::vector<CredentialProviderPtr> providers_;
};

struct DefaultChainOptions {
  EnvLookup env = ProcessEnvironment();
  // STS for role profiles and web identity. Null: those fail with kInternal.
  RoleAssumerPtr role_assumer;
  // For the container endpoint and IMDS. Null: a new tk::http::HttpClient.
  HttpSender http;
  // For default session names and refresh timing. Must outlive the chain.
  Clock* clock = &SystemClock();
  CredentialProcessLimits process_limits;
  ContainerProviderOptions container;
  ImdsOptions imds;
};

// The five providers above, in order, as a chain.
std::shared_ptr<CredentialChain> NewDefaultCredentialChain(DefaultChainOptions options);

// The default chain behind a RefreshingCredentials: what a service client
// signs with when no role is configured for it.
std::shared_ptr<RefreshingCredentials> NewDefaultCredentialsSource(DefaultChainOptions options,
                                                                   RefreshOptions refresh = {});

}  // namespace tk::aws
