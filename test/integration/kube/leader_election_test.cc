// Leader election against the test world's real kube-apiserver, as the
// controller identity (whose RBAC allows leases get/create/update in
// tablekeeper-system only), with short durations (3 s lease, 2 s renew
// deadline, 0.5 s retry):
//   - two electors: exactly one leads; a clean stop hands over at once;
//   - a leader killed with SIGKILL (a forked child process, so nothing of it
//     can release or renew: what a crashed pod looks like): the other takes
//     over after about the lease duration;
//   - a lease outside tablekeeper-system: a permission error, retried at the
//     retry period, never leading.
// The Lease is read back as admin and with kubectl.
#include "kube/leader_election.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <random>
#include <thread>

#include "kube_world.h"

namespace tk::kube {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using ::testing::HasSubstr;
using Steady = std::chrono::steady_clock;

constexpr char kLeaseNamespace[] = "tablekeeper-system";

std::string RandomSuffix() {
  std::random_device random;
  return fmt::format("{:08x}", random());
}

// Polls `condition` every 20 ms for at most `timeout`.
bool Eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = Steady::now() + timeout;
  while (!condition()) {
    if (Steady::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

double SecondsSince(Steady::time_point start) {
  return std::chrono::duration<double>(Steady::now() - start).count();
}

class LeaderElectionIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lease_name_ = "tk-le-" + RandomSuffix();
    admin_ = std::make_unique<RestClient>(testing::AdminConfig());
    controller_config_ = testing::ControllerConfig();
    RestClient controller(controller_config_);
    ASSERT_EQ(testing::WhoAmI(controller), "tablekeeper");
  }
  void TearDown() override {
    electors_.clear();
    if (child_ > 0) {
      kill(child_, SIGKILL);
      waitpid(child_, nullptr, 0);
    }
    (void)admin_->Delete(Lease());
  }

  ResourcePath Lease(const std::string& ns = kLeaseNamespace) const { return {kLeases, ns, lease_name_, ""}; }

  LeaderElectionConfig Config(const std::string& identity) {
    LeaderElectionConfig config;
    config.lease_namespace = kLeaseNamespace;
    config.lease_name = lease_name_;
    config.identity = identity;
    config.lease_duration = 3s;
    config.renew_deadline = 2s;
    config.retry_period = 500ms;
    config.log = [this, identity](std::string_view line) {
      std::lock_guard lock(mutex_);
      log_.push_back(identity + ": " + std::string(line));
      std::fprintf(stderr, "%s: %.*s\n", identity.c_str(), static_cast<int>(line.size()), line.data());
    };
    return config;
  }

  // Starts an elector as the controller, on a RestClient of its own (as a
  // separate replica would have).
  LeaderElector& StartElector(LeaderElectionConfig config) {
    clients_.push_back(std::make_unique<RestClient>(controller_config_));
    Result<LeaderElectorPtr> elector = LeaderElector::New(*clients_.back(), std::move(config));
    EXPECT_TRUE(elector.ok()) << elector.status().ToString();
    electors_.push_back(std::move(elector).value());
    electors_.back()->Start();
    return *electors_.back();
  }

  // The Lease's spec as admin reads it; {} when it cannot be read (yet).
  json LeaseSpec() {
    Result<json> lease = admin_->Get(Lease());
    if (!lease.ok() || !lease->contains("spec") || !(*lease)["spec"].is_object()) return json::object();
    return (*lease)["spec"];
  }

  std::vector<std::string> Log() {
    std::lock_guard lock(mutex_);
    return log_;
  }

  std::string lease_name_;
  std::unique_ptr<RestClient> admin_;
  RestConfig controller_config_;
  std::vector<std::unique_ptr<RestClient>> clients_;
  std::vector<LeaderElectorPtr> electors_;  // before clients_ in destruction
  pid_t child_ = -1;
  std::mutex mutex_;
  std::vector<std::string> log_;
};

TEST_F(LeaderElectionIntegrationTest, OneOfTwoLeadsAndACleanStopHandsOverAtOnce) {
  const std::string suffix = RandomSuffix();
  std::atomic<int> a_started{0}, b_started{0}, stopped{0};
  LeaderElectionConfig a_config = Config("a-" + suffix);
  a_config.callbacks.on_started_leading = [&] { ++a_started; };
  a_config.callbacks.on_stopped_leading = [&] { ++stopped; };
  LeaderElectionConfig b_config = Config("b-" + suffix);
  b_config.callbacks.on_started_leading = [&] { ++b_started; };
  b_config.callbacks.on_stopped_leading = [&] { ++stopped; };
  LeaderElector& a = StartElector(a_config);
  LeaderElector& b = StartElector(b_config);

  ASSERT_TRUE(Eventually([&] { return a.IsLeader() || b.IsLeader(); }, 10s));
  // For 2 s (four renewals), exactly one leads.
  const auto watch_until = Steady::now() + 2s;
  while (Steady::now() < watch_until) {
    ASSERT_NE(a.IsLeader(), b.IsLeader()) << "a leads: " << a.IsLeader() << ", b leads: " << b.IsLeader();
    std::this_thread::sleep_for(20ms);
  }
  LeaderElector& leader = a.IsLeader() ? a : b;
  LeaderElector& follower = a.IsLeader() ? b : a;
  EXPECT_EQ(a_started + b_started, 1);
  EXPECT_EQ(follower.Leader(), leader.identity());

  json spec = LeaseSpec();
  EXPECT_EQ(spec.value("holderIdentity", ""), leader.identity()) << spec.dump();
  EXPECT_EQ(spec.value("leaseDurationSeconds", 0), 3);
  EXPECT_EQ(spec.value("leaseTransitions", -1), 0);

  const auto stop_start = Steady::now();
  leader.Stop();
  ASSERT_TRUE(Eventually([&] { return follower.IsLeader(); }, 10s));
  const double handover = SecondsSince(stop_start);
  EXPECT_LT(handover, 2.5) << "a released lease is taken on the next attempt, well before the 3 s duration";
  std::fprintf(stderr, "clean handover took %.2f s\n", handover);

  spec = LeaseSpec();
  EXPECT_EQ(spec.value("holderIdentity", ""), follower.identity()) << spec.dump();
  EXPECT_EQ(spec.value("leaseTransitions", -1), 1);
  EXPECT_EQ(stopped, 0) << "a clean stop is not a lost leadership";

  const testing::CommandResult kubectl = testing::Kubectl(
      {"-n", kLeaseNamespace, "get", "lease", lease_name_, "-o",
       "jsonpath={.spec.holderIdentity} {.spec.leaseTransitions} {.spec.leaseDurationSeconds}"});
  EXPECT_EQ(kubectl.exit_code, 0) << kubectl.output;
  EXPECT_EQ(kubectl.output, follower.identity() + " 1 3");
}

TEST_F(LeaderElectionIntegrationTest, AKilledLeaderIsReplacedAfterAboutTheLeaseDuration) {
  const std::string doomed = "killed-" + RandomSuffix();
  const std::string heir = "heir-" + RandomSuffix();
  const LeaderElectionConfig child_config = Config(doomed);
  const RestConfig rest_config = controller_config_;

  // The child starts no gtest machinery: it stands for election and waits to
  // be killed (or gives up after 60 s, so it can never outlive a broken test).
  child_ = fork();
  ASSERT_GE(child_, 0) << "fork failed";
  if (child_ == 0) {
    RestClient client(rest_config);
    Result<LeaderElectorPtr> elector = LeaderElector::New(client, child_config);
    if (!elector.ok()) _exit(3);
    (*elector)->Start();
    std::this_thread::sleep_for(60s);
    _exit(0);
  }

  ASSERT_TRUE(Eventually([&] { return LeaseSpec().value("holderIdentity", "") == doomed; }, 15s))
      << "the child never took the lease: " << LeaseSpec().dump();
  std::atomic<int> started{0};
  LeaderElectionConfig heir_config = Config(heir);
  heir_config.callbacks.on_started_leading = [&] { ++started; };
  LeaderElector& successor = StartElector(heir_config);
  ASSERT_TRUE(Eventually([&] { return successor.Leader() == doomed; }, 10s));
  std::this_thread::sleep_for(1500ms);  // the child keeps renewing; the heir keeps waiting
  ASSERT_FALSE(successor.IsLeader());
  ASSERT_EQ(LeaseSpec().value("holderIdentity", ""), doomed);

  ASSERT_EQ(kill(child_, SIGKILL), 0);
  const auto killed = Steady::now();
  int status = 0;
  ASSERT_EQ(waitpid(child_, &status, 0), child_);
  child_ = -1;
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child status " << status;

  ASSERT_TRUE(Eventually([&] { return successor.IsLeader(); }, 15s));
  const double takeover = SecondsSince(killed);
  std::fprintf(stderr, "takeover after SIGKILL took %.2f s (lease duration 3 s)\n", takeover);
  // The child's last renewal was at most one retry period (0.5 s) before the
  // kill; the heir waits 3 s from when it saw that renewal, plus at most one
  // jittered retry (1.1 s) and the request.
  EXPECT_GE(takeover, 2.0);
  EXPECT_LE(takeover, 7.0);
  EXPECT_TRUE(Eventually([&] { return started == 1; }, 5s));  // called right after IsLeader turns true

  const json spec = LeaseSpec();
  EXPECT_EQ(spec.value("holderIdentity", ""), heir) << spec.dump();
  EXPECT_EQ(spec.value("leaseTransitions", -1), 1);
  const testing::CommandResult kubectl = testing::Kubectl(
      {"-n", kLeaseNamespace, "get", "lease", lease_name_, "-o",
       "jsonpath={.spec.holderIdentity} {.spec.leaseTransitions}"});
  EXPECT_EQ(kubectl.output, heir + " 1");
}

TEST_F(LeaderElectionIntegrationTest, ALeaseOutsideTheAllowedNamespaceIsAPermissionErrorNotASpin) {
  LeaderElectionConfig config = Config("outsider-" + RandomSuffix());
  config.lease_namespace = "default";
  std::atomic<int> started{0};
  config.callbacks.on_started_leading = [&] { ++started; };
  LeaderElector& elector = StartElector(config);

  ASSERT_TRUE(Eventually([&] { return elector.GetStats().attempts >= 1; }, 10s));
  const auto first = Steady::now();
  std::this_thread::sleep_for(3s);
  const LeaderElector::Stats stats = elector.GetStats();
  // At least 0.5 s between attempts (with jitter up to 1.1 s): at most 7 in 3 s.
  EXPECT_GE(stats.attempts, 3u);
  EXPECT_LE(stats.attempts, 8u) << "attempts in " << SecondsSince(first) << " s";
  EXPECT_EQ(stats.failed_attempts, stats.attempts);
  const Status error = elector.LastError();
  EXPECT_EQ(error.code(), Code::kPermissionDenied) << error.ToString();
  EXPECT_THAT(error.message(), HasSubstr("lease default/" + lease_name_));
  EXPECT_THAT(error.message(), HasSubstr("forbidden"));
  EXPECT_FALSE(elector.IsLeader());
  EXPECT_EQ(started, 0);

  const std::vector<std::string> log = Log();
  EXPECT_EQ(std::count_if(log.begin(), log.end(),
                          [](const std::string& l) { return l.find("acquisition failed") != std::string::npos; }),
            1)
      << "the same error is logged once";
  EXPECT_EQ(admin_->Get(Lease("default")).status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace tk::kube
