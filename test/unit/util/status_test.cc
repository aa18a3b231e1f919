#include "util/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace tk {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.code(), Code::kOk);
  EXPECT_EQ(status.ToString(), "ok");
}

TEST(StatusTest, ErrorCarriesCodeAndMessage) {
  Status status(Code::kNotFound, "key alias/orders not found in us-east-1");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), Code::kNotFound);
  EXPECT_EQ(status.ToString(), "not_found: key alias/orders not found in us-east-1");
}

TEST(StatusTest, WithContextPrefixesTheObjectAndKeepsTheCode) {
  Status status = Status(Code::kInvalidArgument, "must start with alias/")
                      .WithContext("Alias shop/orders: spec.name");
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_EQ(status.message(), "Alias shop/orders: spec.name: must start with alias/");
  EXPECT_TRUE(OkStatus().WithContext("ignored").ok());
}

TEST(ResultTest, HoldsAValue) {
  Result<std::string> result(std::string("arn:aws:kms:us-east-1:111122223333:key/k"));
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.status().ok());
  EXPECT_EQ(result->size(), 40u);
  EXPECT_EQ(*result, "arn:aws:kms:us-east-1:111122223333:key/k");
}

TEST(ResultTest, HoldsAnError) {
  Result<int> result(Status(Code::kThrottled, "LimitExceededException"));
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Code::kThrottled);
}

TEST(ResultTest, MovesMoveOnlyValues) {
  Result<std::unique_ptr<int>> result(std::make_unique<int>(7));
  std::unique_ptr<int> value = std::move(result).value();
  EXPECT_EQ(*value, 7);
}

TEST(ResultDeathTest, ValueOfAnErrorAborts) {
  Result<int> result(Status(Code::kInternal, "boom"));
  EXPECT_DEATH(static_cast<void>(result.value()), "");
}

TEST(ResultDeathTest, ConstructingFromOkStatusAborts) {
  EXPECT_DEATH(Result<int>{OkStatus()}, "");
}

TEST(CodeNameTest, NamesEveryCode) {
  EXPECT_EQ(CodeName(Code::kConflict), "conflict");
  EXPECT_EQ(CodeName(Code::kFailedPrecondition), "failed_precondition");
}

}  // namespace
}  // namespace tk
