#include "kube/subprocess.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "temp_dir.h"

namespace tk::kube {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

ProcessSpec Shell(const std::string& script) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.timeout = std::chrono::seconds(20);
  return spec;
}

TEST(RunProcessTest, CollectsStdoutStderrAndTheExitCode) {
  Result<ProcessOutput> output = RunProcess(Shell("echo out; echo err >&2; exit 3"));
  ASSERT_TRUE(output.ok()) << output.status().ToString();
  EXPECT_EQ(output->exit_code, 3);
  EXPECT_EQ(output->stdout_text, "out\n");
  EXPECT_EQ(output->stderr_text, "err\n");
}

TEST(RunProcessTest, PassesArgumentsAndAddsEnvironment) {
  ProcessSpec spec = Shell("printf '%s|%s|%s' \"$1\" \"$TK_EXTRA\" \"$PATH\"");
  spec.argv.push_back("name");
  spec.argv.push_back("first arg");
  spec.env = {{"TK_EXTRA", "extra value"}, {"PATH", "/replaced"}};
  Result<ProcessOutput> output = RunProcess(spec);
  ASSERT_TRUE(output.ok()) << output.status().ToString();
  EXPECT_EQ(output->stdout_text, "first arg|extra value|/replaced");
}

TEST(RunProcessTest, FindsProgramsOnPathAndGivesAnEmptyStdin) {
  ProcessSpec spec;
  spec.argv = {"cat"};
  Result<ProcessOutput> output = RunProcess(spec);
  ASSERT_TRUE(output.ok()) << output.status().ToString();
  EXPECT_EQ(output->exit_code, 0);
  EXPECT_EQ(output->stdout_text, "");
}

TEST(RunProcessTest, AMissingProgramIsNotFound) {
  ProcessSpec spec;
  spec.argv = {"tk-no-such-program-anywhere"};
  Result<ProcessOutput> output = RunProcess(spec);
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), Code::kNotFound);
  EXPECT_THAT(output.status().message(), HasSubstr("tk-no-such-program-anywhere"));
}

TEST(RunProcessTest, KillsAProcessThatRunsTooLong) {
  ProcessSpec spec = Shell("sleep 30; echo late");
  spec.timeout = std::chrono::milliseconds(300);
  Result<ProcessOutput> output = RunProcess(spec);
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), Code::kUnavailable);
  EXPECT_THAT(output.status().message(), HasSubstr("did not finish within 300 ms"));
}

TEST(RunProcessTest, ReportsASignalAsExitCode) {
  Result<ProcessOutput> output = RunProcess(Shell("kill -TERM $$"));
  ASSERT_TRUE(output.ok()) << output.status().ToString();
  EXPECT_EQ(output->exit_code, 128 + 15);
}

TEST(RunProcessTest, BoundsWhatItKeeps) {
  Result<ProcessOutput> output = RunProcess(Shell("head -c 3000000 /dev/zero"));
  ASSERT_TRUE(output.ok()) << output.status().ToString();
  EXPECT_EQ(output->stdout_text.size(), kMaxProcessOutput);
}

}  // namespace
}  // namespace tk::kube
