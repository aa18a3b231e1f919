// An Informer at scale against the test world's real kube-apiserver (issue
// 3's measure): what a controller process pays to list-watch 10,000 objects
// into its cache, and to take in a burst of updates through the watch.
//
//   1. Setup, not measured: 10,000 ConfigMaps in the namespace
//      tk-bench-informer-10000, each with 20 data fields of 40 characters
//      (about 1.8 KB of JSON as stored, a quarter of it managedFields), created once and
//      reused by later runs. The peak-RSS mark is then reset
//      (/proc/self/clear_refs), so setup does not count.
//   2. List and sync: a fresh Informer (the controller's client
//      configuration: the kubeconfig's, with RestConfig's client-side limit
//      of 5 requests per second, burst 10) lists in pages of 500 and watches;
//      timed until HasSynced. Reported: seconds, RSS before and after, peak
//      RSS (VmHWM), process CPU (getrusage) and the informer thread's CPU;
//      then RSS once malloc_trim has returned the list's freed pages, which
//      is what the cache itself holds.
//   3. Updates: 1,000 ConfigMaps are patched by 4 writer threads (a client
//      without a rate limit), and the time until the informer has delivered
//      every one of them is taken, with the latency of each (write sent ->
//      update delivered), CPU and peak RSS of that phase. The writers run
//      in this process, so the process CPU of this phase includes them; the
//      informer thread's CPU does not.
//
// Benchmarks measure, they assert nothing: the figures are printed, as
// lines and as Google Benchmark counters (the Time column is step 2).
//
// Run, with the test world up (testenv/up.sh, or make env-up):
//   cmake --preset release && cmake --build --preset release --target informer_list_watch_benchmark
//   source build/testenv/env.sh; build/release/bench/informer_list_watch_benchmark
// Without KUBECONFIG it skips with a message. Knobs (environment):
//   TK_BENCH_OBJECTS  objects to list (default 10000; each count has its namespace)
//   TK_BENCH_UPDATES  updates in step 3 (default 1000; at most the objects)
//   TK_BENCH_QPS      the informer client's QPS limit (default 5, burst 2 x QPS;
//                     0 turns the limit off)
//   TK_BENCH_KEEP_MANAGED_FIELDS  1 caches objects as served; by default the
//                     informer drops metadata.managedFields, as the controller does
// The first run spends about 20 s creating the objects (2 cores); later ones reuse them.
#include <benchmark/benchmark.h>

#include <malloc.h>
#include <sys/resource.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "kube/client_config.h"
#include "kube/informer.h"
#include "kube/object_cache.h"
#include "kube/rest_client.h"

namespace tk::kube {
namespace {

using json = nlohmann::json;
using Steady = std::chrono::steady_clock;

constexpr int kWriterThreads = 4;
constexpr int kDataFields = 20;
constexpr int kFieldBytes = 40;
const GroupVersionResource kConfigMapsResource{"", "v1", "configmaps"};
const GroupVersionResource kNamespacesResource{"", "v1", "namespaces"};

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return fallback;
  return std::max(0, std::atoi(value));
}

double EnvDouble(const char* name, double fallback) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return fallback;
  return std::atof(value);
}

// VmHWM and VmRSS of this process, in MiB.
struct Memory {
  double peak_mib = 0;
  double rss_mib = 0;
};

Memory ReadMemory() {
  Memory memory;
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    auto kib = [&line] { return std::atof(line.c_str() + line.find(':') + 1) / 1024.0; };
    if (line.rfind("VmHWM:", 0) == 0) memory.peak_mib = kib();
    if (line.rfind("VmRSS:", 0) == 0) memory.rss_mib = kib();
  }
  return memory;
}

// Resets VmHWM to the current RSS (Linux 4.0 and later); false if refused.
bool ResetPeakMemory() {
  std::ofstream clear_refs("/proc/self/clear_refs");
  clear_refs << "5";
  clear_refs.flush();
  return clear_refs.good();
}

// User + system CPU seconds of the process (RUSAGE_SELF) or the calling thread
// (RUSAGE_THREAD).
double CpuSeconds(int who) {
  rusage usage{};
  getrusage(who, &usage);
  auto seconds = [](const timeval& time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double Seconds(Steady::duration duration) { return std::chrono::duration<double>(duration).count(); }

std::string NameAt(int i) { return fmt::format("cm-{:05d}", i); }

json NewConfigMap(const std::string& namespace_name, int i) {
  json data = json::object();
  for (int field = 0; field < kDataFields; ++field) {
    std::string value = fmt::format("{:05d}-{:02d}-", i, field);
    value.resize(kFieldBytes, static_cast<char>('a' + field % 26));
    data[fmt::format("field{:02d}", field)] = value;
  }
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", NameAt(i)}, {"namespace", namespace_name}, {"labels", {{"bench", "informer"}}}}},
          {"data", data}};
}

// Runs `work(i)` for i in [0, count) on kWriterThreads threads; returns the
// first failure, if any.
Status Parallel(int count, const std::function<Status(int)>& work) {
  std::atomic<int> next{0};
  std::mutex mutex;
  Status first_failure;
  std::vector<std::thread> threads;
  for (int t = 0; t < kWriterThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < count; i = next++) {
        Status status = work(i);
        if (!status.ok()) {
          std::lock_guard lock(mutex);
          if (first_failure.ok()) first_failure = status;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return first_failure;
}

// Makes sure `namespace_name` holds ConfigMaps 0..objects-1 (creating what is
// missing); `created` counts the new ones.
Status Seed(const RestConfig& base, const std::string& namespace_name, int objects, int& created) {
  RestConfig config = base;
  config.qps = 0;
  RestClient client(std::move(config));
  const json namespace_object = {
      {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", namespace_name}}}};
  Result<json> made = client.Create({kNamespacesResource, "", "", ""}, namespace_object);
  if (!made.ok() && made.status().code() != Code::kAlreadyExists) return made.status();

  ListOptions probe;
  probe.limit = 1;
  Result<json> first = client.List({kConfigMapsResource, namespace_name, "", ""}, probe);
  if (!first.ok()) return first.status();
  const int64_t present = static_cast<int64_t>((*first)["items"].size()) +
                          (*first)["metadata"].value("remainingItemCount", int64_t{0});
  if (present >= objects) return {};

  std::atomic<int> new_objects{0};
  Status status = Parallel(objects, [&](int i) -> Status {
    Result<json> result = client.Create({kConfigMapsResource, namespace_name, "", ""}, NewConfigMap(namespace_name, i));
    if (result.ok()) {
      ++new_objects;
      return {};
    }
    return result.status().code() == Code::kAlreadyExists ? Status() : result.status();
  });
  created = new_objects.load();
  return status;
}

// Counts what the informer delivers: the adds of the first list, and the
// updates carrying this run's token. Called on the informer's thread.
class CountingHandler final : public ResourceEventHandler {
 public:
  CountingHandler(int objects, int updates, std::string token)
      : objects_(objects), updates_(updates), token_(std::move(token)), arrivals_(static_cast<size_t>(updates)) {}

  void OnAdd(const ObjectPtr&) override {
    if (++adds_ == objects_) thread_cpu_after_list_ = CpuSeconds(RUSAGE_THREAD);
  }
  void OnUpdate(const ObjectPtr&, const ObjectPtr& new_object) override {
    const auto data = new_object->find("data");
    if (data == new_object->end() || data->value("rev", "") != token_) return;
    const std::string name = NameOf(*new_object);
    const int index = std::atoi(name.c_str() + 3);  // "cm-NNNNN"
    if (index < 0 || index >= updates_) return;
    arrivals_[static_cast<size_t>(index)] = Steady::now();
    if (updates_seen_.fetch_add(1, std::memory_order_acq_rel) + 1 == updates_) {
      thread_cpu_after_updates_ = CpuSeconds(RUSAGE_THREAD);
    }
  }

  int adds() const { return adds_.load(); }
  int updates_seen() const { return updates_seen_.load(std::memory_order_acquire); }
  // Read once updates_seen() == updates.
  const std::vector<Steady::time_point>& arrivals() const { return arrivals_; }
  double thread_cpu_after_list() const { return thread_cpu_after_list_.load(); }
  double thread_cpu_after_updates() const { return thread_cpu_after_updates_.load(); }

 private:
  const int objects_;
  const int updates_;
  const std::string token_;
  std::atomic<int> adds_{0};
  std::atomic<int> updates_seen_{0};
  std::vector<Steady::time_point> arrivals_;
  std::atomic<double> thread_cpu_after_list_{0};
  std::atomic<double> thread_cpu_after_updates_{0};
};

double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<size_t>(fraction * static_cast<double>(values.size() - 1));
  return values[index];
}

void Line(const std::string& text) {
  std::printf("  %s\n", text.c_str());
  std::fflush(stdout);
}

void InformerListWatch(benchmark::State& state) {
  const int objects = std::max(1, EnvInt("TK_BENCH_OBJECTS", 10000));
  const int updates = std::min(objects, EnvInt("TK_BENCH_UPDATES", 1000));
  const double qps = EnvDouble("TK_BENCH_QPS", RestConfig{}.qps);
  const std::string namespace_name = fmt::format("tk-bench-informer-{}", objects);

  Result<RestConfig> config = Status(Code::kNotFound, "unset");
  const char* kubeconfig = std::getenv("KUBECONFIG");
  if (kubeconfig == nullptr || *kubeconfig == '\0') {
    state.SkipWithError(
        "KUBECONFIG is not set: start the test world (testenv/up.sh) and source build/testenv/env.sh");
  } else {
    config = LoadRestConfig();
    if (!config.ok()) state.SkipWithError(("loading $KUBECONFIG: " + config.status().ToString()).c_str());
  }

  for (auto _ : state) {
    // 1. Setup.
    std::printf("\ninformer list-watch of %d ConfigMaps in namespace %s\n", objects, namespace_name.c_str());
    const auto seed_started = Steady::now();
    int created = 0;
    if (Status seeded = Seed(*config, namespace_name, objects, created); !seeded.ok()) {
      state.SkipWithError(("creating the objects: " + seeded.ToString()).c_str());
      break;
    }
    Line(fmt::format("setup: created {} objects in {:.1f} s ({} were there)", created,
                     Seconds(Steady::now() - seed_started), objects - created));

    std::random_device random;
    const std::string token = fmt::format("{:08x}{:08x}", random(), random());
    auto handler = std::make_shared<CountingHandler>(objects, updates, token);
    RestConfig informer_config = *config;
    informer_config.qps = qps;
    informer_config.burst = std::max(1, static_cast<int>(2 * qps));
    RestClient informer_client(informer_config);
    // As the controller caches: without managedFields (TK_BENCH_KEEP_MANAGED_FIELDS=1 keeps them).
    InformerOptions informer_options;
    if (EnvInt("TK_BENCH_KEEP_MANAGED_FIELDS", 0) == 0) informer_options.reflector.transform = StripManagedFields;
    Informer informer(informer_client, {kConfigMapsResource, namespace_name, "", ""}, informer_options);
    (void)informer.AddEventHandler(handler);

    // 2. List and sync.
    const bool reset = ResetPeakMemory();
    const Memory before = ReadMemory();
    const double cpu_before = CpuSeconds(RUSAGE_SELF);
    const auto sync_started = Steady::now();
    if (Status started = informer.Start(); !started.ok()) {
      state.SkipWithError(("starting the informer: " + started.ToString()).c_str());
      break;
    }
    if (!informer.WaitForSync(std::chrono::minutes(10))) {
      state.SkipWithError(("the informer did not sync: " + informer.LastError().ToString()).c_str());
      break;
    }
    const double sync_seconds = Seconds(Steady::now() - sync_started);
    const double sync_cpu = CpuSeconds(RUSAGE_SELF) - cpu_before;
    const Memory synced = ReadMemory();
    const size_t cached = informer.cache().Size();
    double object_bytes = 0;
    for (const ObjectPtr& object : informer.List()) object_bytes += static_cast<double>(object->dump().size());
    object_bytes /= static_cast<double>(std::max<size_t>(1, cached));

    Line(fmt::format("client limit: {} requests/s, burst {}{}", qps, informer_config.burst,
                     qps > 0 ? "" : " (off)"));
    Line(fmt::format("objects cached: {} (delivered as adds: {}), average {:.0f} bytes of JSON each", cached,
                     handler->adds(), object_bytes));
    Line(fmt::format("list+sync: {:.2f} s in {} pages of 500", sync_seconds, (objects + 499) / 500));
    Line(fmt::format("  RSS before {:.1f} MiB, after {:.1f} MiB (+{:.1f} KiB per object), peak {:.1f} MiB{}",
                     before.rss_mib, synced.rss_mib, (synced.rss_mib - before.rss_mib) * 1024.0 / objects,
                     synced.peak_mib, reset ? "" : " (peak not reset after setup: includes it)"));
    Line(fmt::format("  CPU: process {:.2f} s, informer thread {:.2f} s", sync_cpu,
                     handler->thread_cpu_after_list()));
    // What the cache itself holds: the list's transient copies are freed, but
    // malloc keeps the pages until trimmed.
    malloc_trim(0);
    const Memory trimmed = ReadMemory();
    Line(fmt::format("  RSS after malloc_trim {:.1f} MiB (+{:.1f} KiB per object): the cache", trimmed.rss_mib,
                     (trimmed.rss_mib - before.rss_mib) * 1024.0 / objects));

    // 3. Updates through the watch.
    ResetPeakMemory();
    RestConfig writer_config = *config;
    writer_config.qps = 0;
    RestClient writer(std::move(writer_config));
    std::vector<Steady::time_point> sent(static_cast<size_t>(updates));
    const double thread_cpu_before_updates = handler->thread_cpu_after_list();
    const double cpu_before_updates = CpuSeconds(RUSAGE_SELF);
    const auto updates_started = Steady::now();
    Status written = Parallel(updates, [&](int i) -> Status {
      sent[static_cast<size_t>(i)] = Steady::now();
      return writer.Patch({kConfigMapsResource, namespace_name, NameAt(i), ""}, PatchType::kMerge,
                          {{"data", {{"rev", token}}}})
          .status();
    });
    const double writes_seconds = Seconds(Steady::now() - updates_started);
    if (!written.ok()) {
      state.SkipWithError(("updating: " + written.ToString()).c_str());
      break;
    }
    const auto deadline = Steady::now() + std::chrono::minutes(5);
    while (handler->updates_seen() < updates && Steady::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (handler->updates_seen() < updates) {
      state.SkipWithError(fmt::format("only {} of {} updates arrived in 5 minutes", handler->updates_seen(), updates)
                              .c_str());
      break;
    }
    const Steady::time_point last_arrival =
        *std::max_element(handler->arrivals().begin(), handler->arrivals().end());
    const double updates_seconds = Seconds(last_arrival - updates_started);
    const double updates_cpu = CpuSeconds(RUSAGE_SELF) - cpu_before_updates;
    const Memory after = ReadMemory();
    std::vector<double> latencies;
    latencies.reserve(sent.size());
    for (size_t i = 0; i < sent.size(); ++i) latencies.push_back(Seconds(handler->arrivals()[i] - sent[i]) * 1000.0);

    Line(fmt::format("updates: {} patched by {} threads in {:.2f} s; all delivered after {:.2f} s ({:.0f}/s)",
                     updates, kWriterThreads, writes_seconds, updates_seconds, updates / updates_seconds));
    Line(fmt::format("  latency, write sent -> update delivered: p50 {:.1f} ms, p99 {:.1f} ms, max {:.1f} ms",
                     Percentile(latencies, 0.5), Percentile(latencies, 0.99), Percentile(latencies, 1.0)));
    Line(fmt::format("  CPU: process {:.2f} s (writers included), informer thread {:.2f} s", updates_cpu,
                     handler->thread_cpu_after_updates() - thread_cpu_before_updates));
    Line(fmt::format("  RSS after {:.1f} MiB, peak during updates {:.1f} MiB", after.rss_mib, after.peak_mib));
    informer.Stop();

    state.SetIterationTime(sync_seconds);
    state.counters["objects"] = static_cast<double>(cached);
    state.counters["object_bytes"] = object_bytes;
    state.counters["sync_s"] = sync_seconds;
    state.counters["sync_cpu_s"] = sync_cpu;
    state.counters["sync_peak_rss_MiB"] = synced.peak_mib;
    state.counters["synced_rss_MiB"] = synced.rss_mib;
    state.counters["cache_rss_MiB"] = trimmed.rss_mib;
    state.counters["updates"] = updates;
    state.counters["updates_s"] = updates_seconds;
    state.counters["update_p99_ms"] = Percentile(latencies, 0.99);
    state.counters["updates_cpu_s"] = updates_cpu;
    state.counters["peak_rss_MiB"] = std::max(synced.peak_mib, after.peak_mib);
  }
}
BENCHMARK(InformerListWatch)->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tk::kube
