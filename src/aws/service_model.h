// ServiceModel: what a service client must know about an AWS service to
// call it, taken from the metadata of its model in
// ../shared/reference/aws-api-models/<service>/service-2.json (a unit test
// checks these constants against the files).
//
//   service      protocol   target prefix / API version   signing name
//   DynamoDB     JSON 1.0   DynamoDB_20120810             dynamodb
//   KMS          JSON 1.1   TrentService                  kms
//   STS          query      2011-06-15                    sts
#pragma once

#include <string_view>

namespace tk::aws {

enum class Protocol {
  kJson,   // awsJson1_0 / awsJson1_1: POST /, X-Amz-Target, JSON in and out
  kQuery,  // awsQuery: POST / with a form body, XML out
};

struct ServiceModel {
  // The endpoint prefix: the host's first label, the SigV4 signing name, the
  // AWS_ENDPOINT_URL_<SERVICE> suffix and the name in metrics and messages.
  std::string_view endpoint_prefix;
  Protocol protocol = Protocol::kJson;
  // JSON protocol: the X-Amz-Target prefix and the content type's version.
  std::string_view target_prefix;
  std::string_view json_version;
  // Query protocol: the Version parameter.
  std::string_view api_version;
};

inline constexpr ServiceModel kDynamoDbModel{"dynamodb", Protocol::kJson, "DynamoDB_20120810",
                                             "1.0", "2012-08-10"};
inline constexpr ServiceModel kKmsModel{"kms", Protocol::kJson, "TrentService", "1.1",
                                        "2014-11-01"};
inline constexpr ServiceModel kStsModel{"sts", Protocol::kQuery, "", "", "2011-06-15"};

}  // namespace tk::aws
