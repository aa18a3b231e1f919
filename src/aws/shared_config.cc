#include "aws/shared_config.h"

#include <fmt/format.h>

#include <utility>

#include "aws/credential_file.h"

namespace tk::aws {
namespace {

// Parses the file at `path` into `file`; a missing file (or no path) is
// empty and leaves *found false.
Status LoadFile(const std::string& path, SharedFileKind kind, SharedFile* file, bool* found) {
  *found = false;
  if (path.empty()) return OkStatus();
  Result<std::string> text = ReadCredentialFile(path);
  if (!text.ok()) {
    if (text.status().code() == Code::kNotFound) return OkStatus();
    return text.status();
  }
  *found = true;
  Result<SharedFile> parsed = ParseSharedFile(*text, kind, path);
  if (!parsed.ok()) return parsed.status();
  *file = std::move(*parsed);
  return OkStatus();
}

}  // namespace

SharedConfigPaths SharedConfigPathsFrom(const EnvLookup& env) {
  SharedConfigPaths paths;
  const std::optional<std::string> home = HomeDirectory(env);
  if (const auto config = NonEmptyEnv(env, "AWS_CONFIG_FILE")) {
    paths.config_file = ExpandHome(env, *config);
  } else if (home) {
    paths.config_file = *home + "/.aws/config";
  }
  if (const auto credentials = NonEmptyEnv(env, "AWS_SHARED_CREDENTIALS_FILE")) {
    paths.credentials_file = ExpandHome(env, *credentials);
  } else if (home) {
    paths.credentials_file = *home + "/.aws/credentials";
  }
  return paths;
}

std::string SelectedProfile(const EnvLookup& env, bool* explicitly) {
  const std::optional<std::string> profile = NonEmptyEnv(env, "AWS_PROFILE");
  if (explicitly != nullptr) *explicitly = profile.has_value();
  return profile.value_or("default");
}

Result<SharedConfig> SharedConfig::Load(const SharedConfigPaths& paths) {
  SharedConfig config;
  config.paths_ = paths;
  SharedFile config_file;
  SharedFile credentials_file;
  Status status = LoadFile(paths.config_file, SharedFileKind::kConfig, &config_file,
                           &config.config_file_found_);
  if (!status.ok()) return status;
  status = LoadFile(paths.credentials_file, SharedFileKind::kCredentials, &credentials_file,
                    &config.credentials_file_found_);
  if (!status.ok()) return status;
  for (auto& [name, section] : config_file.profiles) {
    config.profiles_[name] = std::move(section.properties);
  }
  for (auto& [name, section] : credentials_file.profiles) {
    std::map<std::string, std::string>& merged = config.profiles_[name];
    for (auto& [key, value] : section.properties) merged[key] = std::move(value);
  }
  return config;
}

const std::map<std::string, std::string>* SharedConfig::Find(const std::string& profile) const {
  auto found = profiles_.find(profile);
  return found == profiles_.end() ? nullptr : &found->second;
}

std::string SharedConfig::DescribeFiles() const {
  const auto describe = [](const std::string& path, bool found) {
    if (path.empty()) return std::string("(no path: $HOME is not set)");
    return found ? path : path + " (absent)";
  };
  return fmt::format("{} and {}", describe(paths_.config_file, config_file_found_),
                     describe(paths_.credentials_file, credentials_file_found_));
}

std::optional<std::string> ProfileValue(const std::map<std::string, std::string>& profile,
                                        const std::string& name) {
  auto found = profile.find(name);
  if (found == profile.end() || found->second.empty()) return std::nullopt;
  return found->second;
}

}  // namespace tk::aws
