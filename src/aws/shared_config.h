// SharedConfig: the profiles of the AWS shared config and credentials files,
// merged as the SDKs merge them.
//
// Where the files are: AWS_CONFIG_FILE (default ~/.aws/config) and
// AWS_SHARED_CREDENTIALS_FILE (default ~/.aws/credentials); a leading "~/" in
// either variable means $HOME. Which profile: AWS_PROFILE, default "default".
//
// A profile is the union of its section in both files; for a property set in
// both, the credentials file wins (so its aws_access_key_id and
// aws_secret_access_key override the config file's). A missing file counts as
// empty; an unreadable or malformed one is an error.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "aws/credential_env.h"
#include "aws/shared_config_parser.h"
#include "util/status.h"

namespace tk::aws {

struct SharedConfigPaths {
  // Empty when the variable is unset and there is no $HOME to default from.
  std::string config_file;
  std::string credentials_file;
};

// The file paths `env` names (see above).
SharedConfigPaths SharedConfigPathsFrom(const EnvLookup& env);

// The profile `env` selects: AWS_PROFILE, or "default". `explicitly` is set
// to whether AWS_PROFILE named it.
std::string SelectedProfile(const EnvLookup& env, bool* explicitly = nullptr);

class SharedConfig {
 public:
  // Reads and merges both files. Errors: kInvalidArgument for a malformed
  // file (file and line named) or one that cannot be read, kPermissionDenied
  // when access is refused.
  static Result<SharedConfig> Load(const SharedConfigPaths& paths);

  // The merged properties of `profile`, or null when neither file has it.
  const std::map<std::string, std::string>* Find(const std::string& profile) const;

  const SharedConfigPaths& paths() const { return paths_; }
  // Whether each file existed.
  bool config_file_found() const { return config_file_found_; }
  bool credentials_file_found() const { return credentials_file_found_; }

  // "~/.aws/config or ~/.aws/credentials"-style text naming both files, for
  // messages.
  std::string DescribeFiles() const;

 private:
  SharedConfigPaths paths_;
  bool config_file_found_ = false;
  bool credentials_file_found_ = false;
  std::map<std::string, std::map<std::string, std::string>> profiles_;
};

// The value of `name` in `profile`, or nullopt when absent or empty.
std::optional<std::string> ProfileValue(const std::map<std::string, std::string>& profile,
                                        const std::string& name);

}  // namespace tk::aws
