#include "aws/refreshing_credentials.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

#include "aws/credential_time.h"

namespace tk::aws {
namespace {

// The CredentialsSource contract's codes.
Status ForCaller(const Status& status) {
  const Code code = status.code() == Code::kUnavailable || status.code() == Code::kThrottled
                        ? Code::kUnavailable
                        : Code::kUnauthenticated;
  return Status(code, status.message());
}

}  // namespace

RefreshingCredentials::RefreshingCredentials(CredentialProviderPtr provider, Clock& clock,
                                             RefreshOptions options)
    : provider_(std::move(provider)), clock_(clock), options_(std::move(options)) {}

bool RefreshingCredentials::Fresh(std::chrono::system_clock::time_point now) const {
  return current_ &&
         (!current_->expiration || now < *current_->expiration - options_.refresh_before_expiry);
}

bool RefreshingCredentials::Usable(std::chrono::system_clock::time_point now) const {
  return current_ && (!current_->expiration || now < *current_->expiration);
}

Result<ExpiringCredentials> RefreshingCredentials::FetchOnce() {
  try {
    return provider_->Fetch();
  } catch (const std::exception&) {
    // Providers return errors as values; an exception is a bug. Its text may
    // quote what was being parsed, so it is not shown.
    return Status(Code::kInternal, fmt::format("{}: unexpected exception while fetching "
                                               "credentials",
                                               provider_->Name()));
  }
}

Result<Credentials> RefreshingCredentials::Get() {
  std::unique_lock lock(mutex_);
  while (true) {
    const auto now = clock_.WallNow();
    if (Fresh(now)) return current_->credentials;
    const bool usable = Usable(now);
    if (usable && (fetching_ || (next_attempt_ && clock_.Now() < *next_attempt_))) {
      return current_->credentials;
    }
    if (fetching_) {
      // Nothing usable: wait for the fetch in flight and take its outcome.
      const uint64_t seen = fetches_done_;
      fetched_.wait(lock, [&] { return fetches_done_ != seen; });
      if (Usable(clock_.WallNow())) return current_->credentials;
      if (last_error_) return ForCaller(*last_error_);
      continue;
    }

    fetching_ = true;
    lock.unlock();
    Result<ExpiringCredentials> fetched = FetchOnce();
    lock.lock();
    fetching_ = false;
    ++fetches_done_;
    next_attempt_ = clock_.Now() + options_.retry_interval;
    if (fetched.ok()) {
      current_ = std::move(*fetched);
      last_error_.reset();
      fetched_.notify_all();
      spdlog::debug("AWS credentials from {} fetched; they expire {}", provider_->Name(),
                    current_->expiration ? FormatCredentialTime(*current_->expiration) : "never");
      return current_->credentials;
    }
    last_error_ = fetched.status();
    fetched_.notify_all();
    if (Usable(clock_.WallNow())) {
      const std::string warning = fmt::format(
          "refreshing AWS credentials from {} failed; still using the current ones, which "
          "expire at {}: {}",
          provider_->Name(), FormatCredentialTime(*current_->expiration),
          fetched.status().ToString());
      if (options_.warn) {
        options_.warn(warning);
      } else {
        spdlog::warn("{}", warning);
      }
      return current_->credentials;
    }
    return ForCaller(fetched.status());
  }
}

}  // namespace tk::aws
