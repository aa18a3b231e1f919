// The AWS query protocol (awsQuery: STS, IAM): how an action becomes a
// request and how the XML answer becomes fields or an error. XML is read with
// pugixml, never by hand.
//
// Request: POST to the endpoint's path ("/") with
//   Content-Type: application/x-www-form-urlencoded; charset=utf-8
// and the body "Action=<Action>&Version=<apiVersion>&<param>=<value>...",
// keys and values percent-encoded (RFC 3986, space as %20). Lists and
// structures are flattened by the caller into "Tags.member.1.Key"-style names,
// as the protocol defines.
//
// Answer: a 2xx body
//   <ActionResponse><ActionResult>...</ActionResult>
//     <ResponseMetadata><RequestId>...</RequestId></ResponseMetadata></ActionResponse>
// is read into QueryResult: every element under ActionResult that holds text
// becomes one field named by its path below ActionResult, parts joined by
// '.', and each <member> numbered from 1 the way requests name list items:
//   <Arn>x</Arn>                                  "Arn" = "x"
//   <Credentials><AccessKeyId>a</AccessKeyId>      "Credentials.AccessKeyId" = "a"
//   <Tags><member><Key>k</Key>                    "Tags.member.1.Key" = "k"
// Namespaces are ignored. An error answer
//   <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
// gives code, message and request id; the <Error> may also be the root or
// nested deeper (<Response><Errors><Error>...</Errors><RequestID>, the EC2
// form moto uses for its authentication errors).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/aws_error.h"
#include "aws/http_request.h"
#include "aws/service_model.h"
#include "http/http_client.h"
#include "util/status.h"

namespace tk::aws {

inline constexpr std::string_view kQueryContentType =
    "application/x-www-form-urlencoded; charset=utf-8";

// Request parameters besides Action and Version, in the order sent.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// The form body of `action` with `params`.
std::string QueryRequestBody(const ServiceModel& model, std::string_view action,
                             const QueryParams& params);

// The Content-Type header of a query request.
HttpHeaders QueryRequestHeaders();

struct QueryResult {
  std::map<std::string, std::string> fields;  // paths below <ActionResult>, see above
  std::string request_id;                     // ResponseMetadata/RequestId; may be empty

  // The field at `path`, or "" when absent.
  std::string Field(std::string_view path) const;
};

// The fields of the 2xx answer to `action`. Fails with kInternal when the body
// is not XML or its root is not <ActionResponse>.
Result<QueryResult> ParseQueryResponse(std::string_view action, std::string_view body);

// The error of a non-2xx answer (service and operation left for the caller).
// A body that is not an XML error gives an empty code and the start of the
// body as the message.
AwsError ParseQueryError(const http::Response& response);

}  // namespace tk::aws
