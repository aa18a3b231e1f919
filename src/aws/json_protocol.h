// The AWS JSON protocols (awsJson1_0 for DynamoDB, awsJson1_1 for KMS): how an
// operation becomes a request and how an answer becomes a value or an error.
//
// Request: POST to the endpoint's path ("/"), with
//   X-Amz-Target: <targetPrefix>.<Operation>      e.g. DynamoDB_20120810.DescribeTable
//   Content-Type: application/x-amz-json-<jsonVersion>
// and the input as a JSON object ("{}" when there is none).
//
// Answer: 2xx carries the output object (an empty body is "{}"). Any other
// status is an error. Its code comes from, in order: the x-amzn-ErrorType
// header, the body's "code", the body's "__type". Whatever the source, only
// the name is kept: a namespace before '#' and anything after ':' go
// ("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException" and
// "ResourceNotFoundException:http://internal.amazon.com/" both give
// "ResourceNotFoundException"). The message is the body's "message" or
// "Message". The request id is the x-amzn-RequestId header.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "aws/aws_error.h"
#include "aws/http_request.h"
#include "aws/service_model.h"
#include "http/http_client.h"
#include "util/status.h"

namespace tk::aws {

// "application/x-amz-json-1.0" for json_version "1.0".
std::string JsonContentType(const ServiceModel& model);

// The X-Amz-Target and Content-Type headers of `operation`.
HttpHeaders JsonRequestHeaders(const ServiceModel& model, std::string_view operation);

// The body for `input`: an object, or null for no input ("{}"). Fails with
// kInvalidArgument for any other JSON value, or text that is not UTF-8.
Result<std::string> JsonRequestBody(const nlohmann::json& input);

// The output of a 2xx answer: an object; an empty body or "null" (what moto
// answers for operations without output) is the empty object. Fails with
// kInternal for any other body.
Result<nlohmann::json> ParseJsonOutput(std::string_view body);

// The error of a non-2xx answer: code, message, HTTP status and request id
// (service and operation are left for the caller). A body that is not JSON
// gives an empty code and the start of the body as the message.
AwsError ParseJsonError(const http::Response& response);

// "Code" from "namespace#Code", "Code:http://..." or "Code".
std::string SanitizeErrorCode(std::string_view raw);

}  // namespace tk::aws
