#include "aws/sigv4_signer.h"

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "aws/canonical_request.h"
#include "aws/crypto.h"
#include "aws/uri_encoding.h"

namespace tk::aws {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kTokenHeader = "X-Amz-Security-Token";
constexpr std::chrono::seconds kMaxExpires = std::chrono::days(7);

// Query parameters the query form adds; a request must not bring its own.
constexpr std::array<std::string_view, 7> kSigningParams = {
    "X-Amz-Algorithm",     "X-Amz-Credential", "X-Amz-Date",          "X-Amz-Expires",
    "X-Amz-SignedHeaders", "X-Amz-Signature",  "X-Amz-Security-Token"};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  auto lower = [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  };
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// "20150830T123600Z": the ISO 8601 basic form, in UTC, that SigV4 uses.
std::string FormatAmzDate(std::chrono::system_clock::time_point time) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  const auto day = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day date(day);
  const std::chrono::hh_mm_ss clock(seconds - day);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     clock.hours().count(), clock.minutes().count(), clock.seconds().count());
}

Status CheckCredentials(const Credentials& credentials) {
  if (credentials.access_key_id.empty()) {
    return Status(Code::kInvalidArgument,
                  "credentials have an empty access key id; check the credential source");
  }
  if (credentials.secret_access_key.empty()) {
    return Status(Code::kInvalidArgument,
                  "credentials have an empty secret access key; check the credential source");
  }
  return OkStatus();
}

Status CheckRequest(const HttpRequest& request, const std::vector<QueryParam>& query,
                    const SigningOptions& options) {
  if (request.method.empty()) {
    return Status(Code::kInvalidArgument, "request has no method; set one such as GET or POST");
  }
  bool has_host = false;
  for (const HttpHeader& header : request.headers) {
    has_host = has_host || EqualsIgnoreCase(header.name, "host");
    const bool reserved = EqualsIgnoreCase(header.name, "authorization") ||
                          EqualsIgnoreCase(header.name, "x-amz-date") ||
                          EqualsIgnoreCase(header.name, kTokenHeader) ||
                          (options.add_content_sha256_header &&
                           EqualsIgnoreCase(header.name, "x-amz-content-sha256"));
    if (reserved) {
      return Status(Code::kInvalidArgument,
                    fmt::format("request already has a {} header; the signer adds it, so sign "
                                "the request before adding it",
                                header.name));
    }
  }
  if (!has_host) {
    return Status(Code::kInvalidArgument,
                  "request has no Host header; SigV4 signs it, so set it to the endpoint's host");
  }
  if (options.location != SignatureLocation::kQueryString) return OkStatus();
  for (const QueryParam& param : query) {
    for (std::string_view name : kSigningParams) {
      if (param.name == name) {
        return Status(Code::kInvalidArgument,
                      fmt::format("request query already has {}; the signer adds it, so "
                                  "pre-sign the URL before adding it",
                                  name));
      }
    }
  }
  return OkStatus();
}

// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
// Intermediate keys are wiped once used.
Result<Sha256Digest> DeriveSigningKey(std::string_view secret, std::string_view date,
                                      std::string_view region, std::string_view service) {
  std::string seed;
  seed.reserve(4 + secret.size());
  seed.append("AWS4").append(secret);
  Result<Sha256Digest> key = HmacSha256(std::as_bytes(std::span(seed)), date);
  SecureWipe(std::as_writable_bytes(std::span(seed)));
  for (std::string_view part : {region, service, std::string_view("aws4_request")}) {
    if (!key.ok()) return key;
    Sha256Digest previous = *key;
    key = HmacSha256(std::as_bytes(std::span(previous)), part);
    SecureWipe(std::as_writable_bytes(std::span(previous)));
  }
  return key;
}

Result<std::string> ComputeSignature(std::string_view secret, std::string_view date,
                                     std::string_view region, std::string_view service,
                                     std::string_view string_to_sign) {
  Result<Sha256Digest> key = DeriveSigningKey(secret, date, region, service);
  if (!key.ok()) return key.status();
  Result<Sha256Digest> tag = HmacSha256(std::as_bytes(std::span(*key)), string_to_sign);
  SecureWipe(std::as_writable_bytes(std::span(*key)));
  if (!tag.ok()) return tag.status();
  return HexEncode(*tag);
}

// "n=v&n=v" with names and values encoded, in the order given.
std::string JoinQuery(const std::vector<QueryParam>& params) {
  std::string query;
  for (const QueryParam& param : params) {
    if (!query.empty()) query += '&';
    query += fmt::format("{}={}", UriEncode(param.name, Slash::kEncode),
                         UriEncode(param.value, Slash::kEncode));
  }
  return query;
}

// "20150830/us-east-1/service/aws4_request".
std::string CredentialScope(std::string_view amz_date, std::string_view region,
                            std::string_view service) {
  return fmt::format("{}/{}/{}/aws4_request", amz_date.substr(0, 8), region, service);
}

// Everything one Sign() call needs, checked.
struct SigningContext {
  const HttpRequest& request;
  const Credentials& credentials;
  const SigningOptions& options;
  std::string_view region;
  std::string_view service;
  std::string amz_date;      // "20150830T123600Z"
  std::string scope;         // "20150830/us-east-1/service/aws4_request"
  std::string payload_hash;  // hex SHA-256 of the body, or options.payload_hash

  std::string_view Date() const { return std::string_view(amz_date).substr(0, 8); }
  std::string Credential() const {
    return fmt::format("{}/{}", credentials.access_key_id, scope);
  }
  bool HasToken() const { return !credentials.session_token.empty(); }
  bool SignsToken() const { return HasToken() && options.sign_session_token; }
};

// The artifacts common to both forms: canonical request, string to sign, signature.
Result<SigningResult> SignCanonicalRequest(const SigningContext& context,
                                           std::span<const QueryParam> query,
                                           const CanonicalHeaders& headers) {
  const SigningOptions& options = context.options;
  SigningResult result;
  result.canonical_request = fmt::format(
      "{}\n{}\n{}\n{}\n{}\n{}", context.request.method,
      CanonicalUri(context.request.path, options.normalize_path, options.double_encode_path),
      CanonicalQueryString(query), headers.block, headers.signed_headers, context.payload_hash);
  Result<std::string> request_hash = Sha256Hex(result.canonical_request);
  if (!request_hash.ok()) return request_hash.status();
  result.string_to_sign =
      fmt::format("{}\n{}\n{}\n{}", kAlgorithm, context.amz_date, context.scope, *request_hash);
  Result<std::string> signature =
      ComputeSignature(context.credentials.secret_access_key, context.Date(), context.region,
                       context.service, result.string_to_sign);
  if (!signature.ok()) return signature.status();
  result.signature = *signature;
  return result;
}

Result<SigningResult> SignInHeaders(const SigningContext& context,
                                    const std::vector<QueryParam>& query) {
  // Ours, in the order they go out; all but an unsigned token are signed too.
  HttpHeaders added;
  if (context.HasToken()) {
    added.push_back({std::string(kTokenHeader), context.credentials.session_token});
  }
  added.push_back({"X-Amz-Date", context.amz_date});
  if (context.options.add_content_sha256_header) {
    added.push_back({"x-amz-content-sha256", context.payload_hash});
  }
  HttpHeaders to_sign = context.request.headers;
  for (const HttpHeader& header : added) {
    if (header.name != kTokenHeader || context.SignsToken()) to_sign.push_back(header);
  }
  Result<CanonicalHeaders> headers = CanonicalizeHeaders(to_sign);
  if (!headers.ok()) return headers.status();

  Result<SigningResult> result = SignCanonicalRequest(context, query, *headers);
  if (!result.ok()) return result;
  added.push_back({"Authorization",
                   fmt::format("{} Credential={}, SignedHeaders={}, Signature={}", kAlgorithm,
                               context.Credential(), headers->signed_headers,
                               result->signature)});
  result->headers = std::move(added);
  return result;
}

Result<SigningResult> SignInQuery(const SigningContext& context, std::vector<QueryParam> query) {
  Result<CanonicalHeaders> headers = CanonicalizeHeaders(context.request.headers);
  if (!headers.ok()) return headers.status();

  // Ours, in the order they go out; all but an unsigned token and the
  // signature itself are signed too.
  std::vector<QueryParam> added = {
      {"X-Amz-Algorithm", std::string(kAlgorithm)},
      {"X-Amz-Credential", context.Credential()},
      {"X-Amz-Date", context.amz_date},
      {"X-Amz-SignedHeaders", headers->signed_headers},
      {"X-Amz-Expires", std::to_string(context.options.expires.count())}};
  const QueryParam token{std::string(kTokenHeader), context.credentials.session_token};
  if (context.SignsToken()) added.push_back(token);
  query.insert(query.end(), added.begin(), added.end());

  Result<SigningResult> result = SignCanonicalRequest(context, query, *headers);
  if (!result.ok()) return result;
  if (context.HasToken() && !context.SignsToken()) added.push_back(token);
  added.push_back({"X-Amz-Signature", result->signature});
  result->query = JoinQuery(added);
  return result;
}

}  // namespace

void SigningResult::ApplyTo(HttpRequest& request) const {
  request.headers.insert(request.headers.end(), headers.begin(), headers.end());
  if (query.empty()) return;
  if (!request.query.empty()) request.query += '&';
  request.query += query;
}

Result<SigV4Signer> SigV4Signer::Create(std::string region, std::string service,
                                        SigningOptions options) {
  if (region.empty() || region.find('/') != std::string::npos) {
    return Status(Code::kInvalidArgument,
                  fmt::format("signing region \"{}\" is not a region name such as us-east-1",
                              region));
  }
  if (service.empty() || service.find('/') != std::string::npos) {
    return Status(Code::kInvalidArgument,
                  fmt::format("signing service \"{}\" is not a service name such as dynamodb",
                              service));
  }
  if (options.expires < std::chrono::seconds(1) || options.expires > kMaxExpires) {
    return Status(Code::kInvalidArgument,
                  fmt::format("pre-signed URL expiry of {}s is outside 1s to {}s",
                              options.expires.count(), kMaxExpires.count()));
  }
  return SigV4Signer(std::move(region), std::move(service), std::move(options));
}

SigV4Signer::SigV4Signer(std::string region, std::string service, SigningOptions options)
    : region_(std::move(region)), service_(std::move(service)), options_(std::move(options)) {}

Result<SigningResult> SigV4Signer::Sign(const HttpRequest& request, const Credentials& credentials,
                                        std::chrono::system_clock::time_point time) const {
  std::vector<QueryParam> query = ParseQuery(request.query);
  if (Status status = CheckCredentials(credentials); !status.ok()) return status;
  if (Status status = CheckRequest(request, query, options_); !status.ok()) return status;
  Result<std::string> payload_hash = options_.payload_hash
                                         ? Result<std::string>(*options_.payload_hash)
                                         : Sha256Hex(request.body);
  if (!payload_hash.ok()) return payload_hash.status();

  std::string amz_date = FormatAmzDate(time);
  std::string scope = CredentialScope(amz_date, region_, service_);
  const SigningContext context{.request = request,
                               .credentials = credentials,
                               .options = options_,
                               .region = region_,
                               .service = service_,
                               .amz_date = std::move(amz_date),
                               .scope = std::move(scope),
                               .payload_hash = std::move(payload_hash).value()};
  if (options_.location == SignatureLocation::kQueryString) {
    return SignInQuery(context, std::move(query));
  }
  return SignInHeaders(context, query);
}

}  // namespace tk::aws
