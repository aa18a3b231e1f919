// SigV4Signer: signs HTTP requests with AWS Signature Version 4.
//
// One signer serves one region and service (e.g. "us-east-1" and "dynamodb")
// and is reused for every request to it. Sign() reads the request, the
// credentials and a signing time the caller supplies (the signer never reads a
// clock), and returns what to add to the request plus every intermediate
// artifact, so tests can check each step against AWS's published vectors:
//
//   Result<SigV4Signer> signer = SigV4Signer::Create("us-east-1", "dynamodb");
//   Result<SigningResult> signing = signer->Sign(request, credentials, clock.WallNow());
//   if (!signing.ok()) return signing.status();
//   signing->ApplyTo(request);
//
// Secrets: error messages name the field at fault but never contain the secret
// access key or the session token. The session token does travel in the added
// header or query parameter and in the canonical request, so neither a
// SigningResult nor a signed request may be logged whole.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "aws/credentials.h"
#include "aws/http_request.h"
#include "util/status.h"

namespace tk::aws {

enum class SignatureLocation {
  kHeaders,      // Authorization and X-Amz-* headers: the form for API calls
  kQueryString,  // X-Amz-* query parameters: a pre-signed URL
};

struct SigningOptions {
  // Where the signature goes. Default: kHeaders.
  SignatureLocation location = SignatureLocation::kHeaders;
  // How long a pre-signed URL stays valid, from 1 second to 7 days. Used only
  // with kQueryString. Default: 1 hour.
  std::chrono::seconds expires{3600};
  // Resolve "." and ".." and drop empty path segments before signing. Every
  // service but S3 expects this. Default: true.
  bool normalize_path = true;
  // Percent-encode the (already encoded) wire path a second time. Every service
  // but S3 expects this. Default: true.
  bool double_encode_path = true;
  // Add and sign an x-amz-content-sha256 header holding the payload hash, as S3
  // requires. Used only with kHeaders. Default: false.
  bool add_content_sha256_header = false;
  // Include the session token in the signature. When false the token is still
  // added to the request, but after signing, as a few services require.
  // Default: true.
  bool sign_session_token = true;
  // The payload hash to sign, e.g. "UNSIGNED-PAYLOAD". Default: the lower-case
  // hex SHA-256 of the request body.
  std::optional<std::string> payload_hash;
};

struct SigningResult {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;  // 64 lower-case hex characters

  // kHeaders: the headers to append, in this order: X-Amz-Security-Token (when
  // the credentials have a token), X-Amz-Date, x-amz-content-sha256 (when
  // asked for), Authorization. Empty for kQueryString.
  HttpHeaders headers;
  // kQueryString: the encoded parameters to append, in this order:
  // X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders,
  // X-Amz-Expires, X-Amz-Security-Token (when the credentials have a token),
  // X-Amz-Signature. Empty for kHeaders.
  std::string query;

  // Appends `headers` to request.headers and `query` to request.query (after
  // an '&' when the query is not empty).
  void ApplyTo(HttpRequest& request) const;
};

class SigV4Signer {
 public:
  // A signer for `service` in `region`. Fails with kInvalidArgument when either
  // is empty or holds a '/', or when options.expires is outside 1 s to 7 days.
  static Result<SigV4Signer> Create(std::string region, std::string service,
                                    SigningOptions options = {});

  // Signs `request` as of `time`. `request` is not modified; apply the result
  // with SigningResult::ApplyTo.
  //
  // Fails with kInvalidArgument when the access key id or secret is empty, the
  // request has no Host header or a header with an empty name, or the request
  // already carries signing fields (an Authorization, X-Amz-Date or
  // X-Amz-Security-Token header, or with kQueryString an X-Amz-Algorithm,
  // -Credential, -Date, -Expires, -SignedHeaders, -Signature or -Security-Token
  // query parameter). Fails with kInternal when libcrypto does.
  //
  // Thread-safe: the signer is immutable.
  Result<SigningResult> Sign(const HttpRequest& request, const Credentials& credentials,
                             std::chrono::system_clock::time_point time) const;

 private:
  SigV4Signer(std::string region, std::string service, SigningOptions options);

  std::string region_;
  std::string service_;
  SigningOptions options_;
};

}  // namespace tk::aws
