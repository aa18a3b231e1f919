#include "services/kms/key_identity_resolver.h"

#include <fmt/format.h>

#include "services/kms/key_names.h"

namespace tk::services::kms {

// A DescribeKey in progress. Its callers hold it by shared_ptr, so it
// outlives its place in flights_ (InvalidateAlias may drop that).
struct KeyIdentityResolver::Flight {
  bool landed = false;
  std::optional<Result<std::string>> answer;  // set when landed
};

KeyIdentityResolver::KeyIdentityResolver(AwsClientPool& pool, KeyIdentityResolverOptions options)
    : pool_(pool),
      options_(options),
      clock_(options.clock != nullptr ? *options.clock : SystemClock()) {}

KeyIdentityResolver::~KeyIdentityResolver() = default;

Result<std::string> KeyIdentityResolver::KeyArnOf(const std::string& region,
                                                  const std::string& key_name) {
  Result<KeyName> name = ParseKeyName(key_name);
  if (!name.ok()) return name.status();
  if (name->form == KeyNameForm::kKeyArn) return name->text;
  const std::string where = name->IsArn() ? name->region : region;
  if (where.empty()) {
    return Status(Code::kInvalidArgument,
                  fmt::format("no region to resolve the KMS {} \"{}\" in; set the object's region",
                              KeyNameFormName(name->form), key_name));
  }
  const CacheKey key{where, key_name};

  std::shared_ptr<Flight> flight;
  {
    std::unique_lock lock(mutex_);
    const auto cached = cache_.find(key);
    if (cached != cache_.end() && clock_.Now() < cached->second.expires) {
      return cached->second.key_arn;
    }
    const auto out = flights_.find(key);
    if (out != flights_.end()) {
      // Someone is asking already: wait for that answer.
      std::shared_ptr<Flight> joined = out->second;
      ++waiting_callers_;
      flight_landed_.wait(lock, [&joined] { return joined->landed; });
      --waiting_callers_;
      return *joined->answer;
    }
    flight = std::make_shared<Flight>();
    flights_.emplace(key, flight);
  }

  Result<std::string> answer = Describe(where, key_name);

  {
    std::lock_guard lock(mutex_);
    const auto out = flights_.find(key);
    // Still ours: not invalidated while out, so the answer may be kept.
    const bool current = out != flights_.end() && out->second == flight;
    if (current) flights_.erase(out);
    if (current && answer.ok()) {
      const Clock::TimePoint expires = clock_.Now() + options_.lifetime;
      InsertLocked(key, Entry{*answer, expires, name->alias_name});
      Result<KeyName> resolved = ParseKeyName(*answer);
      if (resolved.ok() && name->IsAlias()) {
        InsertLocked({resolved->region, resolved->key_id}, Entry{*answer, expires, ""});
      }
    }
    flight->landed = true;
    flight->answer = answer;
  }
  flight_landed_.notify_all();
  return answer;
}

void KeyIdentityResolver::InvalidateAlias(const std::string& region,
                                          const std::string& alias_name) {
  std::lock_guard lock(mutex_);
  for (auto entry = cache_.begin(); entry != cache_.end();) {
    if (entry->first.first == region && entry->second.alias_name == alias_name) {
      entry = cache_.erase(entry);
    } else {
      ++entry;
    }
  }
  for (auto out = flights_.begin(); out != flights_.end();) {
    Result<KeyName> name = ParseKeyName(out->first.second);
    if (out->first.first == region && name.ok() && name->alias_name == alias_name) {
      out = flights_.erase(out);
    } else {
      ++out;
    }
  }
}

size_t KeyIdentityResolver::WaitingCallersForTest() const {
  std::lock_guard lock(mutex_);
  return waiting_callers_;
}

Result<std::string> KeyIdentityResolver::Describe(const std::string& region,
                                                  const std::string& name) {
  const std::string context = fmt::format("resolving KMS key \"{}\" in {}", name, region);
  Result<aws::kms::Client*> kms = pool_.Kms(region);
  if (!kms.ok()) return kms.status().WithContext(context);
  aws::AwsResult<aws::kms::KeyMetadata> key = (*kms)->DescribeKey(name);
  if (key.IsError("NotFoundException")) {
    return Status(Code::kNotFound,
                  fmt::format("{}: KMS has no such key or alias; create it or name another key "
                              "({})",
                              context, key.status().message()));
  }
  if (!key.ok()) return key.status().WithContext(context);
  if (!key->arn || key->arn->empty()) {
    return Status(Code::kInternal, fmt::format("{}: DescribeKey answered no Arn", context));
  }
  return *key->arn;
}

void KeyIdentityResolver::InsertLocked(const CacheKey& key, Entry entry) {
  if (cache_.size() >= options_.max_entries) {
    const Clock::TimePoint now = clock_.Now();
    for (auto old = cache_.begin(); old != cache_.end();) {
      old = now < old->second.expires ? std::next(old) : cache_.erase(old);
    }
  }
  cache_.insert_or_assign(key, std::move(entry));
}

}  // namespace tk::services::kms
