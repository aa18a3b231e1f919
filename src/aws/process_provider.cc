#include "aws/process_provider.h"

#include <fmt/format.h>

#include <utility>

#include "aws/credential_json.h"

namespace tk::aws {

ProcessProvider::ProcessProvider(std::string command, std::string profile,
                                 CredentialProcessLimits limits)
    : command_(std::move(command)), profile_(std::move(profile)), limits_(limits) {}

std::string ProcessProvider::Name() const {
  return fmt::format("credential_process of profile \"{}\"", profile_);
}

Result<ExpiringCredentials> ProcessProvider::Fetch() {
  Result<CredentialProcessOutput> output = RunCredentialProcess(command_, limits_);
  if (!output.ok()) return AsFailure(output.status().WithContext(Name()));
  if (output->exit_code != 0) {
    return Status(Code::kUnauthenticated,
                  fmt::format("{} exited with code {}; its standard error, passed through to "
                              "tablekeeper's, may say why",
                              Name(), output->exit_code));
  }
  return ParseCredentialJson(output->stdout_text, CredentialJsonFormat::kProcess, Name());
}

}  // namespace tk::aws
