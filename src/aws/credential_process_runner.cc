#include "aws/credential_process_runner.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

extern char** environ;

namespace tk::aws {
namespace {

using Steady = std::chrono::steady_clock;

// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { Close(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

int ExitCodeOf(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

void KillAndReap(pid_t pid) {
  ::kill(-pid, SIGKILL);
  int ignored = 0;
  while (::waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace

Result<CredentialProcessOutput> RunCredentialProcess(const std::string& command,
                                                     const CredentialProcessLimits& limits) {
  std::array<int, 2> out_pipe{};
  if (::pipe2(out_pipe.data(), O_CLOEXEC) != 0) {
    return Status(Code::kUnavailable,
                  fmt::format("cannot start the command: pipe: {}", std::strerror(errno)));
  }
  Fd out_read(out_pipe[0]);
  Fd out_write(out_pipe[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), STDOUT_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);  // own group, killed as one
  posix_spawnattr_setpgroup(&attributes, 0);

  std::string shell = "/bin/sh";
  std::string flag = "-c";
  std::string text = command;
  std::vector<char*> argv{shell.data(), flag.data(), text.data(), nullptr};
  pid_t pid = 0;
  const int spawn_error =
      ::posix_spawn(&pid, shell.c_str(), &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  out_write.Close();
  if (spawn_error != 0) {
    return Status(Code::kUnavailable,
                  fmt::format("cannot start /bin/sh: {}", std::strerror(spawn_error)));
  }

  CredentialProcessOutput output;
  const Steady::time_point deadline = Steady::now() + limits.timeout;
  bool timed_out = false;
  bool too_long = false;
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Steady::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd fd{out_read.get(), POLLIN, 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) break;
    if (ready == 0) continue;
    std::array<char, 4096> buffer{};
    const ssize_t count = ::read(out_read.get(), buffer.data(), buffer.size());
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) break;  // end of output
    output.stdout_text.append(buffer.data(), static_cast<size_t>(count));
    if (output.stdout_text.size() > limits.max_output) {
      too_long = true;
      break;
    }
  }
  if (timed_out || too_long) {
    KillAndReap(pid);
    if (too_long) {
      return Status(Code::kInvalidArgument,
                    fmt::format("the command printed more than {} bytes", limits.max_output));
    }
    return Status(Code::kUnavailable, fmt::format("the command did not finish within {} ms and "
                                                  "was killed",
                                                  limits.timeout.count()));
  }

  // Output is closed; the process may still be running (a child kept the
  // pipe closed but lives on): wait for it within the same deadline.
  int wait_status = 0;
  while (true) {
    const pid_t done = ::waitpid(pid, &wait_status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) {
      return Status(Code::kUnavailable,
                    fmt::format("cannot wait for the command: {}", std::strerror(errno)));
    }
    if (Steady::now() >= deadline) {
      KillAndReap(pid);
      return Status(Code::kUnavailable, fmt::format("the command did not finish within {} ms "
                                                    "and was killed",
                                                    limits.timeout.count()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  output.exit_code = ExitCodeOf(wait_status);
  return output;
}

}  // namespace tk::aws
