// Credentials: what proves who we are to the API server, and the providers
// that produce them (fixed values, a token file, an exec plugin in
// exec_credential_provider.h).
//
// The RestClient asks its provider for credentials before every request and,
// when the server answers 401, tells the provider which credentials were
// rejected and retries once if the provider may now have others.
//
// Credentials are secrets: no provider puts a token or key in a Status
// message or a log line.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "util/status.h"

namespace tk::kube {

struct Credentials {
  std::string bearer_token;     // sent as "Authorization: Bearer ..."; empty: none
  std::string client_cert_pem;  // TLS client certificate and its key; empty: none
  std::string client_key_pem;

  bool operator==(const Credentials&) const = default;
};

class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;

  // The credentials to send now. May block (an exec plugin runs). Errors have
  // code kUnauthenticated and name the source (file, plugin, kubeconfig user).
  // Thread-safe.
  virtual Result<Credentials> Get() = 0;

  // The server answered 401 to `rejected`. Returns true when Get() may now
  // return different credentials, so that one retry is worth it. Thread-safe.
  virtual bool Invalidate(const Credentials& rejected) = 0;
};

using CredentialProviderPtr = std::shared_ptr<CredentialProvider>;

// Fixed credentials, e.g. a kubeconfig `token` or client certificate.
// Invalidate returns false: there is nothing else to try.
class StaticCredentialProvider final : public CredentialProvider {
 public:
  explicit StaticCredentialProvider(Credentials credentials) : credentials_(std::move(credentials)) {}

  Result<Credentials> Get() override { return credentials_; }
  bool Invalidate(const Credentials&) override { return false; }

 private:
  const Credentials credentials_;
};

// A bearer token read from a file (kubeconfig `tokenFile`, the in-cluster
// service-account token). The file is read again when it changes (inode,
// size or modification time; projected tokens rotate by swapping a symlink)
// and after a 401. If a re-read fails, the last token read is kept, as
// client-go does; the first read must succeed. Leading and trailing
// whitespace is stripped. `base` supplies a client certificate to send along.
class TokenFileCredentialProvider final : public CredentialProvider {
 public:
  // `source` names the field for messages, e.g. `kubeconfig user "ci"
  // tokenFile`.
  TokenFileCredentialProvider(std::string path, std::string source, Credentials base = {});

  Result<Credentials> Get() override;
  bool Invalidate(const Credentials& rejected) override;

 private:
  struct FileVersion {
    unsigned long inode = 0;
    long size = -1;
    long mtime_ns = -1;
    bool operator==(const FileVersion&) const = default;
  };

  // Re-reads the file if `force` or it changed. Holds mutex_.
  Status RefreshLocked(bool force);

  const std::string path_;
  const std::string source_;
  const Credentials base_;
  std::mutex mutex_;
  std::string token_;    // guarded by mutex_; empty until the first good read
  FileVersion version_;  // guarded by mutex_; of the file token_ came from
};

}  // namespace tk::kube
