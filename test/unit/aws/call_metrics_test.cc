#include "aws/call_metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace tk::aws {
namespace {

using std::chrono::milliseconds;

TEST(CallMetricsTest, CountsBySeriesAndSumsAttemptsAndLatency) {
  CallMetrics metrics;
  metrics.Record({"dynamodb", "DescribeTable", CallOutcome::kSuccess, "", 1, milliseconds(5)});
  metrics.Record({"dynamodb", "DescribeTable", CallOutcome::kSuccess, "", 3, milliseconds(7)});
  metrics.Record({"dynamodb", "DescribeTable", CallOutcome::kError, "ResourceNotFoundException", 1,
                  milliseconds(1)});
  metrics.Record({"dynamodb", "UpdateTable", CallOutcome::kThrottled, "LimitExceededException", 1,
                  milliseconds(2)});
  metrics.Record({"kms", "DescribeKey", CallOutcome::kTransient, "", 3, milliseconds(9)});

  EXPECT_EQ(metrics.Calls("dynamodb", "DescribeTable"), 3);
  EXPECT_EQ(metrics.Attempts("dynamodb", "DescribeTable"), 5);
  EXPECT_EQ(metrics.Calls("dynamodb", "DescribeTable", CallOutcome::kSuccess), 2);
  EXPECT_EQ(metrics.Calls("dynamodb", "UpdateTable", CallOutcome::kThrottled), 1);
  EXPECT_EQ(metrics.Calls("kms", "CreateKey"), 0);

  const std::vector<CallSeries> snapshot = metrics.Snapshot();
  ASSERT_EQ(snapshot.size(), 4u);
  EXPECT_EQ(snapshot[0].service, "dynamodb");
  EXPECT_EQ(snapshot[0].operation, "DescribeTable");
  EXPECT_EQ(snapshot[0].outcome, CallOutcome::kSuccess);
  EXPECT_EQ(snapshot[0].calls, 2);
  EXPECT_EQ(snapshot[0].attempts, 4);
  EXPECT_EQ(snapshot[0].latency_sum, milliseconds(12));
  EXPECT_EQ(snapshot[1].outcome, CallOutcome::kError);
  EXPECT_EQ(snapshot[1].error_code, "ResourceNotFoundException");
  EXPECT_EQ(snapshot[2].operation, "UpdateTable");
  EXPECT_EQ(snapshot[3].service, "kms");
  EXPECT_EQ(CallOutcomeName(snapshot[3].outcome), "transient");
}

TEST(CallMetricsTest, IsSafeToRecordFromManyThreads) {
  CallMetrics metrics;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        metrics.Record({"kms", "DescribeKey", CallOutcome::kSuccess, "", 2, milliseconds(1)});
        (void)metrics.Snapshot();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(metrics.Calls("kms", "DescribeKey"), 8000);
  EXPECT_EQ(metrics.Attempts("kms", "DescribeKey"), 16000);
}

}  // namespace
}  // namespace tk::aws
