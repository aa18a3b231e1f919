#include "watch_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace tk::kube::testing {
namespace {

constexpr int kPollMillis = 100;

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// Writes all of `data`; false when the peer is gone.
bool SendAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    data += sent;
    size -= static_cast<size_t>(sent);
  }
  return true;
}

}  // namespace

WatchProxy::WatchProxy(int target_port) : target_port_(target_port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address = Loopback(0);
  socklen_t length = sizeof(address);
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::perror("WatchProxy: cannot listen on 127.0.0.1");
    std::abort();
  }
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

WatchProxy::~WatchProxy() {
  stopping_ = true;
  acceptor_.join();
  CloseAll();
  ::close(listen_fd_);
}

std::string WatchProxy::url() const { return "https://127.0.0.1:" + std::to_string(port_); }

void WatchProxy::Cut() {
  cut_ = true;
  CloseAll();
}

void WatchProxy::Restore() { cut_ = false; }

void WatchProxy::CloseAll() {
  std::list<Connection> closing;
  {
    std::lock_guard lock(mutex_);
    closing.swap(open_);
  }
  for (Connection& connection : closing) {
    // Wakes the pump; the descriptors are closed only once it is done with them.
    ::shutdown(connection.client_fd, SHUT_RDWR);
    ::shutdown(connection.server_fd, SHUT_RDWR);
  }
  for (Connection& connection : closing) {
    connection.pump.join();
    ::close(connection.client_fd);
    ::close(connection.server_fd);
  }
}

void WatchProxy::AcceptLoop() {
  while (!stopping_) {
    pollfd waiting{listen_fd_, POLLIN, 0};
    if (::poll(&waiting, 1, kPollMillis) <= 0) continue;
    const int client_fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client_fd < 0) continue;
    if (cut_) {
      ::close(client_fd);
      continue;
    }
    const int server_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const sockaddr_in target = Loopback(target_port_);
    if (server_fd < 0 || ::connect(server_fd, reinterpret_cast<const sockaddr*>(&target), sizeof(target)) != 0) {
      if (server_fd >= 0) ::close(server_fd);
      ::close(client_fd);  // the server is down: the client sees its connection closed
      continue;
    }
    ++connections_;
    std::lock_guard lock(mutex_);
    Connection& connection = open_.emplace_back();
    connection.client_fd = client_fd;
    connection.server_fd = server_fd;
    connection.pump = std::thread([this, client_fd, server_fd] { Pump(client_fd, server_fd); });
  }
}

void WatchProxy::Pump(int client_fd, int server_fd) {
  char buffer[16384];
  pollfd fds[2] = {{client_fd, POLLIN, 0}, {server_fd, POLLIN, 0}};
  while (!stopping_) {
    const int ready = ::poll(fds, 2, kPollMillis);
    if (ready < 0 && errno != EINTR) return;
    if (ready <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t received = ::recv(fds[i].fd, buffer, sizeof(buffer), 0);
      if (received <= 0) {
        // One side closed: close the other's direction too, as a TCP proxy does.
        ::shutdown(fds[1 - i].fd, SHUT_RDWR);
        return;
      }
      if (!SendAll(fds[1 - i].fd, buffer, static_cast<size_t>(received))) return;
    }
  }
}

}  // namespace tk::kube::testing
