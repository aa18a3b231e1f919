#include "aws/profile_provider.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "aws/assume_role_provider.h"
#include "aws/process_provider.h"
#include "aws/shared_config.h"
#include "aws/web_identity_provider.h"

namespace tk::aws {
namespace {

using Properties = std::map<std::string, std::string>;

std::string Quoted(const std::string& profile) { return fmt::format("profile \"{}\"", profile); }

bool HasStaticKeys(const Properties& profile) {
  return ProfileValue(profile, "aws_access_key_id") ||
         ProfileValue(profile, "aws_secret_access_key");
}

bool UsesSso(const Properties& profile) {
  return ProfileValue(profile, "sso_session") || ProfileValue(profile, "sso_start_url") ||
         ProfileValue(profile, "sso_account_id") || ProfileValue(profile, "sso_role_name");
}

// Resolves one Fetch: the loaded files, and the role_arn profiles entered so
// far (for cycle detection).
class Resolution {
 public:
  Resolution(const ProfileProviderOptions& options, const SharedConfig& config)
      : options_(options), config_(config) {}

  // The credentials of `name`. `referrer` is the profile naming it as its
  // source_profile, or empty for the selected profile.
  Result<ExpiringCredentials> Resolve(const std::string& name, const std::string& referrer) {
    const Properties* profile = config_.Find(name);
    if (profile == nullptr) {
      return Status(Code::kInvalidArgument,
                    fmt::format("{}, the source_profile of {}, is in neither {}", Quoted(name),
                                Quoted(referrer), config_.DescribeFiles()));
    }
    const bool as_source = !referrer.empty();
    if (as_source && HasStaticKeys(*profile)) return StaticKeys(name, *profile);
    if (ProfileValue(*profile, "role_arn")) {
      if (std::find(entered_.begin(), entered_.end(), name) != entered_.end()) {
        std::string cycle;
        for (const std::string& entered : entered_) cycle += entered + " -> ";
        return Status(Code::kInvalidArgument,
                      fmt::format("source_profile settings form a cycle: {}{}; end the chain "
                                  "with a profile that has keys, credential_process or "
                                  "credential_source",
                                  cycle, name));
      }
      entered_.push_back(name);
      return AssumeRole(name, *profile);
    }
    if (ProfileValue(*profile, "web_identity_token_file")) {
      return Status(Code::kInvalidArgument,
                    fmt::format("{} has web_identity_token_file but no role_arn to assume with it",
                                Quoted(name)));
    }
    if (UsesSso(*profile)) {
      return Status(Code::kInvalidArgument,
                    fmt::format("{} uses IAM Identity Center (sso_* settings), which tablekeeper "
                                "cannot log in to; use IRSA, EKS Pod Identity, a role or keys",
                                Quoted(name)));
    }
    if (const auto command = ProfileValue(*profile, "credential_process")) {
      Result<ExpiringCredentials> printed =
          ProcessProvider(*command, name, options_.process_limits).Fetch();
      if (!printed.ok()) return AsFailure(printed.status());
      return printed;
    }
    if (HasStaticKeys(*profile)) return StaticKeys(name, *profile);
    if (as_source) {
      return Status(Code::kInvalidArgument,
                    fmt::format("{}, the source_profile of {}, has no credentials (no "
                                "aws_access_key_id, credential_process or role_arn)",
                                Quoted(name), Quoted(referrer)));
    }
    return NotConfigured(fmt::format("{} in {} has no credentials (no aws_access_key_id, "
                                     "credential_process, role_arn or web_identity_token_file)",
                                     Quoted(name), config_.DescribeFiles()));
  }

 private:
  static Result<ExpiringCredentials> StaticKeys(const std::string& name,
                                                const Properties& profile) {
    const auto key_id = ProfileValue(profile, "aws_access_key_id");
    const auto secret = ProfileValue(profile, "aws_secret_access_key");
    if (!key_id || !secret) {
      return Status(Code::kInvalidArgument,
                    fmt::format("{} has {} but no {}; set both", Quoted(name),
                                key_id ? "aws_access_key_id" : "aws_secret_access_key",
                                key_id ? "aws_secret_access_key" : "aws_access_key_id"));
    }
    ExpiringCredentials result;
    result.credentials.access_key_id = *key_id;
    result.credentials.secret_access_key = *secret;
    result.credentials.session_token = ProfileValue(profile, "aws_session_token").value_or("");
    return result;
  }

  Result<ExpiringCredentials> AssumeRole(const std::string& name, const Properties& profile) {
    const std::string role_arn = *ProfileValue(profile, "role_arn");
    if (ProfileValue(profile, "mfa_serial")) {
      return Status(Code::kInvalidArgument,
                    fmt::format("{} needs an MFA code (mfa_serial) to assume {}, and tablekeeper "
                                "has no one to ask for it",
                                Quoted(name), role_arn));
    }
    std::optional<std::chrono::seconds> duration;
    if (const auto text = ProfileValue(profile, "duration_seconds")) {
      Result<std::chrono::seconds> parsed =
          ParseRoleDuration(*text, fmt::format("{} duration_seconds", Quoted(name)));
      if (!parsed.ok()) return parsed.status();
      duration = *parsed;
    }
    const std::string session_name =
        ProfileValue(profile, "role_session_name")
            .value_or(DefaultRoleSessionName(*options_.clock));

    if (const auto token_file = ProfileValue(profile, "web_identity_token_file")) {
      WebIdentityConfig config{role_arn, ExpandHome(options_.env, *token_file), session_name,
                               duration};
      return AssumeRoleWithWebIdentityFile(options_.role_assumer.get(), config, Quoted(name),
                                           *options_.clock);
    }

    const auto source_profile = ProfileValue(profile, "source_profile");
    const auto credential_source = ProfileValue(profile, "credential_source");
    if (source_profile && credential_source) {
      return Status(Code::kInvalidArgument,
                    fmt::format("{} has both source_profile and credential_source; keep one",
                                Quoted(name)));
    }
    if (!source_profile && !credential_source) {
      return Status(Code::kInvalidArgument,
                    fmt::format("{} has role_arn but nothing to assume it with: add "
                                "source_profile, credential_source or web_identity_token_file",
                                Quoted(name)));
    }
    Result<ExpiringCredentials> source = source_profile
                                             ? Resolve(*source_profile, name)
                                             : FromCredentialSource(name, *credential_source);
    if (!source.ok()) return AsFailure(source.status());

    if (!options_.role_assumer) {
      return Status(Code::kInternal,
                    fmt::format("{}: role {} needs STS, but no STS client was configured",
                                Quoted(name), role_arn));
    }
    AssumeRoleRequest request;
    request.role_arn = role_arn;
    request.role_session_name = session_name;
    request.external_id = ProfileValue(profile, "external_id");
    request.duration = duration;
    Result<ExpiringCredentials> assumed =
        options_.role_assumer->AssumeRole(request, source->credentials);
    if (!assumed.ok()) {
      return AsFailure(assumed.status().WithContext(
          fmt::format("{}: AssumeRole of role {}", Quoted(name), role_arn)));
    }
    return assumed;
  }

  Result<ExpiringCredentials> FromCredentialSource(const std::string& name,
                                                   const std::string& credential_source) {
    const std::string context =
        fmt::format("{} credential_source {}", Quoted(name), credential_source);
    if (!options_.credential_source) {
      return Status(Code::kInvalidArgument, fmt::format("{}: not supported here", context));
    }
    Result<CredentialProviderPtr> provider = options_.credential_source(credential_source);
    if (!provider.ok()) return provider.status().WithContext(context);
    Result<ExpiringCredentials> credentials = (*provider)->Fetch();
    if (!credentials.ok()) return AsFailure(credentials.status().WithContext(context));
    return credentials;
  }

  const ProfileProviderOptions& options_;
  const SharedConfig& config_;
  std::vector<std::string> entered_;
};

}  // namespace

ProfileProvider::ProfileProvider(ProfileProviderOptions options) : options_(std::move(options)) {}

std::string ProfileProvider::Name() const {
  return fmt::format("shared config {}", Quoted(SelectedProfile(options_.env)));
}

Result<ExpiringCredentials> ProfileProvider::Fetch() {
  bool named = false;
  const std::string profile = SelectedProfile(options_.env, &named);
  Result<SharedConfig> config = SharedConfig::Load(SharedConfigPathsFrom(options_.env));
  if (!config.ok()) return AsFailure(config.status());
  if (config->Find(profile) == nullptr) {
    if (named) {
      return Status(Code::kInvalidArgument,
                    fmt::format("AWS_PROFILE names {}, which is in neither {}", Quoted(profile),
                                config->DescribeFiles()));
    }
    return NotConfigured(fmt::format("no {} in {}", Quoted(profile), config->DescribeFiles()));
  }
  Resolution resolution(options_, *config);
  return resolution.Resolve(profile, "");
}

}  // namespace tk::aws
