// Parsing the AWS shared config file (~/.aws/config) and shared credentials
// file (~/.aws/credentials).
//
// Written by hand: no INI library packaged for Debian follows the AWS format
// (the "profile " prefix rule, indented sub-properties, continuation lines,
// comment rules), so this small parser follows the format as the AWS SDKs
// document it:
//
//   # a comment; so is a line starting with ';'
//   [default]                      config and credentials files
//   region = us-east-1
//   [profile dev]                  config file: "profile " + name; [dev] is
//                                  ignored there, as the SDKs ignore it
//   role_arn = arn:aws:iam::111122223333:role/dev   ; inline comment
//   s3 =                           empty value: the indented lines below are
//     max_concurrent_requests = 20 sub-properties of "s3"
//   [sso-session corp]             other section kinds are ignored
//
//   [dev]                          credentials file: the section is the name
//   aws_access_key_id = AKID...
//
// Rules: surrounding whitespace of names and values is dropped; property
// names are compared in lower case; a '#' or ';' starts a comment at the
// start of a line, after a section header, or in a value when a space or tab
// precedes it; an indented line after a property with a value continues that
// value (joined with '\n'); blank lines are ignored; a section or property
// met twice merges, the later value winning; `[default]` and
// `[profile default]` are the same profile.
//
// Errors (kInvalidArgument) name the file and line number and what is wrong
// with the line, never its text: the line may hold a secret.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "util/status.h"

namespace tk::aws {

enum class SharedFileKind {
  kConfig,       // sections [default] and [profile NAME]
  kCredentials,  // sections [NAME]
};

struct ProfileSection {
  // Properties by lower-case name; values as written, comments removed.
  std::map<std::string, std::string> properties;
  // Sub-properties of properties with an empty value, e.g. sub_properties["s3"]
  // ["max_concurrent_requests"]. Credential providers read none of them.
  std::map<std::string, std::map<std::string, std::string>> sub_properties;
};

struct SharedFile {
  std::map<std::string, ProfileSection> profiles;  // by profile name
};

// Parses `text`; `file_name` is used in error messages only.
Result<SharedFile> ParseSharedFile(std::string_view text, SharedFileKind kind,
                                   std::string_view file_name);

}  // namespace tk::aws
