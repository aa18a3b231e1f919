#include "runtime/reconcile_stats.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <thread>
#include <vector>

namespace tk::runtime {
namespace {

using Kind = ReconcileOutcome::Kind;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::size_t kInf = ReconcileStats::kBucketBounds.size();

// The one series of a snapshot; fails the test when there is not exactly one.
ReconcileStats::Series Only(const ReconcileStats& stats) {
  const auto series = stats.Snapshot();
  EXPECT_EQ(series.size(), 1u);
  return series.empty() ? ReconcileStats::Series{} : series.front();
}

TEST(ReconcileStatsTest, StartsEmpty) {
  const ReconcileStats stats;
  EXPECT_TRUE(stats.Snapshot().empty());
  EXPECT_EQ(stats.Count("Table"), 0);
}

TEST(ReconcileStatsTest, BucketBoundsAreIncreasing) {
  for (std::size_t i = 1; i < ReconcileStats::kBucketBounds.size(); ++i) {
    EXPECT_LT(ReconcileStats::kBucketBounds[i - 1], ReconcileStats::kBucketBounds[i]);
  }
}

TEST(ReconcileStatsTest, OneReconcileCountsInEveryBucketFromItsOwnUp) {
  ReconcileStats stats;
  stats.Record("Table", Kind::kSynced, milliseconds(30));  // between 0.025 and 0.05
  const auto series = Only(stats);
  EXPECT_EQ(series.kind, "Table");
  EXPECT_EQ(series.outcome, "Synced");
  EXPECT_EQ(series.count, 1);
  EXPECT_DOUBLE_EQ(series.seconds_total, 0.03);
  for (std::size_t i = 0; i <= kInf; ++i) {
    const bool counted = i == kInf || ReconcileStats::kBucketBounds[i] >= 0.03;
    EXPECT_EQ(series.buckets[i], counted ? 1 : 0) << "bucket " << i;
  }
}

TEST(ReconcileStatsTest, BucketsAreCumulative) {
  ReconcileStats stats;
  // 0.001, 0.007, 0.02, 0.3, 3 and 60 s.
  for (auto duration : {milliseconds(1), milliseconds(7), milliseconds(20), milliseconds(300), milliseconds(3000),
                        milliseconds(60000)}) {
    stats.Record("Key", Kind::kProgressing, duration);
  }
  const auto series = Only(stats);
  EXPECT_EQ(series.count, 6);
  EXPECT_NEAR(series.seconds_total, 63.328, 1e-9);
  // Bounds: 0.005 0.01 0.025 0.05 0.1 0.25 0.5 1 2.5 10 +Inf
  const std::vector<long long> expected = {1, 2, 3, 3, 3, 3, 4, 4, 4, 5, 6};
  ASSERT_EQ(expected.size(), series.buckets.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(series.buckets[i], expected[i]) << "bucket " << i;
  for (std::size_t i = 1; i < series.buckets.size(); ++i) EXPECT_LE(series.buckets[i - 1], series.buckets[i]);
  EXPECT_EQ(series.buckets[kInf], series.count);
}

TEST(ReconcileStatsTest, ADurationOnABoundCountsInThatBucket) {
  ReconcileStats stats;
  stats.Record("Table", Kind::kSynced, milliseconds(10));  // exactly le="0.01"
  stats.Record("Table", Kind::kSynced, seconds(10));       // exactly le="10"
  const auto series = Only(stats);
  EXPECT_EQ(series.buckets[0], 0);  // 0.005
  EXPECT_EQ(series.buckets[1], 1);  // 0.01
  EXPECT_EQ(series.buckets[kInf - 2], 1);  // 2.5
  EXPECT_EQ(series.buckets[kInf - 1], 2);  // 10
  EXPECT_EQ(series.buckets[kInf], 2);
}

TEST(ReconcileStatsTest, ZeroDurationCountsInTheFirstBucket) {
  ReconcileStats stats;
  stats.Record("Table", Kind::kGone, milliseconds(0));
  const auto series = Only(stats);
  for (long long bucket : series.buckets) EXPECT_EQ(bucket, 1);
  EXPECT_EQ(series.outcome, "Gone");
}

TEST(ReconcileStatsTest, OneSeriesPerKindAndOutcomeOrderedByKindThenOutcome) {
  ReconcileStats stats;
  stats.Record("Table", Kind::kSynced, milliseconds(1));
  stats.Record("Key", Kind::kTerminal, milliseconds(1));
  stats.Record("Table", Kind::kRetry, milliseconds(1));
  stats.Record("Table", Kind::kSynced, milliseconds(1));
  stats.Record("Alias", Kind::kThrottled, milliseconds(1));

  const auto series = stats.Snapshot();
  ASSERT_EQ(series.size(), 4u);
  EXPECT_EQ(series[0].kind, "Alias");
  EXPECT_EQ(series[0].outcome, "Throttled");
  EXPECT_EQ(series[1].kind, "Key");
  EXPECT_EQ(series[1].outcome, "Terminal");
  EXPECT_EQ(series[2].kind, "Table");
  EXPECT_EQ(series[2].outcome, "Retry");
  EXPECT_EQ(series[2].count, 1);
  EXPECT_EQ(series[3].kind, "Table");
  EXPECT_EQ(series[3].outcome, "Synced");
  EXPECT_EQ(series[3].count, 2);

  EXPECT_EQ(stats.Count("Table"), 3);
  EXPECT_EQ(stats.Count("Key"), 1);
  EXPECT_EQ(stats.Count("Backup"), 0);
}

TEST(ReconcileStatsTest, ASnapshotIsACopy) {
  ReconcileStats stats;
  stats.Record("Table", Kind::kSynced, milliseconds(1));
  const auto before = stats.Snapshot();
  stats.Record("Table", Kind::kSynced, milliseconds(1));
  EXPECT_EQ(before.front().count, 1);
  EXPECT_EQ(stats.Snapshot().front().count, 2);
}

TEST(ReconcileStatsTest, CountsEveryRecordFromManyThreads) {
  ReconcileStats stats;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&stats, t] {
      for (int i = 0; i < 1000; ++i) {
        stats.Record("Table", t % 2 == 0 ? Kind::kSynced : Kind::kProgressing, milliseconds(i % 20));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(stats.Count("Table"), 4000);
  for (const auto& series : stats.Snapshot()) {
    EXPECT_EQ(series.count, 2000);
    EXPECT_EQ(series.buckets[kInf], 2000);
  }
}

TEST(OutcomeNameTest, NamesEveryOutcome) {
  EXPECT_EQ(OutcomeName(Kind::kSynced), "Synced");
  EXPECT_EQ(OutcomeName(Kind::kProgressing), "Progressing");
  EXPECT_EQ(OutcomeName(Kind::kTerminal), "Terminal");
  EXPECT_EQ(OutcomeName(Kind::kRetry), "Retry");
  EXPECT_EQ(OutcomeName(Kind::kThrottled), "Throttled");
  EXPECT_EQ(OutcomeName(Kind::kGone), "Gone");
}

}  // namespace
}  // namespace tk::runtime
