// deploy/crds/ must hold exactly what src/api generates: one file per CRD,
// byte for byte, and nothing else. To regenerate after changing a
// definition, run `tablekeeper crds --output-dir deploy/crds`, or this test
// with TK_UPDATE_CRDS=1 in the environment.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "api/crd_command.h"
#include "api/crd_yaml.h"
#include "api/crds.h"
#include "api_test_support.h"

namespace tk::api {
namespace {

constexpr char kHowToFix[] =
    "regenerate with `tablekeeper crds --output-dir deploy/crds` (or run api_test with "
    "TK_UPDATE_CRDS=1) and commit the result";

std::filesystem::path DeployDir() { return testing::SourceDir() / "deploy" / "crds"; }

TEST(DeployCrdsTest, CommittedFilesMatchTheDefinitions) {
  const char* update = std::getenv("TK_UPDATE_CRDS");
  if (update != nullptr && std::string(update) == "1") {
    Result<std::vector<std::filesystem::path>> written = WriteCrdFiles(DeployDir());
    ASSERT_TRUE(written.ok()) << written.status().message();
  }
  for (const CustomResourceDefinition& crd : AllCrds()) {
    const std::filesystem::path path = DeployDir() / crd.FileName();
    ASSERT_TRUE(std::filesystem::exists(path)) << path << " is missing: " << kHowToFix;
    EXPECT_TRUE(testing::ReadFile(path) == CrdStreamYaml({crd}))
        << path << " differs from what src/api generates: " << kHowToFix;
  }
}

TEST(DeployCrdsTest, HoldsNoOtherFiles) {
  std::set<std::string> expected;
  for (const CustomResourceDefinition& crd : AllCrds()) expected.insert(crd.FileName());
  ASSERT_TRUE(std::filesystem::is_directory(DeployDir())) << DeployDir();
  for (const auto& entry : std::filesystem::directory_iterator(DeployDir())) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(expected.count(name) == 1 || name == "README.md")
        << "deploy/crds/" << name << " is no CRD src/api generates: remove it";
  }
}

}  // namespace
}  // namespace tk::api
