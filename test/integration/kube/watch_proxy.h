// WatchProxy: a TCP forwarder on loopback between a client and the real
// kube-apiserver, which a test can cut: every open connection is closed at
// once, and new ones are accepted and closed until the test restores it.
// That is what a client sees when a load balancer in front of the API
// server drops it, or when the network between them fails, while the server
// itself keeps running and other clients keep changing objects. TLS passes
// through untouched (the world's server certificate names 127.0.0.1, which
// the proxy listens on too).
//
// A scripted fake could not do this honestly: the bytes are the real
// server's, the resourceVersions are etcd's, and what the client resumes
// from is whatever the real server still has.
#pragma once

#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace tk::kube::testing {

class WatchProxy {
 public:
  // Forwards 127.0.0.1:port() to 127.0.0.1:target_port. Aborts the test
  // binary if it cannot listen (nothing to test without it).
  explicit WatchProxy(int target_port);
  ~WatchProxy();
  WatchProxy(const WatchProxy&) = delete;
  WatchProxy& operator=(const WatchProxy&) = delete;

  int port() const { return port_; }
  // "https://127.0.0.1:<port>", for a RestConfig's host.
  std::string url() const;

  // Closes every open connection; until Restore, connections are accepted
  // and closed at once.
  void Cut();
  void Restore();
  // Connections forwarded so far.
  int connections() const { return connections_; }

 private:
  struct Connection {
    int client_fd = -1;
    int server_fd = -1;
    std::thread pump;
  };

  void AcceptLoop();
  // Copies bytes both ways until either side closes or the proxy stops.
  void Pump(int client_fd, int server_fd);
  void CloseAll();

  const int target_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> cut_{false};
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::list<Connection> open_;  // guarded by mutex_
  std::thread acceptor_;
};

}  // namespace tk::kube::testing
