// The re-list diff: net changes per object, deletes carrying the last state
// known, recreated objects as delete then add, nothing for what did not change.
#include "kube/reflector_diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tk::kube {
namespace {

using nlohmann::json;

ObjectPtr Object(const std::string& name, const std::string& resource_version, const std::string& uid = "",
                 const std::string& namespace_name = "ns") {
  return std::make_shared<const json>(
      json{{"metadata",
            {{"name", name},
             {"namespace", namespace_name},
             {"resourceVersion", resource_version},
             {"uid", uid.empty() ? "uid-" + name : uid}}}});
}

// "kind name rv" for each change, e.g. "update b 1->3".
std::vector<std::string> Describe(const std::vector<ObjectChange>& changes) {
  std::vector<std::string> lines;
  for (const ObjectChange& change : changes) {
    switch (change.type) {
      case ObjectChange::Type::kAdded:
        EXPECT_EQ(change.old_object, nullptr);
        lines.push_back("add " + NameOf(*change.new_object) + " " + ResourceVersionOf(*change.new_object));
        break;
      case ObjectChange::Type::kUpdated:
        lines.push_back("update " + NameOf(*change.new_object) + " " + ResourceVersionOf(*change.old_object) +
                        "->" + ResourceVersionOf(*change.new_object));
        break;
      case ObjectChange::Type::kDeleted:
        EXPECT_EQ(change.new_object, nullptr);
        lines.push_back("delete " + NameOf(*change.old_object) + " " + ResourceVersionOf(*change.old_object) +
                        " " + UidOf(*change.old_object));
        break;
    }
  }
  return lines;
}

TEST(DiffForRelistTest, FirstListAddsEverything) {
  EXPECT_THAT(Describe(DiffForRelist({}, {Object("b", "2"), Object("a", "1")})),
              ::testing::ElementsAre("add a 1", "add b 2"));
}

TEST(DiffForRelistTest, SameListChangesNothing) {
  const std::vector<ObjectPtr> objects = {Object("a", "1"), Object("b", "2")};
  // Equal by uid and resourceVersion, even as different copies.
  EXPECT_TRUE(DiffForRelist(objects, {Object("a", "1"), Object("b", "2")}).empty());
}

TEST(DiffForRelistTest, NetChangesOfAGap) {
  const std::vector<ObjectPtr> cached = {Object("kept", "1"), Object("changed", "2"), Object("gone", "3"),
                                         Object("reborn", "4", "uid-old")};
  const std::vector<ObjectPtr> listed = {Object("kept", "1"), Object("changed", "7"), Object("new", "8"),
                                         Object("reborn", "9", "uid-new")};
  const std::vector<ObjectChange> changes = DiffForRelist(cached, listed);
  EXPECT_THAT(Describe(changes), ::testing::ElementsAre("delete gone 3 uid-gone", "delete reborn 4 uid-old",
                                                        "update changed 2->7", "add new 8", "add reborn 9"));
  // Deletes carry the very object last cached.
  EXPECT_EQ(changes[0].old_object, cached[2]);
  EXPECT_EQ(changes[2].old_object, cached[1]);
  EXPECT_EQ(changes[2].new_object, listed[1]);
}

TEST(DiffForRelistTest, EverythingGone) {
  EXPECT_THAT(Describe(DiffForRelist({Object("a", "1"), Object("b", "2")}, {})),
              ::testing::ElementsAre("delete a 1 uid-a", "delete b 2 uid-b"));
}

TEST(DiffForRelistTest, KeysIncludeTheNamespace) {
  EXPECT_THAT(Describe(DiffForRelist({Object("a", "1", "u1", "ns1")}, {Object("a", "1", "u2", "ns2")})),
              ::testing::ElementsAre("delete a 1 u1", "add a 1"));
}

TEST(DiffForRelistTest, LeavesOutObjectsWithoutAName) {
  const ObjectPtr nameless = std::make_shared<const json>(json{{"metadata", {{"resourceVersion", "1"}}}});
  EXPECT_TRUE(DiffForRelist({nameless, nullptr}, {nameless}).empty());
}

}  // namespace
}  // namespace tk::kube
