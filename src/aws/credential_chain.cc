#include "aws/credential_chain.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <utility>

#include "aws/environment_provider.h"
#include "aws/profile_provider.h"
#include "aws/web_identity_provider.h"

namespace tk::aws {

CredentialChain::CredentialChain(std::vector<CredentialProviderPtr> providers)
    : providers_(std::move(providers)) {}

Result<ExpiringCredentials> CredentialChain::Fetch() {
  std::string tried;
  for (const CredentialProviderPtr& provider : providers_) {
    Result<ExpiringCredentials> credentials = provider->Fetch();
    if (credentials.ok()) {
      spdlog::debug("AWS credentials found: {}", provider->Name());
      return credentials;
    }
    if (!IsNotConfigured(credentials.status())) return credentials.status();
    tried += fmt::format("{}{}: {}", tried.empty() ? "" : "; ", provider->Name(),
                         credentials.status().message());
  }
  return Status(Code::kUnauthenticated,
                fmt::format("no AWS credentials found. Tried, in order: {}. On EKS use IRSA "
                            "(AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE) or EKS Pod Identity; "
                            "on EC2 attach an instance profile; elsewhere set AWS_PROFILE to a "
                            "profile of ~/.aws/config or set AWS_ACCESS_KEY_ID and "
                            "AWS_SECRET_ACCESS_KEY",
                            tried));
}

std::shared_ptr<CredentialChain> NewDefaultCredentialChain(DefaultChainOptions options) {
  if (!options.http) options.http = DefaultHttpSender();
  auto environment = std::make_shared<EnvironmentProvider>(options.env);
  auto container =
      std::make_shared<ContainerProvider>(options.http, options.env, options.container);
  auto imds = std::make_shared<ImdsProvider>(options.http, options.env, options.imds);

  ProfileProviderOptions profile_options;
  profile_options.env = options.env;
  profile_options.role_assumer = options.role_assumer;
  profile_options.clock = options.clock;
  profile_options.process_limits = options.process_limits;
  profile_options.credential_source =
      [environment, container, imds](std::string_view name) -> Result<CredentialProviderPtr> {
    if (name == "Environment") return CredentialProviderPtr(environment);
    if (name == "Ec2InstanceMetadata") return CredentialProviderPtr(imds);
    if (name == "EcsContainer") return CredentialProviderPtr(container);
    return Status(Code::kInvalidArgument,
                  "unknown credential_source; use Environment, Ec2InstanceMetadata or "
                  "EcsContainer");
  };

  std::vector<CredentialProviderPtr> providers{
      environment,
      std::make_shared<ProfileProvider>(std::move(profile_options)),
      std::make_shared<WebIdentityProvider>(options.role_assumer, options.env, *options.clock),
      container,
      imds,
  };
  return std::make_shared<CredentialChain>(std::move(providers));
}

std::shared_ptr<RefreshingCredentials> NewDefaultCredentialsSource(DefaultChainOptions options,
                                                                   RefreshOptions refresh) {
  Clock& clock = *options.clock;
  return std::make_shared<RefreshingCredentials>(NewDefaultCredentialChain(std::move(options)),
                                                 clock, std::move(refresh));
}

}  // namespace tk::aws
