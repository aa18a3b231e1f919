#include "aws/assume_role_provider.h"

#include <fmt/format.h>

#include <charconv>
#include <utility>

namespace tk::aws {

std::string DefaultRoleSessionName(Clock& clock) {
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(clock.WallNow().time_since_epoch());
  return fmt::format("tablekeeper-{}", seconds.count());
}

Result<std::chrono::seconds> ParseRoleDuration(std::string_view text, std::string_view source) {
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 900 || value > 43200) {
    return Status(Code::kInvalidArgument,
                  fmt::format("{}: must be a number of seconds from 900 to 43200", source));
  }
  return std::chrono::seconds(value);
}

AssumeRoleProvider::AssumeRoleProvider(RoleAssumerPtr assumer, CredentialsSourceSharedPtr base,
                                       AssumeRoleRequest request)
    : assumer_(std::move(assumer)), base_(std::move(base)), request_(std::move(request)) {}

std::string AssumeRoleProvider::Name() const {
  return fmt::format("role {} (session {})", request_.role_arn, request_.role_session_name);
}

Result<ExpiringCredentials> AssumeRoleProvider::Fetch() {
  Result<Credentials> source = base_->Get();
  if (!source.ok()) {
    return AsFailure(source.status().WithContext(
        fmt::format("cannot assume {}: no credentials to call STS with", Name())));
  }
  Result<ExpiringCredentials> assumed = assumer_->AssumeRole(request_, *source);
  if (!assumed.ok()) {
    return AsFailure(assumed.status().WithContext(fmt::format("AssumeRole of {}", Name())));
  }
  return assumed;
}

}  // namespace tk::aws
