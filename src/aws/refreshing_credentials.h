// RefreshingCredentials: the CredentialsSource a service client holds. It
// caches what a CredentialProvider fetched and fetches again shortly before
// the credentials expire.
//
// Timing (wall time of the given Clock against the credentials' expiration):
//
//   fresh         more than refresh_before_expiry (5 min) left, or no
//                 expiration: served from the cache, no fetch.
//   refresh due   less than that left, not expired: the first caller fetches;
//                 callers meanwhile get the cached credentials without
//                 waiting. If the fetch fails the cached credentials are
//                 still served, a warning is logged (without secrets), and
//                 no new fetch is tried for retry_interval (10 s).
//   expired/none  callers wait for one fetch (single flight: concurrent
//                 callers share it and its outcome).
//
// Errors of Get() follow credentials_source.h: kUnavailable when the
// provider's failure was transient (kUnavailable, kThrottled), else
// kUnauthenticated; the message is the provider's, which names the source and
// what to fix. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "aws/credential_provider.h"
#include "aws/credentials_source.h"
#include "util/clock.h"

namespace tk::aws {

struct RefreshOptions {
  // How long before the expiration a refresh starts. Default: 5 minutes.
  std::chrono::seconds refresh_before_expiry{std::chrono::minutes(5)};
  // After a fetch, how long until the next one while the cached credentials
  // are still valid (bounds the fetches when a refresh fails or the source
  // hands out credentials that are already due). Default: 10 s.
  std::chrono::seconds retry_interval{10};
  // Receives warnings (a refresh failed, the old credentials are kept).
  // Default: spdlog's warn.
  std::function<void(const std::string& message)> warn;
};

class RefreshingCredentials final : public CredentialsSource {
 public:
  // REQUIRES: provider is not null. `clock` must outlive this object.
  explicit RefreshingCredentials(CredentialProviderPtr provider, Clock& clock = SystemClock(),
                                 RefreshOptions options = {});

  // CredentialsSource
  Result<Credentials> Get() override;

  // The provider's name, for messages.
  std::string Name() const { return provider_->Name(); }

 private:
  bool Fresh(std::chrono::system_clock::time_point now) const;   // REQUIRES: mutex_ held
  bool Usable(std::chrono::system_clock::time_point now) const;  // REQUIRES: mutex_ held
  Result<ExpiringCredentials> FetchOnce();

  // Immutable after construction.
  const CredentialProviderPtr provider_;
  Clock& clock_;
  const RefreshOptions options_;

  std::mutex mutex_;
  std::condition_variable fetched_;                // notified when a fetch ends
  std::optional<ExpiringCredentials> current_;     // guarded by mutex_
  bool fetching_ = false;                          // guarded by mutex_
  uint64_t fetches_done_ = 0;                      // guarded by mutex_
  std::optional<Status> last_error_;               // guarded by mutex_; of the last fetch
  std::optional<Clock::TimePoint> next_attempt_;   // guarded by mutex_
};

}  // namespace tk::aws
