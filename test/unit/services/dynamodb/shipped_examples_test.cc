// Every Table we ship in examples/ converges: planned against the table AWS
// reports after the planned writes, it gives an empty plan (DESIGN.md
// section 3, "a test asserts that for every example we ship").
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>

#include "table_test_support.h"

namespace tk::services::dynamodb {
namespace {

using nlohmann::json;
using testing::CreateAndConverge;
using testing::FakeDynamoDbTable;
using testing::Describe;
using testing::PlanFor;

// YAML to JSON for manifests: maps, lists, and scalars read as booleans,
// integers or strings (quoted scalars stay strings).
json ToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      json object = json::object();
      for (const auto& entry : node) object[entry.first.as<std::string>()] = ToJson(entry.second);
      return object;
    }
    case YAML::NodeType::Sequence: {
      json array = json::array();
      for (const auto& item : node) array.push_back(ToJson(item));
      return array;
    }
    case YAML::NodeType::Scalar: {
      const std::string text = node.Scalar();
      if (node.Tag() == "!") return text;  // quoted
      if (text == "true" || text == "false") return text == "true";
      if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) return std::stoll(text);
      return text;
    }
    default:
      return nullptr;
  }
}

TEST(ShippedExamplesTest, EveryTableConvergesToAnEmptyPlan) {
  const std::filesystem::path examples = std::filesystem::path(TK_SOURCE_DIR) / "examples";
  int tables = 0;
  for (const auto& file : std::filesystem::recursive_directory_iterator(examples)) {
    if (file.path().extension() != ".yaml") continue;
    for (const YAML::Node& document : YAML::LoadAllFromFile(file.path().string())) {
      json manifest = ToJson(document);
      if (manifest.value("kind", "") != "Table") continue;
      SCOPED_TRACE(file.path().string());
      json spec = manifest["spec"];
      if (spec.contains("sseSpecification")) {
        json& sse = spec["sseSpecification"];
        // A reference resolves to the Key's ARN, as in the runtime's copy.
        if (sse.contains("kmsMasterKeyRef")) {
          sse.erase("kmsMasterKeyRef");
          sse["kmsMasterKeyID"] = std::string(testing::kOrdersKeyArn);
        }
        // The examples name the emulator's account; the fake key directory
        // holds the same alias in its own.
        std::string key = sse.value("kmsMasterKeyID", "");
        if (auto at = key.find(":123456789012:"); at != std::string::npos) {
          sse["kmsMasterKeyID"] = key.replace(at + 1, 12, testing::kAccount);
        }
      }
      FakeDynamoDbTable table = CreateAndConverge(spec);
      const runtime::Plan plan = PlanFor(spec, table.observed());
      EXPECT_TRUE(plan.Synced()) << Describe(plan);
      ++tables;
    }
  }
  EXPECT_GE(tables, 3) << "the seed examples were not found under " << examples;
}

}  // namespace
}  // namespace tk::services::dynamodb
