// The API server crashes and comes back while an informer runs.
//
// How, honestly: the test kills the test world's kube-apiserver (SIGKILL, the
// pid from $TESTENV_DIR/kube/pids/kube-apiserver.pid) and starts it again
// with the very command line it ran with (read from /proc/<pid>/cmdline), so
// it comes back on the same port, against the same etcd, with the same
// certificates; the pid file is rewritten so that testenv/down.sh stops the
// new process. testenv/kube/start.sh is not used for this: it picks new
// ports and wipes etcd, which is a new cluster, not a restart.
//
// What it shows:
// - while the server is down, the informer reports every failed reconnect
//   and backs off (no tight loop);
// - a restarted server's watch cache starts at etcd's current version, so a
//   watch from the informer's older version gets 410 Gone: the informer
//   re-lists, and delivers the net changes made while it was cut off
//   (updates, deletes with the last state it knew, adds, a re-created
//   object as a delete and an add), and nothing for what did not change.
//   To be sure the changes happen while the informer is cut off (and not
//   after it has reconnected), it talks to the server through a proxy the
//   test holds cut from before the restart until after the changes.
//
// The test stops the whole test world's API server for a few seconds: run
// it with nothing else using the world (CTest runs tests one at a time). If
// anything fails midway, the server is started again before the test ends.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "informer_test_support.h"
#include "kube/informer.h"
#include "kube_world.h"
#include "watch_proxy.h"

namespace tk::kube {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using namespace std::chrono_literals;
using testing::CacheState;
using testing::RecordingHandler;
using testing::ServerState;
using testing::TestInformerOptions;
using testing::WaitUntil;

bool ProcessGone(pid_t pid) {
  if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
  // A zombie (killed, not yet reaped) holds no port any more.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const size_t close = text.rfind(')');
  return close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'Z';
}

// The test world's kube-apiserver process, as testenv/lib/common.sh records it.
class ApiServerProcess {
 public:
  ApiServerProcess()
      : pid_file_(testing::WorldEnv("TESTENV_DIR") + "/kube/pids/kube-apiserver.pid"),
        log_file_(testing::WorldEnv("TESTENV_DIR") + "/kube/kube-apiserver.log") {
    std::ifstream in(pid_file_);
    in >> pid_ >> program_;
    std::ifstream cmdline("/proc/" + std::to_string(pid_) + "/cmdline");
    std::string argument;
    while (std::getline(cmdline, argument, '\0')) argv_.push_back(argument);
  }
  ~ApiServerProcess() {
    if (killed_) (void)Start();  // never leave the world without its API server
  }

  // What was read; empty when the world does not look as expected.
  bool ok() const { return pid_ > 0 && !argv_.empty() && argv_[0] == program_; }
  std::string Describe() const { return fmt::format("pid {} program {} ({})", pid_, program_, pid_file_); }

  // SIGKILL, and wait until it is gone.
  bool Kill() {
    if (::kill(pid_, SIGKILL) != 0) return false;
    killed_ = true;
    return WaitUntil([&] { return ProcessGone(pid_); }, 30s);
  }

  // The same command line again, detached as start_daemon does, its output
  // appended to the world's log; then waits for /readyz.
  bool Start() {
    const int log = ::open(log_file_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (log < 0 || null < 0) return false;
    std::vector<char*> args;
    for (std::string& argument : argv_) args.push_back(argument.data());
    args.push_back(nullptr);
    // A session of its own, as setsid in start_daemon; none of the test's
    // descriptors (its sockets, the proxy's) go with it.
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_t actions;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, null, 0);
    posix_spawn_file_actions_adddup2(&actions, log, 1);
    posix_spawn_file_actions_adddup2(&actions, log, 2);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    pid_t child = -1;
    const int spawned = ::posix_spawn(&child, args[0], &actions, &attributes, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(log);
    ::close(null);
    if (spawned != 0) return false;
    pid_ = child;
    killed_ = false;
    std::ofstream(pid_file_) << pid_ << ' ' << program_ << '\n';
    return WaitUntil(
        [&] {
          if (ProcessGone(pid_)) return true;  // exited: fail below
          return testing::Kubectl({"get", "--raw", "/readyz"}, 10s).exit_code == 0;
        },
        120s) &&
           !ProcessGone(pid_);
  }

 private:
  const std::string pid_file_;
  const std::string log_file_;
  pid_t pid_ = 0;
  std::string program_;
  std::vector<std::string> argv_;
  bool killed_ = false;
};

class InformerRestartIntegrationTest : public testing::NamespaceTest {
 protected:
  void Patch(const std::string& name, const json& data) {
    Result<json> patched = admin_->Patch(ConfigMap(name), PatchType::kMerge, {{"data", data}});
    ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  }
  void Delete(const std::string& name) {
    Result<json> deleted = admin_->Delete(ConfigMap(name));
    ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  }
};

TEST_F(InformerRestartIntegrationTest, AfterTheServerRestartsItRelistsAndDeliversTheNetChanges) {
  ApiServerProcess apiserver;
  ASSERT_TRUE(apiserver.ok()) << "unexpected test world: " << apiserver.Describe();
  const std::string url = testing::WorldEnv("TESTENV_KUBE_APISERVER");
  testing::WatchProxy proxy(std::stoi(url.substr(url.rfind(':') + 1)));
  RestConfig through_proxy = testing::AdminConfig();
  through_proxy.host = proxy.url();
  RestClient client(std::move(through_proxy));

  CreateConfigMap("kept", {{"v", "1"}});
  CreateConfigMap("changed", {{"v", "1"}});
  CreateConfigMap("removed", {{"v", "1"}});
  CreateConfigMap("reborn", {{"v", "1"}});
  auto recorder = std::make_shared<RecordingHandler>();
  std::mutex mutex;
  std::vector<std::pair<std::chrono::steady_clock::time_point, Status>> errors;
  Informer informer(client, ConfigMaps(), TestInformerOptions());
  ASSERT_TRUE(informer.AddEventHandler(recorder).ok());
  ASSERT_TRUE(informer
                  .SetErrorHandler([&](const Status& error) {
                    std::lock_guard lock(mutex);
                    errors.emplace_back(std::chrono::steady_clock::now(), error);
                  })
                  .ok());
  ASSERT_TRUE(informer.Start().ok());
  ASSERT_TRUE(informer.WaitForSync(30s)) << informer.LastError().ToString();
  const ObjectPtr kept_before = informer.Get(namespace_ + "/kept");
  const ObjectPtr removed_before = informer.Get(namespace_ + "/removed");
  const size_t before = recorder->size();
  // Some write anywhere after the informer's version, so that the restarted
  // server's watch cache starts past it (leases and the API server's own
  // writes usually do this too).
  ASSERT_TRUE(admin_
                  ->Create({testing::kSecrets, namespace_, "", ""},
                           {{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "bump"}}}})
                  .ok());

  // 1. The server dies under the informer's watch.
  ASSERT_TRUE(apiserver.Kill()) << apiserver.Describe();
  const auto killed = std::chrono::steady_clock::now();
  ASSERT_TRUE(WaitUntil(
      [&] {
        std::lock_guard lock(mutex);
        return errors.size() >= 3;
      },
      30s))
      << "the informer did not notice the server was gone";
  std::this_thread::sleep_for(3s);
  {
    // Reconnects while down: with waits of at least 100 ms, doubling to
    // 0.5-1 s, about 4 s of outage allow a dozen at most.
    std::lock_guard lock(mutex);
    size_t during_outage = 0;
    for (const auto& [when, error] : errors) {
      if (when >= killed) {
        ++during_outage;
        EXPECT_EQ(error.code(), Code::kUnavailable) << error.ToString();
      }
    }
    EXPECT_LE(during_outage, 14u);
  }

  // 2. The informer stays cut off while the server comes back and others
  // change things.
  proxy.Cut();
  ASSERT_TRUE(apiserver.Start()) << "kube-apiserver did not come back: " << apiserver.Describe();
  Patch("changed", {{"v", "2"}});
  Delete("removed");
  CreateConfigMap("added", {{"v", "1"}});
  Delete("reborn");
  CreateConfigMap("reborn", {{"v", "2"}});
  EXPECT_EQ(recorder->size(), before);
  const ReflectorStats cut_off = informer.Stats();

  // 3. Reconnected, it learns its version is gone, re-lists and converges.
  proxy.Restore();
  std::map<std::string, std::string> server;
  ASSERT_TRUE(WaitUntil(
      [&] {
        server = ServerState(*admin_, ConfigMaps());
        return CacheState(informer) == server;
      },
      60s))
      << "cache " << ::testing::PrintToString(CacheState(informer)) << " server "
      << ::testing::PrintToString(server) << "; last error " << informer.LastError().ToString();

  // The re-list's order: deletes, then adds and updates, each in key order.
  EXPECT_THAT(recorder->lines(before),
              ElementsAre("delete reborn", "delete removed", "add added", "update changed", "add reborn"));
  const auto deliveries = recorder->deliveries(before);
  ASSERT_EQ(deliveries.size(), 5u);
  EXPECT_EQ(deliveries[1].old_object, removed_before);  // the last state it knew
  EXPECT_EQ((*deliveries[3].old_object)["data"]["v"], "1");
  EXPECT_EQ((*deliveries[3].new_object)["data"]["v"], "2");
  EXPECT_EQ((*deliveries[4].new_object)["data"]["v"], "2");
  EXPECT_EQ(informer.Get(namespace_ + "/kept"), kept_before);  // untouched, not even replaced
  const ReflectorStats stats = informer.Stats();
  std::printf("informer after the restart: %llu lists, %llu watches, %llu times 410 Gone, %llu failures reported\n",
              static_cast<unsigned long long>(stats.lists), static_cast<unsigned long long>(stats.watches),
              static_cast<unsigned long long>(stats.gone), static_cast<unsigned long long>(stats.errors));
  EXPECT_GE(stats.gone, 1u) << "expected 410 Gone from the restarted server";
  EXPECT_EQ(stats.lists, cut_off.lists + 1);
  EXPECT_EQ(recorder->size(), before + 5);
}

}  // namespace
}  // namespace tk::kube
