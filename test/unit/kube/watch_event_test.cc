// The watch stream decoder: events split anywhere, several to a chunk, the
// ERROR event's Status (410 Gone inside the stream), and streams that are
// not events.
#include "kube/watch_event.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kube/api_error.h"

namespace tk::kube {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// Three events as the API server writes them, one per line, with a string
// holding braces, quotes and a backslash to trip a naive framer.
const std::string kStream =
    R"({"type":"ADDED","object":{"kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"10"},)"
    R"("data":{"tricky":"{\"x\": [1, 2]} \\ } ]"}}})"
    "\n"
    R"({"type":"MODIFIED","object":{"kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"11"},"data":{}}})"
    "\n"
    R"({"type":"BOOKMARK","object":{"kind":"ConfigMap","metadata":{"resourceVersion":"15"}}})"
    "\n";

// Feeds `chunks` in order and returns every object decoded.
std::vector<json> DecodeAll(WatchStreamDecoder& decoder, const std::vector<std::string>& chunks) {
  std::vector<json> objects;
  for (const std::string& chunk : chunks) {
    const Status fed = decoder.Feed(chunk, [&](json value) {
      objects.push_back(std::move(value));
      return true;
    });
    EXPECT_TRUE(fed.ok()) << fed.ToString();
  }
  return objects;
}

std::vector<json> Expected() {
  WatchStreamDecoder decoder;
  return DecodeAll(decoder, {kStream});
}

TEST(WatchStreamDecoderTest, DecodesSeveralEventsInOneChunk) {
  const std::vector<json> objects = Expected();
  ASSERT_EQ(objects.size(), 3u);
  EXPECT_EQ(objects[0]["object"]["data"]["tricky"], "{\"x\": [1, 2]} \\ } ]");
  EXPECT_EQ(objects[1]["type"], "MODIFIED");
  EXPECT_EQ(objects[2]["object"]["metadata"]["resourceVersion"], "15");
}

TEST(WatchStreamDecoderTest, SameEventsWhereverTheStreamIsSplitInTwo) {
  const std::vector<json> expected = Expected();
  for (size_t split = 0; split <= kStream.size(); ++split) {
    WatchStreamDecoder decoder;
    const std::vector<json> objects = DecodeAll(decoder, {kStream.substr(0, split), kStream.substr(split)});
    EXPECT_EQ(objects, expected) << "split at byte " << split;
    EXPECT_FALSE(decoder.HasPartialObject()) << "split at byte " << split;
  }
}

TEST(WatchStreamDecoderTest, SameEventsWhereverTheStreamIsSplitInThree) {
  const std::vector<json> expected = Expected();
  for (size_t first = 0; first <= kStream.size(); first += 7) {
    for (size_t second = first; second <= kStream.size(); ++second) {
      WatchStreamDecoder decoder;
      const std::vector<json> objects = DecodeAll(
          decoder, {kStream.substr(0, first), kStream.substr(first, second - first), kStream.substr(second)});
      ASSERT_EQ(objects, expected) << "split at bytes " << first << " and " << second;
    }
  }
}

TEST(WatchStreamDecoderTest, SameEventsOneByteAtATime) {
  std::vector<std::string> bytes;
  for (const char c : kStream) bytes.emplace_back(1, c);
  WatchStreamDecoder decoder;
  EXPECT_EQ(DecodeAll(decoder, bytes), Expected());
}

TEST(WatchStreamDecoderTest, NeedsNoNewlinesAndSkipsWhitespace) {
  WatchStreamDecoder decoder;
  const std::vector<json> objects =
      DecodeAll(decoder, {"\r\n  {\"a\":1}{\"b\":{\"c\":[{}]}}\t\n", "{\"d\":\"}\"}  "});
  ASSERT_EQ(objects.size(), 3u);
  EXPECT_EQ(objects[1]["b"]["c"][0], json::object());
  EXPECT_EQ(objects[2]["d"], "}");
}

TEST(WatchStreamDecoderTest, TellsAPartialObjectAtTheEnd) {
  WatchStreamDecoder decoder;
  EXPECT_TRUE(DecodeAll(decoder, {kStream.substr(0, kStream.size() - 10)}).size() == 2);
  EXPECT_TRUE(decoder.HasPartialObject());
  decoder.Reset();
  EXPECT_FALSE(decoder.HasPartialObject());
  EXPECT_EQ(DecodeAll(decoder, {kStream}).size(), 3u);
}

TEST(WatchStreamDecoderTest, StopsWhenTheHandlerSaysSoAndKeepsTheRest) {
  WatchStreamDecoder decoder;
  std::vector<json> objects;
  const auto take_one = [&](json value) {
    objects.push_back(std::move(value));
    return false;
  };
  ASSERT_TRUE(decoder.Feed(kStream, take_one).ok());
  ASSERT_EQ(objects.size(), 1u);
  ASSERT_TRUE(decoder.Feed("", take_one).ok());
  ASSERT_TRUE(decoder.Feed("", take_one).ok());
  ASSERT_EQ(objects.size(), 3u);
  EXPECT_EQ(objects, Expected());
}

TEST(WatchStreamDecoderTest, RefusesWhatIsNotAStreamOfObjects) {
  for (const std::string bad : {"[1,2]", "nonsense", "{\"a\":tru}", "\"text\""}) {
    WatchStreamDecoder decoder;
    const Status fed = decoder.Feed(bad, [](json) { return true; });
    EXPECT_EQ(fed.code(), Code::kInternal) << bad;
    // And stays failed.
    EXPECT_FALSE(decoder.Feed(kStream, [](json) { return true; }).ok()) << bad;
  }
}

TEST(WatchEventTest, ReadsTypeAndObject) {
  Result<WatchEvent> event = WatchEventFromJson(json::parse(R"({"type":"DELETED","object":{"a":1}})"));
  ASSERT_TRUE(event.ok()) << event.status().ToString();
  EXPECT_EQ(event->type, WatchEventType::kDeleted);
  EXPECT_EQ(event->object, json({{"a", 1}}));
  EXPECT_EQ(WatchEventTypeName(event->type), "DELETED");
}

TEST(WatchEventTest, RefusesWhatIsNotAnEvent) {
  EXPECT_THAT(WatchEventFromJson(json::parse(R"({"object":{}})")).status().message(), HasSubstr("no \"type\""));
  EXPECT_THAT(WatchEventFromJson(json::parse(R"({"type":"EXPLODED","object":{}})")).status().message(),
              HasSubstr("unknown event type \"EXPLODED\""));
  EXPECT_THAT(WatchEventFromJson(json::parse(R"({"type":"ADDED","object":"x"})")).status().message(),
              HasSubstr("carries no object"));
}

TEST(WatchEventTest, AnExpiredErrorEventIsGone) {
  // What kube-apiserver v1.37 sends for a watch from a resourceVersion older
  // than its watch cache (seen on the test world).
  Result<WatchEvent> event = WatchEventFromJson(json::parse(
      R"({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
      R"json("message":"too old resource version: 1 (237)","reason":"Expired","code":410}})json"));
  ASSERT_TRUE(event.ok());
  const Status status = WatchErrorStatus(*event, "/api/v1/configmaps");
  EXPECT_TRUE(IsGone(status)) << status.ToString();
  EXPECT_EQ(status.message(), "too old resource version: 1 (237) (WATCH /api/v1/configmaps: HTTP 410 Expired)");
}

TEST(WatchEventTest, OtherErrorEventsKeepTheirCode) {
  Result<WatchEvent> event = WatchEventFromJson(json::parse(
      R"({"type":"ERROR","object":{"kind":"Status","message":"etcd is sad","reason":"InternalError","code":500}})"));
  ASSERT_TRUE(event.ok());
  const Status status = WatchErrorStatus(*event, "/p");
  EXPECT_EQ(status.code(), Code::kUnavailable);
  EXPECT_FALSE(IsGone(status));
  EXPECT_THAT(status.message(), HasSubstr("etcd is sad"));

  Result<WatchEvent> no_code = WatchEventFromJson(json::parse(R"({"type":"ERROR","object":{"kind":"Status"}})"));
  ASSERT_TRUE(no_code.ok());
  EXPECT_EQ(WatchErrorStatus(*no_code, "/p").code(), Code::kUnavailable);
}

}  // namespace
}  // namespace tk::kube
