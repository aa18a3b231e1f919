// ObjectCache: keys, shared immutable objects, and indexes kept in step with
// every put and remove.
#include "kube/object_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace tk::kube {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A Table-like object referring to KMS keys by name in spec.keys.
ObjectPtr Table(const std::string& namespace_name, const std::string& name, std::vector<std::string> keys,
                const std::string& resource_version = "1") {
  json object = {{"kind", "Table"},
                 {"metadata", {{"name", name}, {"resourceVersion", resource_version}, {"uid", "u-" + name}}},
                 {"spec", {{"keys", keys}}}};
  if (!namespace_name.empty()) object["metadata"]["namespace"] = namespace_name;
  return std::make_shared<const json>(std::move(object));
}

// "by referenced Key": namespace/key of every key named in spec.keys.
std::vector<std::string> ByReferencedKey(const json& object) {
  std::vector<std::string> values;
  for (const json& key : object.at("spec").at("keys")) {
    values.push_back(object["metadata"].value("namespace", "") + "/" + key.get<std::string>());
  }
  return values;
}

std::vector<std::string> NamesOf(const std::vector<ObjectPtr>& objects) {
  std::vector<std::string> names;
  for (const ObjectPtr& object : objects) names.push_back(NameOf(*object));
  return names;
}

std::vector<std::string> NamesIn(const ObjectCache& cache, std::string_view index, std::string_view value) {
  Result<std::vector<ObjectPtr>> objects = cache.ByIndex(index, value);
  EXPECT_TRUE(objects.ok()) << objects.status().ToString();
  return objects.ok() ? NamesOf(*objects) : std::vector<std::string>{};
}

TEST(ObjectKeyTest, IsNamespaceSlashNameOrJustTheName) {
  EXPECT_EQ(ObjectKeyOf(*Table("shop", "orders", {})), "shop/orders");
  EXPECT_EQ(ObjectKeyOf(*Table("", "cluster-wide", {})), "cluster-wide");
  EXPECT_EQ(ObjectKeyOf(json{{"metadata", {{"namespace", "shop"}}}}), "");
  EXPECT_EQ(ObjectKeyOf(json("not an object")), "");
  EXPECT_EQ(ObjectKeyOf(json{{"metadata", {{"name", 7}}}}), "");
  EXPECT_EQ(ResourceVersionOf(*Table("a", "b", {}, "99")), "99");
  EXPECT_EQ(UidOf(*Table("a", "b", {})), "u-b");
}

TEST(ObjectCacheTest, PutsGetsAndRemovesSharedObjects) {
  ObjectCache cache;
  const ObjectPtr first = Table("shop", "orders", {}, "1");
  EXPECT_EQ(cache.Put(first), nullptr);
  EXPECT_EQ(cache.Get("shop/orders"), first);  // the same object, not a copy

  const ObjectPtr second = Table("shop", "orders", {}, "2");
  EXPECT_EQ(cache.Put(second), first);
  EXPECT_EQ(cache.Get("shop/orders"), second);
  EXPECT_EQ(ResourceVersionOf(*first), "1");  // what a reader kept is untouched

  EXPECT_EQ(cache.Remove("shop/orders"), second);
  EXPECT_EQ(cache.Remove("shop/orders"), nullptr);
  EXPECT_EQ(cache.Get("shop/orders"), nullptr);
  EXPECT_EQ(cache.Size(), 0u);
}

TEST(ObjectCacheTest, ListsInKeyOrderAndIgnoresObjectsWithoutAName) {
  ObjectCache cache;
  cache.Put(Table("b", "x", {}));
  cache.Put(Table("a", "y", {}));
  cache.Put(Table("", "z", {}));
  EXPECT_EQ(cache.Put(std::make_shared<const json>(json{{"metadata", json::object()}})), nullptr);
  EXPECT_THAT(cache.Keys(), ElementsAre("a/y", "b/x", "z"));
  EXPECT_THAT(NamesOf(cache.List()), ElementsAre("y", "x", "z"));
}

TEST(ObjectCacheTest, IndexesByNamespace) {
  ObjectCache cache;
  cache.Put(Table("shop", "orders", {}));
  cache.Put(Table("shop", "carts", {}));
  cache.Put(Table("billing", "invoices", {}));
  cache.Put(Table("", "global", {}));
  EXPECT_THAT(NamesIn(cache, ObjectCache::kNamespaceIndex, "shop"), ElementsAre("carts", "orders"));
  EXPECT_THAT(NamesIn(cache, ObjectCache::kNamespaceIndex, "billing"), ElementsAre("invoices"));
  EXPECT_THAT(*cache.IndexValues(ObjectCache::kNamespaceIndex), ElementsAre("billing", "shop"));
}

TEST(ObjectCacheTest, CustomIndexFollowsAddUpdateAndDelete) {
  ObjectCache cache;
  ASSERT_TRUE(cache.AddIndex("by-key", ByReferencedKey).ok());

  // Add.
  cache.Put(Table("shop", "orders", {"k1", "k2"}));
  cache.Put(Table("shop", "carts", {"k1"}));
  EXPECT_THAT(NamesIn(cache, "by-key", "shop/k1"), ElementsAre("carts", "orders"));
  EXPECT_THAT(NamesIn(cache, "by-key", "shop/k2"), ElementsAre("orders"));

  // Update: orders moves from k1,k2 to k3; the old values let go of it.
  cache.Put(Table("shop", "orders", {"k3"}, "2"));
  EXPECT_THAT(NamesIn(cache, "by-key", "shop/k1"), ElementsAre("carts"));
  EXPECT_THAT(NamesIn(cache, "by-key", "shop/k2"), IsEmpty());
  EXPECT_THAT(NamesIn(cache, "by-key", "shop/k3"), ElementsAre("orders"));
  EXPECT_THAT(*cache.IndexValues("by-key"), ElementsAre("shop/k1", "shop/k3"));

  // Delete.
  cache.Remove("shop/carts");
  EXPECT_THAT(NamesIn(cache, "by-key", "shop/k1"), IsEmpty());
  EXPECT_THAT(*cache.IndexValues("by-key"), ElementsAre("shop/k3"));
  cache.Remove("shop/orders");
  EXPECT_THAT(*cache.IndexValues("by-key"), IsEmpty());
  EXPECT_THAT(*cache.IndexValues(ObjectCache::kNamespaceIndex), IsEmpty());
}

TEST(ObjectCacheTest, DuplicateIndexValuesCountOnce) {
  ObjectCache cache;
  ASSERT_TRUE(cache.AddIndex("by-key", ByReferencedKey).ok());
  cache.Put(Table("shop", "orders", {"k1", "k1"}));
  EXPECT_THAT(NamesIn(cache, "by-key", "shop/k1"), ElementsAre("orders"));
  cache.Put(Table("shop", "orders", {}, "2"));
  EXPECT_THAT(*cache.IndexValues("by-key"), IsEmpty());
}

TEST(ObjectCacheTest, AnIndexAddedLateCoversWhatIsCached) {
  ObjectCache cache;
  cache.Put(Table("shop", "orders", {"k1"}));
  ASSERT_TRUE(cache.AddIndex("by-key", ByReferencedKey).ok());
  EXPECT_THAT(NamesIn(cache, "by-key", "shop/k1"), ElementsAre("orders"));
}

TEST(ObjectCacheTest, RefusesBadIndexesAndUnknownOnes) {
  ObjectCache cache;
  EXPECT_EQ(cache.AddIndex("namespace", ByReferencedKey).code(), Code::kAlreadyExists);
  EXPECT_EQ(cache.AddIndex("", ByReferencedKey).code(), Code::kInvalidArgument);
  EXPECT_EQ(cache.AddIndex("null", nullptr).code(), Code::kInvalidArgument);
  EXPECT_EQ(cache.ByIndex("nope", "x").status().code(), Code::kNotFound);
  EXPECT_EQ(cache.IndexValues("nope").status().code(), Code::kNotFound);
}

TEST(ObjectCacheTest, AThrowingIndexFunctionIndexesUnderNothing) {
  ObjectCache cache;
  ASSERT_TRUE(cache.AddIndex("by-key", ByReferencedKey).ok());  // .at("spec") throws without a spec
  cache.Put(std::make_shared<const json>(json{{"metadata", {{"name", "bare"}, {"namespace", "shop"}}}}));
  EXPECT_NE(cache.Get("shop/bare"), nullptr);
  EXPECT_THAT(*cache.IndexValues("by-key"), IsEmpty());
  EXPECT_THAT(NamesIn(cache, ObjectCache::kNamespaceIndex, "shop"), ElementsAre("bare"));
  cache.Remove("shop/bare");
  EXPECT_EQ(cache.Size(), 0u);
}

TEST(ObjectCacheTest, ReadersAndAWriterAtOnce) {
  ObjectCache cache;
  ASSERT_TRUE(cache.AddIndex("by-key", ByReferencedKey).ok());
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 2000; ++i) {
      const std::string name = "t" + std::to_string(i % 50);
      if (i % 3 == 2) {
        cache.Remove("shop/" + name);
      } else {
        cache.Put(Table("shop", name, {"k" + std::to_string(i % 7)}, std::to_string(i)));
      }
    }
    done = true;
  });
  size_t reads = 0;
  while (!done) {
    // Every object an index names is in the cache and does refer to the key.
    for (int k = 0; k < 7; ++k) {
      Result<std::vector<ObjectPtr>> objects = cache.ByIndex("by-key", "shop/k" + std::to_string(k));
      ASSERT_TRUE(objects.ok());
      for (const ObjectPtr& object : *objects) {
        ASSERT_EQ((*object)["spec"]["keys"][0], "k" + std::to_string(k));
      }
    }
    reads += cache.List().size();
  }
  writer.join();
  SUCCEED() << reads;
}

}  // namespace
}  // namespace tk::kube
