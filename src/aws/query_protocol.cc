#include "aws/query_protocol.h"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <cstring>

#include "aws/response_excerpt.h"
#include "aws/uri_encoding.h"

namespace tk::aws {
namespace {

// The element's name without a namespace prefix ("sts:Arn" -> "Arn").
std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The first child element of `node` named `name` (ignoring namespaces).
pugi::xml_node Child(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child) == name) return child;
  }
  return {};
}

// The text of `node`: its text and CDATA children, trimmed.
std::string TextOf(const pugi::xml_node& node) {
  std::string text;
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      text += child.value();
    }
  }
  const std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  const std::size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

bool HasElementChildren(const pugi::xml_node& node) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element) return true;
  }
  return false;
}

void Flatten(const pugi::xml_node& node, const std::string& prefix,
             std::map<std::string, std::string>& fields) {
  int member = 0;
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    std::string path = prefix.empty() ? std::string(LocalName(child))
                                      : fmt::format("{}.{}", prefix, LocalName(child));
    if (LocalName(child) == "member") path += fmt::format(".{}", ++member);
    if (HasElementChildren(child)) {
      Flatten(child, path, fields);
    } else {
      fields[path] = TextOf(child);
    }
  }
}

// The first <Error> element at or below `node`, depth first: STS puts it
// under <ErrorResponse>, EC2-style services (and moto) under
// <Response><Errors>, some answers have it as the root.
pugi::xml_node FindError(const pugi::xml_node& node) {
  if (LocalName(node) == "Error") return node;
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    if (pugi::xml_node found = FindError(child)) return found;
  }
  return {};
}

bool Parse(pugi::xml_document& document, std::string_view body) {
  return static_cast<bool>(document.load_buffer(body.data(), body.size(),
                                                pugi::parse_default, pugi::encoding_utf8));
}

}  // namespace

std::string QueryRequestBody(const ServiceModel& model, std::string_view action,
                             const QueryParams& params) {
  std::string body = fmt::format("Action={}&Version={}", UriEncode(action, Slash::kEncode),
                                 UriEncode(model.api_version, Slash::kEncode));
  for (const auto& [name, value] : params) {
    body += fmt::format("&{}={}", UriEncode(name, Slash::kEncode),
                        UriEncode(value, Slash::kEncode));
  }
  return body;
}

HttpHeaders QueryRequestHeaders() { return {{"Content-Type", std::string(kQueryContentType)}}; }

std::string QueryResult::Field(std::string_view path) const {
  const auto it = fields.find(std::string(path));
  return it == fields.end() ? "" : it->second;
}

Result<QueryResult> ParseQueryResponse(std::string_view action, std::string_view body) {
  pugi::xml_document document;
  if (!Parse(document, body)) {
    return Status(Code::kInternal,
                  fmt::format("the answer to {} is not XML: {}", action, ResponseExcerpt(body)));
  }
  const pugi::xml_node root = document.document_element();
  const std::string response_name = fmt::format("{}Response", action);
  if (LocalName(root) != response_name) {
    return Status(Code::kInternal,
                  fmt::format("the answer to {} is <{}>, not <{}>", action, LocalName(root),
                              response_name));
  }
  QueryResult result;
  if (const pugi::xml_node action_result = Child(root, fmt::format("{}Result", action))) {
    Flatten(action_result, "", result.fields);
  }
  result.request_id = TextOf(Child(Child(root, "ResponseMetadata"), "RequestId"));
  return result;
}

AwsError ParseQueryError(const http::Response& response) {
  AwsError error;
  error.http_status = response.status;
  error.request_id = response.Header("x-amzn-RequestId").value_or("");
  pugi::xml_document document;
  if (!Parse(document, response.body)) {
    error.message = ResponseExcerpt(response.body);
    return error;
  }
  const pugi::xml_node root = document.document_element();
  const pugi::xml_node fault = FindError(root);
  if (!fault) {
    error.message = ResponseExcerpt(response.body);
    return error;
  }
  error.code = TextOf(Child(fault, "Code"));
  error.message = TextOf(Child(fault, "Message"));
  for (const char* name : {"RequestId", "RequestID"}) {
    if (const std::string id = TextOf(Child(root, name)); !id.empty()) error.request_id = id;
  }
  return error;
}

}  // namespace tk::aws
