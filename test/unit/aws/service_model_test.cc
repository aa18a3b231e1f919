// The service constants against the AWS models they come from.
#include "aws/service_model.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace tk::aws {
namespace {

nlohmann::json ModelMetadata(const std::string& service) {
  const char* shared = std::getenv("TK_SHARED_DIR");
  const std::filesystem::path path =
      std::filesystem::path(shared != nullptr ? shared : TK_DEFAULT_SHARED_DIR) / "reference" /
      "aws-api-models" / service / "service-2.json";
  std::ifstream in(path);
  EXPECT_TRUE(in) << path << " is missing; set TK_SHARED_DIR to the shared directory";
  if (!in) return nlohmann::json::object();
  return nlohmann::json::parse(in).at("metadata");
}

void ExpectMatches(const ServiceModel& model, const std::string& directory) {
  SCOPED_TRACE(directory);
  const nlohmann::json metadata = ModelMetadata(directory);
  ASSERT_FALSE(metadata.empty());
  const auto text = [&](const char* name) { return metadata.at(name).get<std::string>(); };
  EXPECT_EQ(text("endpointPrefix"), model.endpoint_prefix);
  EXPECT_EQ(text("apiVersion"), model.api_version);
  EXPECT_EQ(text("protocol"), model.protocol == Protocol::kJson ? "json" : "query");
  if (model.protocol == Protocol::kJson) {
    EXPECT_EQ(text("targetPrefix"), model.target_prefix);
    EXPECT_EQ(text("jsonVersion"), model.json_version);
  }
}

TEST(ServiceModelTest, ConstantsMatchTheAwsModels) {
  ExpectMatches(kDynamoDbModel, "dynamodb");
  ExpectMatches(kKmsModel, "kms");
  ExpectMatches(kStsModel, "sts");
}

}  // namespace
}  // namespace tk::aws
