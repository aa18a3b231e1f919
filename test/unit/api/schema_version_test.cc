// Each CRD's schema version (the tablekeeper.io/schema-version annotation)
// must be bumped whenever the CRD changes: the controller relies on it to
// tell an installed CRD older than its own. This test keeps a fingerprint of
// every CRD at its current version and fails on a change without a bump.
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "api/crd_yaml.h"
#include "api/crds.h"

namespace tk::api {
namespace {

struct Known {
  std::string_view name;
  int32_t schema_version;
  uint64_t fingerprint;
};

// Update an entry only together with the CRD's kSchemaVersion.
constexpr Known kKnown[] = {
    {"keys.kms.services.k8s.aws", 2, 0x6ee79a7d624d7566u},
    {"aliases.kms.services.k8s.aws", 1, 0x9d7b21daf337cb6fu},
    {"tables.dynamodb.services.k8s.aws", 3, 0x5f4f76ffc9e98cd2u},
};

// FNV-1a over the CRD's YAML with the schema version left out, so the
// fingerprint depends on the content only. (A new yaml-cpp that formats
// differently changes it too, as it changes deploy/crds: bump then as well.)
uint64_t Fingerprint(CustomResourceDefinition crd) {
  crd.schema_version = 1;
  uint64_t hash = 0xcbf29ce484222325u;
  for (char c : CrdYaml(crd)) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3u;
  }
  return hash;
}

std::string Hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%016" PRIx64 "u", value);
  return text;
}

TEST(SchemaVersionTest, ChangesComeWithABump) {
  for (const CustomResourceDefinition& crd : AllCrds()) {
    const Known* known = nullptr;
    for (const Known& k : kKnown) {
      if (k.name == crd.Name()) known = &k;
    }
    ASSERT_NE(known, nullptr) << crd.Name() << " has no entry in kKnown: add one";
    const uint64_t fingerprint = Fingerprint(crd);
    if (fingerprint == known->fingerprint) {
      EXPECT_EQ(crd.schema_version, known->schema_version)
          << crd.Name() << ": the schema version changed but the CRD did not";
      continue;
    }
    if (crd.schema_version == known->schema_version) {
      ADD_FAILURE() << crd.Name() << " changed: bump kSchemaVersion in its src/api/*_crd.cc to "
                    << crd.schema_version + 1 << ", then set its kKnown entry here to {"
                    << crd.schema_version + 1 << ", " << Hex(fingerprint) << "}";
    } else {
      ADD_FAILURE() << crd.Name() << " is now at schema version " << crd.schema_version
                    << ": set its kKnown entry here to {" << crd.schema_version << ", "
                    << Hex(fingerprint) << "}";
    }
  }
}

}  // namespace
}  // namespace tk::api
