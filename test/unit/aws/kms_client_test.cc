// kms::Client over a scripted transport: what each method sends, how pages
// are followed, and how failures reach the caller. These are the cases the
// emulator cannot produce (moto never pages, never answers a malformed body);
// every operation is also run against the emulator in
// test/integration/aws/kms_client_test.cc.
#include "aws/kms_client.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <utility>
#include <vector>


namespace tk::aws::kms {
namespace {

struct SentCall {
  std::string operation;
  nlohmann::json input;
};

// Answers calls from a script, in order, and records what was sent. A call
// beyond the script fails the test and answers kInternal.
class ScriptedKms {
 public:
  void Answer(AwsResult<nlohmann::json> answer) { answers_.push_back(std::move(answer)); }
  void Answer(const char* json) { answers_.emplace_back(nlohmann::json::parse(json)); }

  Client::Transport Transport() {
    return [this](std::string_view operation, const nlohmann::json& input) {
      sent_.push_back({std::string(operation), input});
      if (answers_.empty()) {
        ADD_FAILURE() << "unscripted call " << operation << " " << input.dump();
        return AwsResult<nlohmann::json>(Status(Code::kInternal, "unscripted"));
      }
      AwsResult<nlohmann::json> answer = std::move(answers_.front());
      answers_.pop_front();
      return answer;
    };
  }

  const std::vector<SentCall>& sent() const { return sent_; }

 private:
  std::deque<AwsResult<nlohmann::json>> answers_;
  std::vector<SentCall> sent_;
};

AwsError KmsError(std::string code, std::string operation) {
  AwsError error;
  error.service = "kms";
  error.operation = std::move(operation);
  error.code = std::move(code);
  error.message = "scripted";
  error.http_status = 400;
  return error;
}

class KmsClientTest : public ::testing::Test {
 protected:
  ScriptedKms kms_;
  Client client_{kms_.Transport()};
};

TEST_F(KmsClientTest, DescribeKeySendsTheNameAndDecodesTheMetadata) {
  kms_.Answer(R"({"KeyMetadata": {"KeyId": "k-1", "Arn": "arn:aws:kms:us-east-1:1:key/k-1",
                                  "KeyState": "Enabled", "KeyUsage": null}})");
  AwsResult<KeyMetadata> key = client_.DescribeKey("alias/orders");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->arn, "arn:aws:kms:us-east-1:1:key/k-1");
  EXPECT_EQ(key->key_state, "Enabled");
  ASSERT_EQ(kms_.sent().size(), 1u);
  EXPECT_EQ(kms_.sent()[0].operation, "DescribeKey");
  EXPECT_EQ(kms_.sent()[0].input, nlohmann::json::parse(R"({"KeyId":"alias/orders"})"));
}

TEST_F(KmsClientTest, AwsErrorsKeepTheirCode) {
  kms_.Answer(KmsError("NotFoundException", "DescribeKey"));
  AwsResult<KeyMetadata> key = client_.DescribeKey("alias/missing");
  ASSERT_FALSE(key.ok());
  EXPECT_TRUE(key.IsError("NotFoundException"));
  EXPECT_EQ(key.status().code(), Code::kNotFound);

  kms_.Answer(KmsError("KMSInvalidStateException", "EnableKey"));
  AwsResult<Done> enabled = client_.EnableKey("k-1");
  EXPECT_TRUE(enabled.IsError("KMSInvalidStateException"));
  EXPECT_EQ(enabled.status().code(), Code::kFailedPrecondition);

  kms_.Answer(KmsError("AlreadyExistsException", "ListAliases"));
  AwsResult<std::vector<AliasListEntry>> aliases = client_.ListAliases();
  EXPECT_TRUE(aliases.IsError("AlreadyExistsException"));

  kms_.Answer(Status(Code::kUnavailable, "kms ListResourceTags: connection refused"));
  AwsResult<std::vector<Tag>> tags = client_.ListResourceTags({"k-1", std::nullopt, std::nullopt});
  ASSERT_FALSE(tags.ok());
  EXPECT_EQ(tags.error(), nullptr);
  EXPECT_EQ(tags.status().code(), Code::kUnavailable);
}

TEST_F(KmsClientTest, UnreadableAnswersNameTheCallAndTheMember) {
  kms_.Answer(R"({"KeyMetadata": {"KeyId": "k-1", "Enabled": "yes"}})");
  AwsResult<KeyMetadata> key = client_.DescribeKey("alias/orders");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), Code::kInternal);
  EXPECT_EQ(key.error(), nullptr);
  EXPECT_EQ(key.status().message(),
            "kms DescribeKey alias/orders: unreadable answer: KeyMetadata.Enabled: expected a "
            "boolean, found a string");

  kms_.Answer(R"({})");
  AwsResult<KeyMetadata> created = client_.CreateKey({});
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().message(), "kms CreateKey: the answer has no KeyMetadata");

  kms_.Answer(R"({"KeyId": "k", "PendingWindowInDays": "seven"})");
  AwsResult<ScheduleKeyDeletionResponse> scheduled = client_.ScheduleKeyDeletion({"k", 7});
  ASSERT_FALSE(scheduled.ok());
  EXPECT_EQ(scheduled.status().message(),
            "kms ScheduleKeyDeletion k: unreadable answer: PendingWindowInDays: expected an "
            "integer within int's range, found a string");
}

TEST_F(KmsClientTest, EachOperationSendsTheModelsShape) {
  for (int i = 0; i < 14; ++i) kms_.Answer(R"({})");
  CreateKeyRequest create;
  create.description = "orders";
  create.tags = std::vector<Tag>{{"team", "storage"}};
  (void)client_.CreateKey(create);
  (void)client_.EnableKey("k");
  (void)client_.DisableKey("arn:k");
  (void)client_.ScheduleKeyDeletion({"arn:k", 7});
  (void)client_.CancelKeyDeletion("arn:k");
  (void)client_.GetKeyPolicy("k");
  (void)client_.PutKeyPolicy({"k", std::string(kDefaultPolicyName), "{}", std::nullopt});
  (void)client_.EnableKeyRotation({"k", 90});
  (void)client_.DisableKeyRotation("k");
  (void)client_.GetKeyRotationStatus("k");
  (void)client_.TagResource("k", {{"a", "1"}, {"b", "2"}});
  (void)client_.UntagResource("k", {"a", "b"});
  (void)client_.CreateAlias("alias/a", "k");
  (void)client_.UpdateAlias("alias/a", "k2");

  const std::vector<std::pair<std::string, std::string>> expected = {
      {"CreateKey", R"({"Description":"orders","Tags":[{"TagKey":"team","TagValue":"storage"}]})"},
      {"EnableKey", R"({"KeyId":"k"})"},
      {"DisableKey", R"({"KeyId":"arn:k"})"},
      {"ScheduleKeyDeletion", R"({"KeyId":"arn:k","PendingWindowInDays":7})"},
      {"CancelKeyDeletion", R"({"KeyId":"arn:k"})"},
      {"GetKeyPolicy", R"({"KeyId":"k","PolicyName":"default"})"},
      {"PutKeyPolicy", R"({"KeyId":"k","PolicyName":"default","Policy":"{}"})"},
      {"EnableKeyRotation", R"({"KeyId":"k","RotationPeriodInDays":90})"},
      {"DisableKeyRotation", R"({"KeyId":"k"})"},
      {"GetKeyRotationStatus", R"({"KeyId":"k"})"},
      {"TagResource",
       R"({"KeyId":"k","Tags":[{"TagKey":"a","TagValue":"1"},{"TagKey":"b","TagValue":"2"}]})"},
      {"UntagResource", R"({"KeyId":"k","TagKeys":["a","b"]})"},
      {"CreateAlias", R"({"AliasName":"alias/a","TargetKeyId":"k"})"},
      {"UpdateAlias", R"({"AliasName":"alias/a","TargetKeyId":"k2"})"},
  };
  ASSERT_EQ(kms_.sent().size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(kms_.sent()[i].operation, expected[i].first);
    EXPECT_EQ(kms_.sent()[i].input, nlohmann::json::parse(expected[i].second))
        << expected[i].first;
  }
}

TEST_F(KmsClientTest, ListAliasesFollowsMarkersAcrossPages) {
  kms_.Answer(R"({"Aliases": [{"AliasName": "alias/a"}, {"AliasName": "alias/b"}],
                  "NextMarker": "m-1", "Truncated": true})");
  kms_.Answer(R"({"Aliases": [], "NextMarker": "m-2", "Truncated": true})");
  kms_.Answer(R"({"Aliases": [{"AliasName": "alias/c"}], "Truncated": false})");
  AwsResult<std::vector<AliasListEntry>> aliases = client_.ListAliases({"k-1", 2, std::nullopt});
  ASSERT_TRUE(aliases.ok()) << aliases.status().ToString();
  ASSERT_EQ(aliases->size(), 3u);
  EXPECT_EQ(aliases->at(0).alias_name, "alias/a");
  EXPECT_EQ(aliases->at(2).alias_name, "alias/c");
  ASSERT_EQ(kms_.sent().size(), 3u);
  EXPECT_EQ(kms_.sent()[0].input, nlohmann::json::parse(R"({"KeyId":"k-1","Limit":2})"));
  EXPECT_EQ(kms_.sent()[1].input,
            nlohmann::json::parse(R"({"KeyId":"k-1","Limit":2,"Marker":"m-1"})"));
  EXPECT_EQ(kms_.sent()[2].input,
            nlohmann::json::parse(R"({"KeyId":"k-1","Limit":2,"Marker":"m-2"})"));
}

TEST_F(KmsClientTest, ListResourceTagsFollowsMarkersAndStopsWithoutTruncated) {
  kms_.Answer(R"({"Tags": [{"TagKey": "a", "TagValue": "1"}], "NextMarker": "m-1",
                  "Truncated": true})");
  // NextMarker without Truncated: the listing is complete.
  kms_.Answer(R"({"Tags": [{"TagKey": "b", "TagValue": "2"}], "NextMarker": "ignored"})");
  AwsResult<std::vector<Tag>> tags = client_.ListResourceTags({"k", 1, std::nullopt});
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  EXPECT_EQ(*tags, (std::vector<Tag>{{"a", "1"}, {"b", "2"}}));
  ASSERT_EQ(kms_.sent().size(), 2u);
  EXPECT_EQ(kms_.sent()[1].input,
            nlohmann::json::parse(R"({"KeyId":"k","Limit":1,"Marker":"m-1"})"));
}

TEST_F(KmsClientTest, AFailureOnALaterPageFailsTheListing) {
  kms_.Answer(R"({"Aliases": [{"AliasName": "alias/a"}], "NextMarker": "m-1",
                  "Truncated": true})");
  kms_.Answer(KmsError("InvalidMarkerException", "ListAliases"));
  AwsResult<std::vector<AliasListEntry>> aliases = client_.ListAliases();
  ASSERT_FALSE(aliases.ok());
  EXPECT_TRUE(aliases.IsError("InvalidMarkerException"));
}

TEST_F(KmsClientTest, BrokenPagingIsReportedNotLooped) {
  kms_.Answer(R"({"Aliases": [], "Truncated": true})");
  AwsResult<std::vector<AliasListEntry>> no_marker = client_.ListAliases();
  ASSERT_FALSE(no_marker.ok());
  EXPECT_EQ(no_marker.status().code(), Code::kInternal);
  EXPECT_EQ(no_marker.status().message(),
            "kms ListAliases: unreadable answer (page 1): Truncated is true but NextMarker is "
            "missing");

  kms_.Answer(R"({"Tags": [], "NextMarker": "m-1", "Truncated": true})");
  kms_.Answer(R"({"Tags": [], "NextMarker": "m-1", "Truncated": true})");
  AwsResult<std::vector<Tag>> same_marker =
      client_.ListResourceTags({"k", std::nullopt, std::nullopt});
  ASSERT_FALSE(same_marker.ok());
  EXPECT_NE(same_marker.status().message().find("kms ListResourceTags k: page 2 answered "
                                                "Truncated with the marker it was given"),
            std::string::npos)
      << same_marker.status().message();

  kms_.Answer(R"({"Aliases": [{"AliasName": 7}]})");
  AwsResult<std::vector<AliasListEntry>> bad = client_.ListAliases();
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "kms ListAliases: unreadable answer (page 1): Aliases[0].AliasName: expected a "
            "string, found a number");
}

TEST(KmsClientPagingTest, GivesUpAfterMaxPages) {
  int calls = 0;
  Client client([&calls](std::string_view, const nlohmann::json&) -> AwsResult<nlohmann::json> {
    ++calls;
    return nlohmann::json{{"Aliases", nlohmann::json::array()},
                          {"NextMarker", fmt::format("m-{}", calls)},
                          {"Truncated", true}};
  });
  AwsResult<std::vector<AliasListEntry>> aliases = client.ListAliases();
  ASSERT_FALSE(aliases.ok());
  EXPECT_EQ(aliases.status().code(), Code::kInternal);
  EXPECT_EQ(calls, Client::kMaxPages);
  EXPECT_NE(aliases.status().message().find("still Truncated after 1000 pages"),
            std::string::npos)
      << aliases.status().message();
}

}  // namespace
}  // namespace tk::aws::kms
