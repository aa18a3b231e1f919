// The codec rules under the typed DynamoDB shapes: scalar types, paths in
// messages, absent vs. null vs. wrong type, and what the encoder omits.
#include "aws/dynamodb_json.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tk::aws::dynamodb {
namespace {

using nlohmann::json;

TEST(DynamoDbJsonTest, PathsNameMembersAndElements) {
  EXPECT_EQ(MemberPath("", "Table"), "Table");
  EXPECT_EQ(MemberPath("Table", "KeySchema"), "Table.KeySchema");
  EXPECT_EQ(ElementPath("Table.KeySchema", 2), "Table.KeySchema[2]");
}

TEST(DynamoDbJsonTest, DecodesScalarsOfTheirOwnType) {
  std::string text;
  EXPECT_TRUE(Decode(json("ACTIVE"), "p", &text).ok());
  EXPECT_EQ(text, "ACTIVE");
  bool flag = false;
  EXPECT_TRUE(Decode(json(true), "p", &flag).ok());
  EXPECT_TRUE(flag);
  double when = 0;
  EXPECT_TRUE(Decode(json(1.7000000123e9), "p", &when).ok());
  EXPECT_DOUBLE_EQ(when, 1.7000000123e9);
  EXPECT_TRUE(Decode(json(1700000000), "p", &when).ok());  // a whole-second timestamp
  EXPECT_DOUBLE_EQ(when, 1700000000.0);
}

TEST(DynamoDbJsonTest, IntegersAcceptWholeNumbersInRange) {
  std::int64_t big = 0;
  EXPECT_TRUE(Decode(json(-5), "p", &big).ok());
  EXPECT_EQ(big, -5);
  EXPECT_TRUE(Decode(json(std::uint64_t{9223372036854775807ULL}), "p", &big).ok());
  EXPECT_EQ(big, INT64_MAX);
  EXPECT_TRUE(Decode(json(40.0), "p", &big).ok());  // a whole number written as a float
  EXPECT_EQ(big, 40);

  EXPECT_FALSE(Decode(json(std::uint64_t{9223372036854775808ULL}), "p", &big).ok());
  EXPECT_FALSE(Decode(json(1.5), "p", &big).ok());
  EXPECT_FALSE(Decode(json(1e19), "p", &big).ok());
  EXPECT_FALSE(Decode(json("5"), "p", &big).ok());

  int small = 0;
  EXPECT_TRUE(Decode(json(35), "p", &small).ok());
  EXPECT_EQ(small, 35);
  EXPECT_FALSE(Decode(json(std::int64_t{1} << 40), "p", &small).ok());
}

TEST(DynamoDbJsonTest, WrongTypeNamesThePathAndBothTypesButNotTheValue) {
  std::string text;
  Status status = Decode(json(12345), "Table.TableStatus", &text);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), Code::kInternal);
  EXPECT_EQ(status.message(), "Table.TableStatus: expected a string, got an integer");

  bool flag = false;
  status = Decode(json("secret-looking-value"), "", &flag);
  EXPECT_EQ(status.message(), "the answer: expected a boolean, got a string");

  std::int64_t count = 0;
  status = Decode(json(2.5), "Table.ItemCount", &count);
  EXPECT_EQ(status.message(),
            "Table.ItemCount: expected a 64-bit integer, got a number with a fraction");
}

TEST(DynamoDbJsonTest, ListsNameTheFailingElement) {
  std::vector<std::string> names;
  EXPECT_TRUE(Decode(json::array({"a", "b"}), "L", &names).ok());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b"}));

  Status status = Decode(json::array({"a", 2}), "Projection.NonKeyAttributes", &names);
  EXPECT_EQ(status.message(), "Projection.NonKeyAttributes[1]: expected a string, got an integer");
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b"})) << "a failed decode leaves the output";

  status = Decode(json::object(), "L", &names);
  EXPECT_EQ(status.message(), "L: expected a list, got an object");
}

TEST(DynamoDbJsonTest, OptionalsTreatNullAsUnset) {
  std::optional<std::string> value = "old";
  EXPECT_TRUE(Decode(json(nullptr), "p", &value).ok());
  EXPECT_FALSE(value.has_value());
  EXPECT_TRUE(Decode(json("new"), "p", &value).ok());
  EXPECT_EQ(value, "new");
  EXPECT_FALSE(Decode(json(1), "p", &value).ok());
}

struct Sample {
  std::string name;
  std::optional<std::int64_t> count;
  std::vector<std::string> labels;
};

Status DecodeSample(const json& document, Sample* out) {
  return ObjectDecoder(document, "Sample")
      .Required("Name", &out->name)
      .Field("Count", &out->count)
      .Field("Labels", &out->labels)
      .status();
}

TEST(DynamoDbJsonTest, ObjectDecoderReadsKnownMembersAndIgnoresTheRest) {
  Sample sample;
  ASSERT_TRUE(DecodeSample({{"Name", "x"}, {"Count", 3}, {"Extra", {{"Nested", true}}}}, &sample)
                  .ok());
  EXPECT_EQ(sample.name, "x");
  EXPECT_EQ(sample.count, 3);
  EXPECT_TRUE(sample.labels.empty());
}

TEST(DynamoDbJsonTest, ObjectDecoderReportsMissingRequiredAndTheFirstFailure) {
  Sample sample;
  EXPECT_EQ(DecodeSample({{"Count", 3}}, &sample).message(),
            "Sample.Name: required member missing");
  EXPECT_EQ(DecodeSample({{"Name", nullptr}}, &sample).message(),
            "Sample.Name: required member missing");
  EXPECT_EQ(DecodeSample({{"Name", "x"}, {"Count", "3"}, {"Labels", 1}}, &sample).message(),
            "Sample.Count: expected a 64-bit integer, got a string");
  EXPECT_EQ(DecodeSample(json::array(), &sample).message(),
            "Sample: expected an object, got a list");
}

TEST(DynamoDbJsonTest, EncoderOmitsUnsetOptionalsAndEmptyOptionalLists) {
  const std::optional<std::string> unset;
  const std::optional<std::string> set = "v";
  const std::vector<std::string> empty;
  const std::vector<std::string> two = {"a", "b"};
  json encoded = ObjectEncoder()
                     .Field("Plain", std::string("p"))
                     .Field("Zero", std::int64_t{0})
                     .Field("False", false)
                     .Field("Unset", unset)
                     .Field("Set", set)
                     .Field("EmptyList", empty)
                     .Field("List", two)
                     .RequiredList("RequiredEmpty", empty)
                     .Build();
  EXPECT_EQ(encoded, json::parse(R"({"Plain": "p", "Zero": 0, "False": false, "Set": "v",
                                     "List": ["a", "b"], "RequiredEmpty": []})"));
  EXPECT_EQ(ObjectEncoder().Build(), json::object());
}

}  // namespace
}  // namespace tk::aws::dynamodb
