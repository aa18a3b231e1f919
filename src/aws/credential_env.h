// EnvLookup: how src/aws reads environment variables (credential providers,
// endpoint and region resolution), so tests can hand them a map instead of
// changing the process environment.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace tk::aws {

// The value of a variable, or nullopt when it is not set. Must be safe to
// call from several threads at once.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Reads the process environment (getenv).
EnvLookup ProcessEnvironment();

// Reads `variables` only; for tests and for callers that build their own.
EnvLookup EnvironmentFromMap(std::map<std::string, std::string> variables);

// The variable's value, or nullopt when it is unset or empty: the SDKs treat
// an empty variable as not set.
std::optional<std::string> NonEmptyEnv(const EnvLookup& env, const std::string& name);

// The home folder: $HOME, or nullopt when it is unset or empty.
std::optional<std::string> HomeDirectory(const EnvLookup& env);

// `path` with a leading "~/" (or a lone "~") replaced by the home folder; the
// same path when it has no such prefix or there is no home folder.
std::string ExpandHome(const EnvLookup& env, const std::string& path);

}  // namespace tk::aws
