#include "api/crd_command.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "api/crd_yaml.h"
#include "api/crds.h"
#include "api_test_support.h"

namespace tk::api {
namespace {

// A fresh folder, removed with its content at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tk-api-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Redirects std::cout into a string while alive.
class CaptureStdout {
 public:
  CaptureStdout() : old_(std::cout.rdbuf(buffer_.rdbuf())) {}
  ~CaptureStdout() { std::cout.rdbuf(old_); }
  CaptureStdout(const CaptureStdout&) = delete;
  CaptureStdout& operator=(const CaptureStdout&) = delete;
  std::string text() const { return buffer_.str(); }

 private:
  std::ostringstream buffer_;
  std::streambuf* old_;
};

TEST(CrdCommandTest, PrintsEveryCrdAsOneStream) {
  std::ostringstream out;
  ASSERT_TRUE(PrintCrds(out).ok());
  EXPECT_EQ(out.str(), CrdStreamYaml(AllCrds()));
  std::vector<YAML::Node> docs = YAML::LoadAll(out.str());
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0]["metadata"]["name"].as<std::string>(), "tables.dynamodb.services.k8s.aws");
  EXPECT_EQ(docs[1]["metadata"]["name"].as<std::string>(), "aliases.kms.services.k8s.aws");
  EXPECT_EQ(docs[2]["metadata"]["name"].as<std::string>(), "keys.kms.services.k8s.aws");
}

TEST(CrdCommandTest, WritesOneFilePerCrdNamedLikeAcks) {
  ScratchDir scratch;
  const std::filesystem::path dir = scratch.path() / "new" / "crds";
  Result<std::vector<std::filesystem::path>> written = WriteCrdFiles(dir);
  ASSERT_TRUE(written.ok()) << written.status().message();
  ASSERT_EQ(written->size(), 3u);
  for (const CustomResourceDefinition& crd : AllCrds()) {
    const std::filesystem::path path = dir / crd.FileName();
    EXPECT_EQ(testing::ReadFile(path), CrdStreamYaml({crd})) << path;
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(entry.path().extension(), ".yaml") << entry.path() << " left behind";
  }
}

TEST(CrdCommandTest, ReportsAFolderItCannotCreate) {
  ScratchDir scratch;
  const std::filesystem::path file = scratch.path() / "a-file";
  { std::ofstream(file) << "x"; }
  Result<std::vector<std::filesystem::path>> written = WriteCrdFiles(file / "crds");
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.status().message().find("--output-dir"), std::string::npos)
      << written.status().message();
}

TEST(CrdCommandTest, SubcommandPrintsToStdout) {
  CLI::App app;
  AddCrdsCommand(app);
  CaptureStdout capture;
  app.parse("crds", false);
  EXPECT_EQ(capture.text(), CrdStreamYaml(AllCrds()));
}

TEST(CrdCommandTest, SubcommandWritesFilesWithOutputDir) {
  ScratchDir scratch;
  CLI::App app;
  AddCrdsCommand(app);
  CaptureStdout capture;
  app.parse("crds --output-dir " + scratch.path().string(), false);
  EXPECT_NE(capture.text().find("kms.services.k8s.aws_keys.yaml"), std::string::npos);
  for (const CustomResourceDefinition& crd : AllCrds()) {
    EXPECT_TRUE(std::filesystem::exists(scratch.path() / crd.FileName())) << crd.FileName();
  }
}

TEST(CrdCommandTest, SubcommandFailsWithExitStatusOne) {
  ScratchDir scratch;
  const std::filesystem::path file = scratch.path() / "a-file";
  { std::ofstream(file) << "x"; }
  CLI::App app;
  AddCrdsCommand(app);
  try {
    app.parse("crds --output-dir " + (file / "crds").string(), false);
    FAIL() << "expected a CLI::RuntimeError";
  } catch (const CLI::RuntimeError& error) {
    EXPECT_EQ(error.get_exit_code(), 1);
  }
}

}  // namespace
}  // namespace tk::api
