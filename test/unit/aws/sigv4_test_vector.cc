#include "sigv4_test_vector.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace tk::aws::test {
namespace {

namespace fs = std::filesystem;

// "2015-08-30T12:36:00Z".
Result<std::chrono::system_clock::time_point> ParseTimestamp(const std::string& text) {
  int year = 0;
  unsigned month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (std::sscanf(text.c_str(), "%d-%u-%uT%u:%u:%uZ", &year, &month, &day, &hour, &minute,
                  &second) != 6) {
    return Status(Code::kInvalidArgument,
                  fmt::format("timestamp \"{}\" is not YYYY-MM-DDThh:mm:ssZ", text));
  }
  const std::chrono::sys_days date =
      std::chrono::year(year) / std::chrono::month(month) / std::chrono::day(day);
  return std::chrono::system_clock::time_point(date) + std::chrono::hours(hour) +
         std::chrono::minutes(minute) + std::chrono::seconds(second);
}

Result<SigV4TestVector> FromContext(const fs::path& dir, const nlohmann::json& context) {
  SigV4TestVector vector;
  vector.dir = dir;
  const nlohmann::json& credentials = context.at("credentials");
  vector.credentials.access_key_id = credentials.at("access_key_id").get<std::string>();
  vector.credentials.secret_access_key = credentials.at("secret_access_key").get<std::string>();
  vector.credentials.session_token = credentials.value("token", "");
  vector.region = context.at("region").get<std::string>();
  vector.service = context.at("service").get<std::string>();
  Result<std::chrono::system_clock::time_point> time =
      ParseTimestamp(context.at("timestamp").get<std::string>());
  if (!time.ok()) return time.status();
  vector.time = *time;
  vector.options.expires = std::chrono::seconds(context.at("expiration_in_seconds").get<int>());
  vector.options.normalize_path = context.at("normalize").get<bool>();
  vector.options.add_content_sha256_header = context.at("sign_body").get<bool>();
  vector.options.sign_session_token = !context.value("omit_session_token", false);
  return vector;
}

}  // namespace

fs::path SigV4SuiteDir() {
  const char* shared = std::getenv("TK_SHARED_DIR");
  return fs::path(shared != nullptr ? shared : TK_DEFAULT_SHARED_DIR) / "testdata" /
         "aws-sigv4-test-suite";
}

std::vector<std::string> ListSigV4Cases(const fs::path& suite) {
  std::vector<std::string> cases;
  std::error_code error;
  for (fs::recursive_directory_iterator it(suite, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_directory() && fs::exists(it->path() / "request.txt")) {
      cases.push_back(fs::relative(it->path(), suite).generic_string());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

Result<std::string> ReadTextFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(Code::kNotFound, fmt::format("cannot read {}", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<HttpRequest> ParseHttpRequest(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  std::string_view body;
  while (start <= text.size()) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    if (line.empty() && !lines.empty()) {
      body = text.substr(std::min(end + 1, text.size()));
      break;
    }
    lines.push_back(line);
    start = end + 1;
  }
  if (lines.empty()) return Status(Code::kInvalidArgument, "request is empty");

  HttpRequest request;
  const std::string_view request_line = lines.front();
  const std::size_t first_space = request_line.find(' ');
  const std::size_t last_space = request_line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == last_space ||
      !request_line.substr(last_space + 1).starts_with("HTTP/")) {
    return Status(Code::kInvalidArgument,
                  fmt::format("request line \"{}\" is not METHOD target HTTP/x", request_line));
  }
  request.method = request_line.substr(0, first_space);
  std::string_view target = request_line.substr(first_space + 1, last_space - first_space - 1);
  const std::size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string_view::npos) request.query = target.substr(question + 1);

  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (line.front() == ' ' || line.front() == '\t') {
      if (request.headers.empty()) {
        return Status(Code::kInvalidArgument, "continuation line before any header");
      }
      request.headers.back().value += fmt::format("\n{}", line);
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      return Status(Code::kInvalidArgument, fmt::format("header line \"{}\" has no ':'", line));
    }
    request.headers.push_back({std::string(line.substr(0, colon)),
                               std::string(line.substr(colon + 1))});
  }
  request.body = body;
  return request;
}

std::string RenderHttpRequest(const HttpRequest& request) {
  std::string text = fmt::format("{} {}{}{} HTTP/1.1\n", request.method, request.path,
                                 request.query.empty() ? "" : "?", request.query);
  for (const HttpHeader& header : request.headers) {
    text += fmt::format("{}:{}\n", header.name, header.value);
  }
  text += '\n';
  text += request.body;
  return text;
}

Result<SigV4TestVector> LoadSigV4TestVector(const fs::path& dir) {
  Result<std::string> raw_request = ReadTextFile(dir / "request.txt");
  if (!raw_request.ok()) return raw_request.status();
  Result<HttpRequest> request = ParseHttpRequest(*raw_request);
  if (!request.ok()) return request.status().WithContext((dir / "request.txt").string());

  Result<std::string> raw_context = ReadTextFile(dir / "context.json");
  if (!raw_context.ok()) return raw_context.status();
  const nlohmann::json context = nlohmann::json::parse(*raw_context, nullptr, false);
  if (context.is_discarded()) {
    return Status(Code::kInvalidArgument,
                  fmt::format("{} is not JSON", (dir / "context.json").string()));
  }
  Result<SigV4TestVector> vector = [&]() -> Result<SigV4TestVector> {
    try {
      return FromContext(dir, context);
    } catch (const nlohmann::json::exception& error) {
      return Status(Code::kInvalidArgument, error.what());
    }
  }();
  if (!vector.ok()) return vector.status().WithContext((dir / "context.json").string());
  vector->request = std::move(*request);
  return vector;
}

}  // namespace tk::aws::test
