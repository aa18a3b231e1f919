// Pagination over more than 500 objects against the real kube-apiserver
// (issue 3's test list): 1,200 ConfigMaps in a fresh namespace, created once
// for the suite; RestClient::List page by page, RestClient::ListAll, and an
// Informer's first list. The clients under test log their requests, so the
// tests count pages as the server saw them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "informer_test_support.h"
#include "kube/informer.h"
#include "kube/rest_client.h"
#include "kube/transport.h"
#include "kube_world.h"

namespace tk::kube {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

constexpr int kObjects = 1200;
constexpr int64_t kPageSize = 500;

// One request as sent: method, URL path, query (without '?') and the answer's
// HTTP status (0 for a transport failure).
struct LoggedRequest {
  std::string method;
  std::string path;
  std::string query;
  int status = 0;
};

class RequestLog {
 public:
  void Add(const http::Request& request, const Result<http::Response>& response) {
    LoggedRequest logged{request.method, request.url, "", response.ok() ? response->status : 0};
    if (auto scheme = logged.path.find("://"); scheme != std::string::npos) {
      auto slash = logged.path.find('/', scheme + 3);
      logged.path = slash == std::string::npos ? "/" : logged.path.substr(slash);
    }
    if (auto query = logged.path.find('?'); query != std::string::npos) {
      logged.query = logged.path.substr(query + 1);
      logged.path.resize(query);
    }
    std::lock_guard lock(mutex_);
    requests_.push_back(std::move(logged));
  }
  std::vector<LoggedRequest> Take() {
    std::lock_guard lock(mutex_);
    return std::exchange(requests_, {});
  }

 private:
  std::mutex mutex_;
  std::vector<LoggedRequest> requests_;
};

class LoggingTransport final : public Transport {
 public:
  LoggingTransport(TransportPtr inner, RequestLog& log) : inner_(std::move(inner)), log_(log) {}
  Result<http::Response> Send(const http::Request& request) override {
    auto response = inner_->Send(request);
    log_.Add(request, response);
    return response;
  }
  Result<http::Response> Stream(const http::Request& request, const http::BodySink& sink,
                                const std::function<bool()>& keep_going) override {
    auto response = inner_->Stream(request, sink, keep_going);
    log_.Add(request, response);
    return response;
  }

 private:
  TransportPtr inner_;
  RequestLog& log_;
};

// The list requests (not watches) among `requests`.
std::vector<LoggedRequest> ListRequests(const std::vector<LoggedRequest>& requests) {
  std::vector<LoggedRequest> lists;
  for (const auto& request : requests) {
    if (request.method == "GET" && request.query.find("watch=") == std::string::npos) lists.push_back(request);
  }
  return lists;
}

std::string NameAt(int i) { return fmt::format("cm-{:04d}", i); }

class ListPaginationTest : public ::testing::Test {
 protected:
  // One namespace with kObjects ConfigMaps for the whole suite: creating them
  // is the slow part.
  static void SetUpTestSuite() {
    std::random_device random;
    namespace_ = new std::string(fmt::format("tk-kube-pages-{:08x}", random()));
    RestConfig config = testing::AdminConfig();
    config.qps = 0;  // no client-side limit for the setup
    RestClient creator(std::move(config));
    Result<json> created_namespace = creator.Create(
        {testing::kNamespaces, "", "", ""},
        {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", *namespace_}}}});
    ASSERT_TRUE(created_namespace.ok()) << created_namespace.status().ToString();

    const auto started = std::chrono::steady_clock::now();
    constexpr int kThreads = 4;
    std::atomic<int> next{0};
    std::atomic<int> failures{0};
    std::mutex first_failure_mutex;
    std::string first_failure;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        for (int i = next++; i < kObjects; i = next++) {
          const json object = {{"apiVersion", "v1"},
                               {"kind", "ConfigMap"},
                               {"metadata", {{"name", NameAt(i)}, {"namespace", *namespace_}}},
                               {"data", {{"index", std::to_string(i)}}}};
          Result<json> created = creator.Create({testing::kConfigMaps, *namespace_, "", ""}, object);
          if (!created.ok()) {
            ++failures;
            std::lock_guard lock(first_failure_mutex);
            if (first_failure.empty()) first_failure = created.status().ToString();
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
    ASSERT_EQ(failures.load(), 0) << "creating the ConfigMaps: " << first_failure;
    std::printf("created %d ConfigMaps in namespace %s in %.1f s\n", kObjects, namespace_->c_str(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }

  static void TearDownTestSuite() {
    if (namespace_ == nullptr) return;
    RestClient admin(testing::AdminConfig());
    (void)admin.Delete({testing::kNamespaces, "", *namespace_, ""});
    delete namespace_;
    namespace_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(namespace_, nullptr);
    client_ = std::make_unique<RestClient>(
        testing::AdminConfig(), SystemClock(),
        [log = &log_, inner = HttpTransportFactory()](const http::TlsOptions& tls) -> TransportPtr {
          return std::make_unique<LoggingTransport>(inner(tls), *log);
        });
  }

  static ResourcePath ConfigMaps() { return {testing::kConfigMaps, *namespace_, "", ""}; }
  static std::string CollectionPath() { return fmt::format("/api/v1/namespaces/{}/configmaps", *namespace_); }

  static std::set<std::string> AllNames() {
    std::set<std::string> names;
    for (int i = 0; i < kObjects; ++i) names.insert(NameAt(i));
    return names;
  }

  static std::string* namespace_;  // the suite's; owned
  RequestLog log_;
  std::unique_ptr<RestClient> client_;  // logged
};

std::string* ListPaginationTest::namespace_ = nullptr;

TEST_F(ListPaginationTest, ListAllReturnsEveryObjectExactlyOnceInThreePages) {
  ListOptions options;
  options.limit = kPageSize;
  Result<json> all = client_->ListAll(ConfigMaps(), options);
  ASSERT_TRUE(all.ok()) << all.status().ToString();

  const json& items = (*all)["items"];
  ASSERT_EQ(items.size(), static_cast<size_t>(kObjects));
  std::multiset<std::string> names;
  for (const json& item : items) names.insert(NameOf(item));
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()), AllNames());
  EXPECT_EQ(names.size(), AllNames().size()) << "an object came back twice";
  EXPECT_EQ((*all)["kind"], "ConfigMapList");
  EXPECT_FALSE((*all)["metadata"].contains("continue"));
  EXPECT_FALSE((*all)["metadata"].contains("remainingItemCount"));
  EXPECT_FALSE(ResourceVersionOf(*all).empty());

  // Three GETs of the collection, each asking for 500, the later ones with
  // the previous page's continue token.
  const auto requests = log_.Take();
  ASSERT_EQ(requests.size(), 3u);
  for (size_t page = 0; page < requests.size(); ++page) {
    SCOPED_TRACE("page " + std::to_string(page + 1));
    EXPECT_EQ(requests[page].method, "GET");
    EXPECT_EQ(requests[page].path, CollectionPath());
    EXPECT_EQ(requests[page].status, 200);
    EXPECT_THAT(requests[page].query, HasSubstr("limit=500"));
    if (page == 0) {
      EXPECT_THAT(requests[page].query, Not(HasSubstr("continue=")));
    } else {
      EXPECT_THAT(requests[page].query, HasSubstr("continue="));
    }
  }
}

TEST_F(ListPaginationTest, PagesFollowContinueTokensOverOneSnapshot) {
  ListOptions options;
  options.limit = kPageSize;
  std::vector<size_t> page_sizes;
  std::vector<int64_t> remaining;
  std::set<std::string> versions;
  std::multiset<std::string> names;
  std::string late_name;
  for (int page = 0; page < 10; ++page) {  // bounded: 3 pages expected
    Result<json> list = client_->List(ConfigMaps(), options);
    ASSERT_TRUE(list.ok()) << list.status().ToString();
    page_sizes.push_back((*list)["items"].size());
    remaining.push_back((*list)["metadata"].value("remainingItemCount", int64_t{-1}));
    versions.insert((*list)["metadata"].value("resourceVersion", ""));
    for (const json& item : (*list)["items"]) names.insert(NameOf(item));
    options.continue_token = (*list)["metadata"].value("continue", "");
    if (options.continue_token.empty()) break;
    if (page == 0) {
      // An object created after the first page is not in this list: the
      // pages are one snapshot.
      late_name = "cm-late";
      RestClient admin(testing::AdminConfig());
      ASSERT_TRUE(admin
                      .Create(ConfigMaps(), {{"apiVersion", "v1"},
                                             {"kind", "ConfigMap"},
                                             {"metadata", {{"name", late_name}, {"namespace", *namespace_}}}})
                      .ok());
    }
  }
  EXPECT_THAT(page_sizes, ::testing::ElementsAre(500u, 500u, 200u));
  // remainingItemCount counts what the later pages hold; the last has none.
  EXPECT_THAT(remaining, ::testing::ElementsAre(700, 200, -1));
  EXPECT_EQ(versions.size(), 1u) << "every page carries the first page's resourceVersion";
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()), AllNames());
  EXPECT_EQ(names.size(), static_cast<size_t>(kObjects));
  EXPECT_EQ(names.count(late_name), 0u);
  EXPECT_EQ(ListRequests(log_.Take()).size(), 3u);

  if (!late_name.empty()) {
    RestClient admin(testing::AdminConfig());
    ASSERT_TRUE(admin.Delete({testing::kConfigMaps, *namespace_, late_name, ""}).ok());
  }
}

TEST_F(ListPaginationTest, AnInformerSyncsEveryObjectFromAPagedList) {
  auto recorder = std::make_shared<testing::RecordingHandler>();
  Informer informer(*client_, ConfigMaps());
  ASSERT_TRUE(informer.AddEventHandler(recorder).ok());
  ASSERT_TRUE(informer.Start().ok());
  ASSERT_TRUE(informer.WaitForSync(120s)) << informer.LastError().ToString();

  // HasSynced: the whole list is cached and its adds were delivered.
  EXPECT_EQ(informer.cache().Size(), static_cast<size_t>(kObjects));
  std::set<std::string> expected_keys;
  for (const auto& name : AllNames()) expected_keys.insert(*namespace_ + "/" + name);
  const auto keys = informer.cache().Keys();
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()), expected_keys);
  EXPECT_EQ(recorder->size(), static_cast<size_t>(kObjects));
  std::set<std::string> added;
  for (const auto& line : recorder->lines()) added.insert(line);
  EXPECT_EQ(added.size(), static_cast<size_t>(kObjects)) << "an object was added twice";
  EXPECT_EQ(informer.Stats().lists, 1u);

  // The cached objects are whole: data and resourceVersion as stored.
  ObjectPtr last = informer.Get(*namespace_ + "/" + NameAt(kObjects - 1));
  ASSERT_NE(last, nullptr);
  EXPECT_EQ((*last)["data"]["index"], std::to_string(kObjects - 1));
  EXPECT_FALSE(ResourceVersionOf(*last).empty());

  informer.Stop();
  // The first list took three pages of 500.
  const auto lists = ListRequests(log_.Take());
  ASSERT_EQ(lists.size(), 3u);
  for (const auto& request : lists) {
    EXPECT_EQ(request.path, CollectionPath());
    EXPECT_THAT(request.query, HasSubstr("limit=500"));
  }
}

}  // namespace
}  // namespace tk::kube
