// KeyIdentityResolver: KeyIdentity (key_identity.h) over KMS DescribeKey,
// with a cache per region.
//
//   KeyIdentityResolver keys(pool, {});
//   Result<std::string> arn = keys.KeyArnOf("us-east-1", "alias/orders");
//
// - A key ARN is answered at once (no call, no cache), after ParseKeyName
//   accepted it. Every other form is resolved with one DescribeKey in its
//   region (an alias ARN's own region wins over the one asked for) and the
//   answer kept for options.lifetime. A resolution also fills the entry of
//   the key's id, so naming the key by id next costs no call either.
// - Single flight: while a DescribeKey for (region, name) is out, other
//   callers for the same name wait for its answer instead of sending their
//   own. Callers for other names are not held up: no lock is held during a
//   call.
// - Failures are not cached: the next caller asks again (the runtime's
//   back-off paces it). Errors as key_identity.h says; the message adds the
//   name and region resolved.
// - InvalidateAlias(region, "alias/x") drops what "alias/x" and the alias ARNs
//   naming it in `region` resolved to. A DescribeKey already out for that
//   alias still answers its waiting callers, but its answer is not cached and
//   later callers send a new one.
// - Expired entries are swept when the cache grows past options.max_entries,
//   so the cache holds about what the controller named within a lifetime.
//
// Thread-safe. The pool is borrowed and must outlive the resolver.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "services/aws_client_pool.h"
#include "services/kms/key_identity.h"
#include "util/clock.h"

namespace tk::services::kms {

struct KeyIdentityResolverOptions {
  // How long a resolution is trusted. An alias retargeted outside the
  // controller is noticed at the latest after this. Default: 5 minutes.
  std::chrono::milliseconds lifetime{std::chrono::minutes(5)};
  // Beyond this many entries, an insertion first sweeps the expired ones.
  // Default: 4096.
  size_t max_entries = 4096;
  // Time for expiry. nullptr: SystemClock().
  Clock* clock = nullptr;
};

class KeyIdentityResolver final : public KeyIdentity {
 public:
  KeyIdentityResolver(AwsClientPool& pool, KeyIdentityResolverOptions options);
  ~KeyIdentityResolver() override;

  // KeyIdentity
  Result<std::string> KeyArnOf(const std::string& region, const std::string& key_name) override;
  void InvalidateAlias(const std::string& region, const std::string& alias_name) override;

  // How many callers are waiting for another caller's DescribeKey now.
  size_t WaitingCallersForTest() const;

 private:
  // (region, name as given).
  using CacheKey = std::pair<std::string, std::string>;
  struct Entry {
    std::string key_arn;
    Clock::TimePoint expires;
    std::string alias_name;  // "alias/x" for alias entries; empty otherwise
  };
  struct Flight;  // one DescribeKey out, and its answer once there

  // Sends DescribeKey for `name` in `region` (no lock held).
  Result<std::string> Describe(const std::string& region, const std::string& name);
  // REQUIRES: mutex_ held.
  void InsertLocked(const CacheKey& key, Entry entry);

  AwsClientPool& pool_;
  const KeyIdentityResolverOptions options_;
  Clock& clock_;

  mutable std::mutex mutex_;
  std::condition_variable flight_landed_;
  size_t waiting_callers_ = 0;                             // guarded by mutex_
  std::map<CacheKey, Entry> cache_;                       // guarded by mutex_
  std::map<CacheKey, std::shared_ptr<Flight>> flights_;   // guarded by mutex_
};

}  // namespace tk::services::kms
