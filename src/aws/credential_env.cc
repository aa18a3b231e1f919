#include "aws/credential_env.h"

#include <cstdlib>
#include <memory>
#include <utility>

namespace tk::aws {

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

EnvLookup EnvironmentFromMap(std::map<std::string, std::string> variables) {
  auto shared = std::make_shared<const std::map<std::string, std::string>>(std::move(variables));
  return [shared](const std::string& name) -> std::optional<std::string> {
    auto found = shared->find(name);
    if (found == shared->end()) return std::nullopt;
    return found->second;
  };
}

std::optional<std::string> NonEmptyEnv(const EnvLookup& env, const std::string& name) {
  std::optional<std::string> value = env(name);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

std::optional<std::string> HomeDirectory(const EnvLookup& env) { return NonEmptyEnv(env, "HOME"); }

std::string ExpandHome(const EnvLookup& env, const std::string& path) {
  if (path != "~" && path.rfind("~/", 0) != 0) return path;
  const std::optional<std::string> home = HomeDirectory(env);
  if (!home) return path;
  return *home + path.substr(1);
}

}  // namespace tk::aws
