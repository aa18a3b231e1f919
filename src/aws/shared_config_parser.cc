#include "aws/shared_config_parser.h"

#include <fmt/format.h>

#include <optional>
#include <vector>

#include "aws/credential_text.h"

namespace tk::aws {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// `raw` (the text after '=') without an inline comment: a '#' or ';' that a
// space or tab precedes ends the value. Trimmed.
std::string WithoutInlineComment(std::string_view raw) {
  for (size_t i = 1; i < raw.size(); ++i) {
    if ((raw[i] == '#' || raw[i] == ';') && IsBlank(raw[i - 1])) {
      raw = raw.substr(0, i);
      break;
    }
  }
  return std::string(TrimCredentialText(raw));
}

class Parser {
 public:
  Parser(SharedFileKind kind, std::string_view file_name) : kind_(kind), file_name_(file_name) {}

  Result<SharedFile> Parse(std::string_view text) {
    size_t line_number = 0;
    while (!text.empty()) {
      ++line_number;
      const size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      Status status = ParseLine(line, line_number);
      if (!status.ok()) return status;
    }
    return std::move(file_);
  }

 private:
  Status Error(size_t line_number, std::string_view what) const {
    return Status(Code::kInvalidArgument,
                  fmt::format("{} line {}: {}", file_name_, line_number, what));
  }

  Status ParseLine(std::string_view line, size_t line_number) {
    const std::string_view trimmed = TrimCredentialText(line);
    if (trimmed.empty() || trimmed.front() == '#' || trimmed.front() == ';') return OkStatus();
    if (IsBlank(line.front())) return ParseIndented(trimmed, line_number);
    if (line.front() == '[') return ParseSectionHeader(line, line_number);
    return ParseProperty(line, line_number);
  }

  Status ParseSectionHeader(std::string_view line, size_t line_number) {
    const size_t close = line.find(']');
    if (close == std::string_view::npos) {
      return Error(line_number, "a section header opened with '[' has no ']'");
    }
    const std::string_view after = TrimCredentialText(line.substr(close + 1));
    if (!after.empty() && after.front() != '#' && after.front() != ';') {
      return Error(line_number, "text follows the section header's ']' (only a comment may)");
    }
    const std::string_view name = TrimCredentialText(line.substr(1, close - 1));
    if (name.empty()) return Error(line_number, "the section header has no name");

    std::optional<std::string> profile;
    if (kind_ == SharedFileKind::kCredentials || name == "default") {
      profile = std::string(name);
    } else if (name.size() > 7 && name.substr(0, 7) == "profile" && IsBlank(name[7])) {
      profile = std::string(TrimCredentialText(name.substr(8)));
    } else if (name == "profile") {
      return Error(line_number, "[profile] needs a name: [profile NAME]");
    }
    // Other config sections ([sso-session x], [services x], or a bare [x],
    // which the SDKs ignore in the config file) are parsed and dropped.
    section_ = profile ? &file_.profiles[*profile] : nullptr;
    in_section_ = true;
    property_.reset();
    return OkStatus();
  }

  Status ParseProperty(std::string_view line, size_t line_number) {
    if (!in_section_) return Error(line_number, "a property comes before any [section]");
    const size_t equals = line.find('=');
    if (equals == std::string_view::npos) {
      return Error(line_number,
                   "the line is neither a [section], a \"name = value\" property nor a comment");
    }
    const std::string name = AsciiLower(TrimCredentialText(line.substr(0, equals)));
    if (name.empty()) return Error(line_number, "a property has no name before '='");
    std::string value = WithoutInlineComment(line.substr(equals + 1));
    property_has_value_ = !value.empty();
    if (section_ != nullptr) section_->properties[name] = std::move(value);
    property_ = name;
    return OkStatus();
  }

  // An indented line: a sub-property after "name =" with no value, or the
  // continuation of the previous property's value.
  Status ParseIndented(std::string_view trimmed, size_t line_number) {
    if (!property_) {
      return Error(line_number, "an indented line follows no property (remove the indentation?)");
    }
    if (property_has_value_) {
      if (section_ != nullptr) {
        std::string& value = section_->properties[*property_];
        value.append("\n").append(trimmed);
      }
      return OkStatus();
    }
    const size_t equals = trimmed.find('=');
    if (equals == std::string_view::npos) {
      return Error(line_number, fmt::format("a sub-property of \"{}\" has no '='", *property_));
    }
    const std::string name = AsciiLower(TrimCredentialText(trimmed.substr(0, equals)));
    if (name.empty()) {
      return Error(line_number, fmt::format("a sub-property of \"{}\" has no name", *property_));
    }
    if (section_ != nullptr) {
      section_->sub_properties[*property_][name] = WithoutInlineComment(trimmed.substr(equals + 1));
    }
    return OkStatus();
  }

  const SharedFileKind kind_;
  const std::string_view file_name_;
  SharedFile file_;
  bool in_section_ = false;
  ProfileSection* section_ = nullptr;  // null in an ignored section
  std::optional<std::string> property_;  // the last property of the section
  bool property_has_value_ = false;
};

}  // namespace

Result<SharedFile> ParseSharedFile(std::string_view text, SharedFileKind kind,
                                   std::string_view file_name) {
  return Parser(kind, file_name).Parse(text);
}

}  // namespace tk::aws
