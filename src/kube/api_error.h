// API errors: how an answer of the API server that is not 2xx becomes a
// tk::Status, in one table.
//
//   HTTP                               Code
//   400, 405, 406, 413, 415, 422       kInvalidArgument
//   401                                kUnauthenticated
//   403                                kPermissionDenied
//   404                                kNotFound
//   409 reason AlreadyExists           kAlreadyExists
//   409 otherwise                      kConflict (stale resourceVersion, failed precondition)
//   410                                kFailedPrecondition; IsGone() tells it apart
//   429                                kThrottled
//   5xx                                kUnavailable
//   anything else                      kInternal
//
// The message is the server's own Status `message` followed by a suffix that
// this layer owns, e.g.
//   configmaps "x" not found (GET /api/v1/namespaces/ns/configmaps/x: HTTP 404 NotFound)
// ApiErrorOf() reads the HTTP status and reason back from it, also after
// Status::WithContext() prefixed it. The path in the suffix has no query.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/http_client.h"
#include "util/status.h"

namespace tk::kube {

struct ApiErrorInfo {
  int http_status = 0;
  std::string reason;  // the Status reason ("NotFound", "Expired", ...)
};

// The code for an HTTP status, per the table above.
Code CodeForHttpStatus(int http_status, std::string_view reason);

// The Status for a non-2xx `response` to `method` on `path` (no query).
// Reads a JSON Status body when there is one, else quotes the start of the
// body.
Status ApiErrorStatus(std::string_view method, std::string_view path, const http::Response& response);

// The HTTP status and reason of a Status made by ApiErrorStatus; nullopt for
// any other Status (an OK one, a transport error).
std::optional<ApiErrorInfo> ApiErrorOf(const Status& status);

// 410 Gone: a resourceVersion or continue token too old to serve; list again
// from the start.
bool IsGone(const Status& status);

}  // namespace tk::kube
