// EventCorrelator on explicit times: the spam filter per object, series of
// identical events within the window, names, and the cache bounds.
#include "kube/event_correlator.h"

#include <gtest/gtest.h>

#include <set>

namespace tk::kube {
namespace {

using namespace std::chrono_literals;
using Action = EventDecision::Action;

const ObjectReference kTable{"dynamodb.services.k8s.aws/v1alpha1", "Table", "shop", "orders", "uid-1", "7"};

RecordedEvent At(Clock::Duration time, const ObjectReference& object = kTable, std::string reason = "Synced",
                 std::string message = "table is in sync", EventType type = EventType::kNormal) {
  RecordedEvent event;
  event.object = object;
  event.type = type;
  event.reason = std::move(reason);
  event.message = std::move(message);
  event.time = Clock::TimePoint{} + time;
  event.wall_time = std::chrono::system_clock::time_point{} + std::chrono::hours(24 * 365 * 56) + time;
  return event;
}

TEST(EventCorrelatorTest, IdenticalEventsFormOneSeriesCountingUp) {
  EventCorrelator correlator;
  const EventDecision first = correlator.Correlate(At(0s));
  EXPECT_EQ(first.action, Action::kCreate);
  EXPECT_EQ(first.count, 1);
  EXPECT_EQ(first.name.rfind("orders.", 0), 0u) << first.name;
  EXPECT_EQ(first.name.size(), std::string("orders.").size() + 16);
  for (int i = 2; i <= 10; ++i) {
    const EventDecision next = correlator.Correlate(At(std::chrono::seconds(i)));
    EXPECT_EQ(next.action, Action::kPatch);
    EXPECT_EQ(next.name, first.name);
    EXPECT_EQ(next.count, i);
    EXPECT_EQ(next.first_time, first.first_time);
  }
}

TEST(EventCorrelatorTest, ANewResourceVersionStaysInTheSeries) {
  EventCorrelator correlator;
  ObjectReference later = kTable;
  later.resource_version = "8";
  const std::string name = correlator.Correlate(At(0s)).name;
  const EventDecision next = correlator.Correlate(At(1s, later));
  EXPECT_EQ(next.action, Action::kPatch);
  EXPECT_EQ(next.name, name);
}

TEST(EventCorrelatorTest, EventsDifferingInAnythingElseStartTheirOwnSeries) {
  EventCorrelator correlator;
  ObjectReference other = kTable;
  other.name = "payments";
  ObjectReference recreated = kTable;
  recreated.uid = "uid-2";
  std::set<std::string> names;
  for (const RecordedEvent& event :
       {At(0s), At(1s, kTable, "Throttled"), At(2s, kTable, "Synced", "other message"),
        At(3s, kTable, "Synced", "table is in sync", EventType::kWarning), At(4s, other), At(5s, recreated)}) {
    const EventDecision decision = correlator.Correlate(event);
    EXPECT_EQ(decision.action, Action::kCreate);
    EXPECT_EQ(decision.count, 1);
    names.insert(decision.name);
  }
  EXPECT_EQ(names.size(), 6u);
}

TEST(EventCorrelatorTest, ASeriesEndsWhenTheGapExceedsTheWindow) {
  EventCorrelator correlator;  // 10 minutes
  const std::string first = correlator.Correlate(At(0s)).name;
  EXPECT_EQ(correlator.Correlate(At(10min)).action, Action::kPatch);  // gap of exactly the window
  const EventDecision after = correlator.Correlate(At(20min + 1ms));
  EXPECT_EQ(after.action, Action::kCreate);
  EXPECT_NE(after.name, first);
  EXPECT_EQ(after.count, 1);
}

TEST(EventCorrelatorTest, TheSpamFilterAllowsABurstPerObjectThenOnePerInterval) {
  EventCorrelator correlator;  // 25, one per 5 minutes
  for (int i = 0; i < 25; ++i) {
    EXPECT_NE(correlator.Correlate(At(std::chrono::milliseconds(i))).action, Action::kDrop) << i;
  }
  EXPECT_EQ(correlator.Correlate(At(100ms)).action, Action::kDrop);
  EXPECT_EQ(correlator.Correlate(At(100ms, kTable, "Other")).action, Action::kDrop)
      << "the bucket is the object's, whatever the reason";
  ObjectReference other = kTable;
  other.name = "payments";
  EXPECT_EQ(correlator.Correlate(At(100ms, other)).action, Action::kCreate);

  EXPECT_EQ(correlator.Correlate(At(4min)).action, Action::kDrop);
  const EventDecision refilled = correlator.Correlate(At(5min + 1s));
  EXPECT_EQ(refilled.action, Action::kPatch);
  EXPECT_EQ(refilled.count, 26) << "dropped events are not counted";
  EXPECT_EQ(correlator.Correlate(At(5min + 2s)).action, Action::kDrop);
}

TEST(EventCorrelatorTest, TheSpamFilterIsConfigurable) {
  EventCorrelatorOptions options;
  options.spam_burst = 2;
  options.spam_refill_interval = 1s;
  EventCorrelator correlator(options);
  EXPECT_NE(correlator.Correlate(At(0s)).action, Action::kDrop);
  EXPECT_NE(correlator.Correlate(At(0s)).action, Action::kDrop);
  EXPECT_EQ(correlator.Correlate(At(0s)).action, Action::kDrop);
  EXPECT_NE(correlator.Correlate(At(1s)).action, Action::kDrop);
}

TEST(EventCorrelatorTest, NamesAreUniqueEvenAtTheSameInstant) {
  EventCorrelator correlator;
  std::set<std::string> names;
  for (int i = 0; i < 20; ++i) {
    names.insert(correlator.Correlate(At(0s, kTable, "Reason" + std::to_string(i))).name);
  }
  EXPECT_EQ(names.size(), 20u);
}

TEST(EventCorrelatorTest, TheObjectCacheForgetsTheLeastRecentlySeen) {
  EventCorrelatorOptions options;
  options.max_cached_objects = 2;
  options.spam_burst = 1;
  EventCorrelator correlator(options);
  ObjectReference a = kTable, b = kTable, c = kTable;
  a.name = "a";
  b.name = "b";
  c.name = "c";
  EXPECT_NE(correlator.Correlate(At(0s, a)).action, Action::kDrop);
  EXPECT_NE(correlator.Correlate(At(1s, b)).action, Action::kDrop);
  EXPECT_EQ(correlator.Correlate(At(2s, a)).action, Action::kDrop);  // a's bucket is empty
  EXPECT_EQ(correlator.Correlate(At(3s, b)).action, Action::kDrop);
  EXPECT_NE(correlator.Correlate(At(4s, c)).action, Action::kDrop);  // forgets a, least recent
  EXPECT_NE(correlator.Correlate(At(5s, a)).action, Action::kDrop) << "a forgotten object's bucket is full";
  EXPECT_EQ(correlator.Correlate(At(6s, c)).action, Action::kDrop);
}

TEST(EventCorrelatorTest, TheSeriesCacheForgetsTheLeastRecentlySeen) {
  EventCorrelatorOptions options;
  options.max_cached_series = 2;
  EventCorrelator correlator(options);
  const std::string a = correlator.Correlate(At(0s, kTable, "A")).name;
  correlator.Correlate(At(1s, kTable, "B"));
  correlator.Correlate(At(2s, kTable, "C"));  // forgets A
  const EventDecision again = correlator.Correlate(At(3s, kTable, "A"));
  EXPECT_EQ(again.action, Action::kCreate);
  EXPECT_NE(again.name, a);
  EXPECT_EQ(correlator.Correlate(At(4s, kTable, "C")).action, Action::kPatch);
}

}  // namespace
}  // namespace tk::kube
