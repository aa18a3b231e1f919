// Loads the SigV4 test vectors in $TK_SHARED_DIR/testdata/aws-sigv4-test-suite
// (the aws-c-auth v4 suite; its README.md lists the files of a case).
//
// Test-only code: failures are reported as Status values whose messages name
// the file, so a broken vector fails its own test and says why.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "aws/credentials.h"
#include "aws/http_request.h"
#include "aws/sigv4_signer.h"
#include "util/status.h"

namespace tk::aws::test {

// One case: the request and context.json, read into signer inputs.
struct SigV4TestVector {
  std::filesystem::path dir;
  HttpRequest request;
  Credentials credentials;
  std::string region;
  std::string service;
  std::chrono::system_clock::time_point time;
  SigningOptions options;  // location is kHeaders; callers switch it
};

// The suite directory: $TK_SHARED_DIR, else the build's default, plus
// testdata/aws-sigv4-test-suite.
std::filesystem::path SigV4SuiteDir();

// Every case under `suite`, as paths relative to it ("get-vanilla",
// "normalize-path/get-space"): each directory, at any depth, that holds a
// request.txt. Sorted; empty when `suite` is missing.
std::vector<std::string> ListSigV4Cases(const std::filesystem::path& suite);

// Reads `dir`/request.txt and `dir`/context.json.
Result<SigV4TestVector> LoadSigV4TestVector(const std::filesystem::path& dir);

// The whole file, byte for byte.
Result<std::string> ReadTextFile(const std::filesystem::path& path);

// Parses a raw HTTP/1.1 request: a request line "METHOD target HTTP/1.1" (the
// target may hold spaces), header lines "Name:value" where a line starting
// with a space or tab continues the previous value (kept as "\n" plus the
// line), then an optional blank line and body. Values are kept verbatim.
Result<HttpRequest> ParseHttpRequest(std::string_view text);

// The inverse of ParseHttpRequest, in the suite's signed-request layout:
// request line, "Name:value\n" per header, "\n", body.
std::string RenderHttpRequest(const HttpRequest& request);

}  // namespace tk::aws::test
