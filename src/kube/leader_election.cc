#include "kube/leader_election.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace tk::kube {
namespace {

// How often a wait looks at the clock and the stop flag.
constexpr std::chrono::milliseconds kWaitSlice{50};

Status Invalid(std::string_view field, std::string_view problem) {
  return Status(Code::kInvalidArgument, fmt::format("leader election: {}: {}", field, problem));
}

std::string RandomUuid() {
  std::random_device random;
  std::array<uint8_t, 16> bytes{};
  for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(random() & 0xffu);
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0fu) | 0x40u);  // version 4
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3fu) | 0x80u);  // RFC 4122 variant
  std::string text;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += fmt::format("{:02x}", bytes[i]);
  }
  return text;
}

}  // namespace

std::string DefaultLeaderIdentity() {
  std::array<char, 256> host{};
  std::string hostname = "localhost";
  if (gethostname(host.data(), host.size() - 1) == 0 && host[0] != '\0') hostname = host.data();
  return hostname + "_" + RandomUuid();
}

Result<std::unique_ptr<LeaderElector>> LeaderElector::New(RestClient& client, LeaderElectionConfig config,
                                                          Clock& clock) {
  using std::chrono::milliseconds;
  if (config.lease_namespace.empty()) return Invalid("lease_namespace", "is required");
  if (config.lease_name.empty()) return Invalid("lease_name", "is required");
  if (config.lease_duration < std::chrono::seconds(1)) {
    return Invalid("lease_duration", fmt::format("{} ms is less than 1 s", config.lease_duration.count()));
  }
  if (config.retry_period <= milliseconds(0)) return Invalid("retry_period", "must be positive");
  if (config.acquire_jitter < 0) return Invalid("acquire_jitter", "must not be negative");
  if (config.renew_deadline >= config.lease_duration) {
    return Invalid("renew_deadline", fmt::format("{} ms must be less than lease_duration ({} ms)",
                                                 config.renew_deadline.count(),
                                                 config.lease_duration.count()));
  }
  if (static_cast<double>(config.renew_deadline.count()) <=
      1.2 * static_cast<double>(config.retry_period.count())) {
    return Invalid("renew_deadline", fmt::format("{} ms must be more than 1.2 times retry_period ({} ms)",
                                                 config.renew_deadline.count(),
                                                 config.retry_period.count()));
  }
  if (config.request_timeout < milliseconds(0)) return Invalid("request_timeout", "must not be negative");
  if (config.request_timeout == milliseconds(0)) config.request_timeout = config.renew_deadline / 2;
  if (config.identity.empty()) config.identity = DefaultLeaderIdentity();
  if (!config.log) {
    config.log = [](std::string_view message) {
      std::fprintf(stderr, "%.*s\n", static_cast<int>(message.size()), message.data());
    };
  }
  return std::unique_ptr<LeaderElector>(new LeaderElector(client, std::move(config), clock));
}

LeaderElector::LeaderElector(RestClient& client, LeaderElectionConfig config, Clock& clock)
    : config_(std::move(config)),
      clock_(clock),
      lock_(client, config_.lease_namespace, config_.lease_name, config_.request_timeout),
      state_(lock_, config_.identity, config_.lease_duration, clock),
      random_(std::random_device{}()) {}

LeaderElector::~LeaderElector() { Stop(); }

void LeaderElector::Start() {
  std::lock_guard join(join_mutex_);
  {
    std::lock_guard lock(mutex_);
    if (started_ || stopping_) return;
    started_ = true;
  }
  thread_ = std::thread([this] { Run(); });
}

void LeaderElector::Stop() {
  bool from_callback = false;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    from_callback = run_thread_ == std::this_thread::get_id();
  }
  wake_.notify_all();
  if (from_callback) return;
  std::lock_guard join(join_mutex_);
  if (thread_.joinable()) thread_.join();
}

bool LeaderElector::IsLeader() const {
  std::lock_guard lock(mutex_);
  return leading_;
}

std::string LeaderElector::Leader() const {
  std::lock_guard lock(mutex_);
  return leader_;
}

Status LeaderElector::LastError() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

LeaderElector::Stats LeaderElector::GetStats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void LeaderElector::Log(std::string_view message) const {
  config_.log(fmt::format("leader election: lease {}: {}", lock_.Describe(), message));
}

bool LeaderElector::Wait(Clock::Duration duration) {
  const Clock::TimePoint deadline = clock_.Now() + duration;
  std::unique_lock lock(mutex_);
  ++waits_;
  waiting_.notify_all();
  while (!stopping_) {
    const Clock::TimePoint now = clock_.Now();
    if (now >= deadline) return true;
    wake_.wait_for(lock, std::min<Clock::Duration>(deadline - now, kWaitSlice));
  }
  return false;
}

bool LeaderElector::AwaitWaitsForTest(uint64_t count, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return waiting_.wait_for(lock, timeout, [&] { return waits_ >= count; });
}

Clock::Duration LeaderElector::AcquireWait() {
  std::uniform_real_distribution<double> factor(0.0, config_.acquire_jitter);
  const double scale = 1.0 + (config_.acquire_jitter > 0 ? factor(random_) : 0.0);
  return std::chrono::duration_cast<Clock::Duration>(
      std::chrono::duration<double, std::milli>(static_cast<double>(config_.retry_period.count()) * scale));
}

LeaderElectionAttempt LeaderElector::Attempt(std::optional<Clock::TimePoint> deadline) {
  LeaderElectionAttempt attempt = state_.TryAcquireOrRenew(deadline);
  const std::string holder = state_.ObservedHolder();
  {
    std::lock_guard lock(mutex_);
    ++stats_.attempts;
    if (!attempt.error.ok()) ++stats_.failed_attempts;
    last_error_ = attempt.error;
    leader_ = holder;
  }
  // A lost race (409) is how contention looks, not a fault: not logged.
  const Code code = attempt.error.code();
  if (code != Code::kOk && code != Code::kConflict && code != Code::kAlreadyExists) {
    const std::string error = attempt.error.ToString();
    if (error != last_logged_error_) {
      // The error names the lease already.
      config_.log(fmt::format("leader election: {} failed: {}", state_.IsLeader() ? "renewal" : "acquisition",
                              error));
      last_logged_error_ = error;
    }
  } else if (code == Code::kOk && !last_logged_error_.empty()) {
    Log("the lease can be read and written again");
    last_logged_error_.clear();
  }
  if (!holder.empty() && holder != reported_leader_) {
    reported_leader_ = holder;
    Log(fmt::format("held by {}", holder));
    if (config_.callbacks.on_new_leader) config_.callbacks.on_new_leader(holder);
  }
  return attempt;
}

void LeaderElector::Run() {
  {
    std::lock_guard lock(mutex_);
    run_thread_ = std::this_thread::get_id();
  }
  // Stand until we hold the lease. A renewal counts from when its attempt
  // began: the renewTime written is no later than that.
  Clock::TimePoint last_renewal = clock_.Now();
  while (!Attempt().leading) {
    if (!Wait(AcquireWait())) return;
    last_renewal = clock_.Now();
  }
  {
    std::lock_guard lock(mutex_);
    leading_ = !stopping_;
  }
  if (IsLeader()) {
    Log(fmt::format("{} became the leader", config_.identity));
    if (config_.callbacks.on_started_leading) config_.callbacks.on_started_leading();

    // Renew until stopped or lost. A renewal must succeed within
    // renew_deadline of the last one; no request runs past that.
    Status last_error;
    std::string lost;
    const auto deadline_passed = [&] {
      return fmt::format(
          "no renewal succeeded for {} ms (renew deadline {} ms); last error: {}",
          std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now() - last_renewal).count(),
          config_.renew_deadline.count(), last_error.ok() ? "none" : last_error.ToString());
    };
    while (Wait(config_.retry_period)) {
      const Clock::TimePoint deadline = last_renewal + config_.renew_deadline;
      if (clock_.Now() >= deadline) {
        lost = deadline_passed();
        break;
      }
      const Clock::TimePoint attempt_start = clock_.Now();
      const LeaderElectionAttempt attempt = Attempt(deadline);
      if (attempt.leading) {
        last_renewal = attempt_start;
        last_error = OkStatus();
        continue;
      }
      if (attempt.error.ok()) {
        lost = fmt::format("the lease is held by {}", state_.ObservedHolder());
        break;
      }
      last_error = attempt.error;
      if (clock_.Now() >= deadline) {
        lost = deadline_passed();
        break;
      }
    }
    if (!lost.empty()) {
      {
        std::lock_guard lock(mutex_);
        leading_ = false;
      }
      Log(fmt::format("{} lost the leadership: {}", config_.identity, lost));
      if (config_.callbacks.on_stopped_leading) config_.callbacks.on_stopped_leading();
      return;
    }
  }

  // Stopped while holding the lease.
  if (config_.release_on_cancel) {
    const Status released = state_.Release();
    if (released.ok()) {
      Log(fmt::format("{} released the lease", config_.identity));
    } else {
      Log(fmt::format("{} could not release the lease: {}", config_.identity, released.ToString()));
    }
  }
  std::lock_guard lock(mutex_);
  leading_ = false;
}

}  // namespace tk::kube
