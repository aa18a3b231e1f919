#include "services/dynamodb/table_spec.h"

#include <algorithm>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "services/dynamodb/spec_fields.h"

namespace tk::services::dynamodb {
namespace {

using nlohmann::json;

constexpr std::string_view kProvisioned = ddb::billing_mode::kProvisioned;
constexpr std::string_view kPayPerRequest = ddb::billing_mode::kPayPerRequest;

// DynamoDB's rule for table and index names: 3 to 255 of a-z A-Z 0-9 _ - .
Status CheckName(const std::string& path, const std::string& name) {
  const bool allowed_characters = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.';
  });
  if (name.size() < 3 || name.size() > 255 || !allowed_characters) {
    return InvalidField(path, fmt::format("\"{}\" is not a valid DynamoDB name: use 3 to 255 "
                                          "letters, digits, '_', '-' or '.'",
                                          name));
  }
  return OkStatus();
}

// A string member that must be present and not empty.
Status RequiredString(FieldReader& reader, std::string_view name, std::string* out) {
  std::optional<std::string> value;
  reader.String(name, &value);
  if (!reader.ok()) return reader.status();
  if (!value || value->empty()) return InvalidField(reader.PathOf(name), "required");
  *out = std::move(*value);
  return OkStatus();
}

Result<std::vector<ddb::AttributeDefinition>> ParseAttributeDefinitions(FieldReader& spec) {
  const json* list = spec.List("attributeDefinitions");
  if (!spec.ok()) return spec.status();
  const std::string path = spec.PathOf("attributeDefinitions");
  if (list == nullptr || list->empty()) {
    return InvalidField(path, "required: list the attributes the key schemas use, e.g. "
                              "{attributeName: id, attributeType: S}");
  }
  std::vector<ddb::AttributeDefinition> definitions;
  std::set<std::string> names;
  for (std::size_t i = 0; i < list->size(); ++i) {
    FieldReader element((*list)[i], IndexPath(path, i));
    ddb::AttributeDefinition definition;
    std::optional<std::string> type;
    if (Status status = RequiredString(element, "attributeName", &definition.attribute_name);
        !status.ok()) {
      return status;
    }
    element.Enum("attributeType", {"S", "N", "B"}, &type);
    if (!element.ok()) return element.status();
    if (!type) return InvalidField(element.PathOf("attributeType"), "required: S, N or B");
    definition.attribute_type = *type;
    if (!names.insert(definition.attribute_name).second) {
      return InvalidField(element.PathOf("attributeName"),
                          fmt::format("\"{}\" is defined twice; define each attribute once",
                                      definition.attribute_name));
    }
    definitions.push_back(std::move(definition));
  }
  return definitions;
}

// A keySchema list at `path`: one HASH and at most one RANGE, each attribute
// defined in `definitions`.
Result<std::vector<ddb::KeySchemaElement>> ParseKeySchema(
    const json* list, const std::string& path,
    const std::vector<ddb::AttributeDefinition>& definitions) {
  if (list == nullptr || list->empty()) {
    return InvalidField(path, "required: a HASH key, and optionally a RANGE key");
  }
  if (!list->is_array()) return WrongFieldType(path, "a list", *list);
  if (list->size() > 2) {
    return InvalidField(path, "at most two elements: one HASH key and one RANGE key");
  }
  std::vector<ddb::KeySchemaElement> elements;
  for (std::size_t i = 0; i < list->size(); ++i) {
    FieldReader element((*list)[i], IndexPath(path, i));
    ddb::KeySchemaElement key;
    if (Status status = RequiredString(element, "attributeName", &key.attribute_name);
        !status.ok()) {
      return status;
    }
    std::optional<std::string> key_type;
    element.Enum("keyType", {"HASH", "RANGE"}, &key_type);
    if (!element.ok()) return element.status();
    if (!key_type) return InvalidField(element.PathOf("keyType"), "required: HASH or RANGE");
    key.key_type = *key_type;
    const bool defined = std::any_of(definitions.begin(), definitions.end(), [&](const auto& d) {
      return d.attribute_name == key.attribute_name;
    });
    if (!defined) {
      return InvalidField(element.PathOf("attributeName"),
                          fmt::format("attribute \"{}\" is not in spec.attributeDefinitions; "
                                      "add it there with its type",
                                      key.attribute_name));
    }
    elements.push_back(std::move(key));
  }
  const auto count = [&](std::string_view type) {
    return std::count_if(elements.begin(), elements.end(),
                         [&](const auto& e) { return e.key_type == type; });
  };
  if (count("HASH") != 1 || count("RANGE") > 1) {
    return InvalidField(path, "needs exactly one HASH key and at most one RANGE key");
  }
  if (elements.size() == 2 && elements[0].attribute_name == elements[1].attribute_name) {
    return InvalidField(path, "the HASH and RANGE keys must be different attributes");
  }
  return InAwsKeyOrder(std::move(elements));
}

Result<ddb::Projection> ParseProjection(FieldReader& index) {
  const json* object = index.Object("projection");
  if (!index.ok()) return index.status();
  const std::string path = index.PathOf("projection");
  if (object == nullptr) {
    return InvalidField(path, "required: {projectionType: ALL}, KEYS_ONLY, or INCLUDE with "
                              "nonKeyAttributes");
  }
  FieldReader reader(*object, path);
  ddb::Projection projection;
  reader.Enum("projectionType", {"ALL", "KEYS_ONLY", "INCLUDE"}, &projection.projection_type);
  const json* attributes = reader.List("nonKeyAttributes");
  if (!reader.ok()) return reader.status();
  if (!projection.projection_type) {
    return InvalidField(reader.PathOf("projectionType"), "required: ALL, KEYS_ONLY or INCLUDE");
  }
  if (attributes != nullptr) {
    for (std::size_t i = 0; i < attributes->size(); ++i) {
      const json& name = (*attributes)[i];
      if (!name.is_string() || name.get_ref<const std::string&>().empty()) {
        return WrongFieldType(IndexPath(reader.PathOf("nonKeyAttributes"), i),
                              "an attribute name", name);
      }
      projection.non_key_attributes.push_back(name.get<std::string>());
    }
  }
  const bool include = *projection.projection_type == "INCLUDE";
  if (include && projection.non_key_attributes.empty()) {
    return InvalidField(reader.PathOf("nonKeyAttributes"),
                        "required with projectionType INCLUDE: the attributes to project");
  }
  if (!include && !projection.non_key_attributes.empty()) {
    return InvalidField(reader.PathOf("nonKeyAttributes"),
                        fmt::format("only allowed with projectionType INCLUDE, not {}; remove it "
                                    "or use INCLUDE",
                                    *projection.projection_type));
  }
  return projection;
}

// provisionedThroughput of the table or an index. Zero units under a
// billing mode other than PROVISIONED read as unset.
Result<std::optional<ddb::ProvisionedThroughput>> ParseProvisionedThroughput(
    FieldReader& owner, const std::optional<std::string>& billing_mode) {
  const json* object = owner.Object("provisionedThroughput");
  if (!owner.ok()) return owner.status();
  if (object == nullptr) return std::optional<ddb::ProvisionedThroughput>();
  FieldReader reader(*object, owner.PathOf("provisionedThroughput"));
  std::optional<std::int64_t> read, write;
  reader.Integer("readCapacityUnits", &read).Integer("writeCapacityUnits", &write);
  if (!reader.ok()) return reader.status();
  if (!read || !write) {
    return InvalidField(reader.path(), "needs both readCapacityUnits and writeCapacityUnits");
  }
  if (*read < 0 || *write < 0) return InvalidField(reader.path(), "units cannot be negative");
  if (billing_mode == kPayPerRequest) {
    if (*read == 0 && *write == 0) return std::optional<ddb::ProvisionedThroughput>();
    return InvalidField(reader.path(),
                        "not allowed with billingMode PAY_PER_REQUEST; remove it, or set "
                        "billingMode: PROVISIONED");
  }
  if (*read == 0 && *write == 0 && !billing_mode) {
    return std::optional<ddb::ProvisionedThroughput>();  // an on-demand table's zeros
  }
  if (*read < 1 || *write < 1) {
    return InvalidField(reader.path(), "with billingMode PROVISIONED, both units must be at "
                                       "least 1");
  }
  return std::optional<ddb::ProvisionedThroughput>(ddb::ProvisionedThroughput{*read, *write});
}

Result<std::optional<ddb::OnDemandThroughput>> ParseOnDemandThroughput(
    FieldReader& owner, const std::optional<std::string>& billing_mode) {
  const json* object = owner.Object("onDemandThroughput");
  if (!owner.ok()) return owner.status();
  if (object == nullptr) return std::optional<ddb::OnDemandThroughput>();
  FieldReader reader(*object, owner.PathOf("onDemandThroughput"));
  ddb::OnDemandThroughput throughput;
  reader.Integer("maxReadRequestUnits", &throughput.max_read_request_units)
      .Integer("maxWriteRequestUnits", &throughput.max_write_request_units);
  if (!reader.ok()) return reader.status();
  for (const auto& [name, value] :
       {std::pair{"maxReadRequestUnits", throughput.max_read_request_units},
        std::pair{"maxWriteRequestUnits", throughput.max_write_request_units}}) {
    if (value && *value != -1 && *value < 1) {
      return InvalidField(reader.PathOf(name), "must be at least 1, or -1 for no maximum");
    }
  }
  if (!throughput.max_read_request_units && !throughput.max_write_request_units) {
    return std::optional<ddb::OnDemandThroughput>();
  }
  if (billing_mode == kProvisioned) {
    return InvalidField(reader.path(), "only allowed with billingMode PAY_PER_REQUEST");
  }
  return std::optional<ddb::OnDemandThroughput>(throughput);
}

Result<GlobalIndexSpec> ParseGlobalIndex(const json& element, const std::string& path,
                                         const TableSpec& table) {
  FieldReader reader(element, path);
  GlobalIndexSpec index;
  if (Status status = RequiredString(reader, "indexName", &index.index_name); !status.ok()) {
    return status;
  }
  if (Status status = CheckName(reader.PathOf("indexName"), index.index_name); !status.ok()) {
    return status;
  }
  const json* keys = reader.List("keySchema");
  if (!reader.ok()) return reader.status();
  auto key_schema = ParseKeySchema(keys, reader.PathOf("keySchema"), table.attribute_definitions);
  if (!key_schema.ok()) return key_schema.status();
  index.key_schema = std::move(*key_schema);
  auto projection = ParseProjection(reader);
  if (!projection.ok()) return projection.status();
  index.projection = std::move(*projection);
  auto provisioned = ParseProvisionedThroughput(reader, table.billing_mode);
  if (!provisioned.ok()) return provisioned.status();
  index.provisioned_throughput = *provisioned;
  auto on_demand = ParseOnDemandThroughput(reader, table.billing_mode);
  if (!on_demand.ok()) return on_demand.status();
  index.on_demand_throughput = *on_demand;
  return index;
}

Result<LocalIndexSpec> ParseLocalIndex(const json& element, const std::string& path,
                                       const TableSpec& table) {
  FieldReader reader(element, path);
  LocalIndexSpec index;
  if (Status status = RequiredString(reader, "indexName", &index.index_name); !status.ok()) {
    return status;
  }
  if (Status status = CheckName(reader.PathOf("indexName"), index.index_name); !status.ok()) {
    return status;
  }
  const json* keys = reader.List("keySchema");
  if (!reader.ok()) return reader.status();
  auto key_schema = ParseKeySchema(keys, reader.PathOf("keySchema"), table.attribute_definitions);
  if (!key_schema.ok()) return key_schema.status();
  index.key_schema = std::move(*key_schema);
  if (index.key_schema.size() != 2 ||
      index.key_schema[0].attribute_name != table.key_schema[0].attribute_name) {
    return InvalidField(reader.PathOf("keySchema"),
                        fmt::format("a local index needs the table's HASH key \"{}\" and a RANGE "
                                    "key of its own",
                                    table.key_schema[0].attribute_name));
  }
  auto projection = ParseProjection(reader);
  if (!projection.ok()) return projection.status();
  index.projection = std::move(*projection);
  return index;
}

Status ParseIndexes(FieldReader& spec, TableSpec* table) {
  std::set<std::string> names;
  const auto unique = [&](const std::string& path, const std::string& name) {
    if (names.insert(name).second) return OkStatus();
    return InvalidField(path, fmt::format("index name \"{}\" is used twice; index names must be "
                                          "unique across global and local indexes",
                                          name));
  };
  if (const json* list = spec.List("globalSecondaryIndexes"); list != nullptr) {
    table->global_secondary_indexes.emplace();
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string path = IndexPath(spec.PathOf("globalSecondaryIndexes"), i);
      auto index = ParseGlobalIndex((*list)[i], path, *table);
      if (!index.ok()) return index.status();
      if (Status status = unique(path + ".indexName", index->index_name); !status.ok()) {
        return status;
      }
      table->global_secondary_indexes->push_back(std::move(*index));
    }
  }
  if (const json* list = spec.List("localSecondaryIndexes"); list != nullptr) {
    table->local_secondary_indexes.emplace();
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string path = IndexPath(spec.PathOf("localSecondaryIndexes"), i);
      auto index = ParseLocalIndex((*list)[i], path, *table);
      if (!index.ok()) return index.status();
      if (Status status = unique(path + ".indexName", index->index_name); !status.ok()) {
        return status;
      }
      table->local_secondary_indexes->push_back(std::move(*index));
    }
  }
  return spec.status();
}

Status ParseStream(FieldReader& spec, TableSpec* table) {
  const json* object = spec.Object("streamSpecification");
  if (object == nullptr) return spec.status();
  FieldReader reader(*object, spec.PathOf("streamSpecification"));
  std::optional<bool> enabled;
  std::optional<std::string> view_type;
  reader.Bool("streamEnabled", &enabled)
      .Enum("streamViewType", {"NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"},
            &view_type);
  if (!reader.ok()) return reader.status();
  if (!enabled) return InvalidField(reader.PathOf("streamEnabled"), "required: true or false");
  ddb::StreamSpecification stream;
  stream.stream_enabled = *enabled;
  if (*enabled) {
    if (!view_type) {
      return InvalidField(reader.PathOf("streamViewType"),
                          "required when the stream is enabled: NEW_IMAGE, OLD_IMAGE, "
                          "NEW_AND_OLD_IMAGES or KEYS_ONLY");
    }
    stream.stream_view_type = view_type;
  }
  table->stream_specification = stream;
  return OkStatus();
}

Status ParseSse(FieldReader& spec, TableSpec* table) {
  const json* object = spec.Object("sseSpecification");
  if (object == nullptr) return spec.status();
  FieldReader reader(*object, spec.PathOf("sseSpecification"));
  SseSpec sse;
  reader.Bool("enabled", &sse.enabled).String("sseType", &sse.sse_type);
  reader.String("kmsMasterKeyID", &sse.kms_master_key_id);
  const json* ref = reader.Object("kmsMasterKeyRef");
  if (!reader.ok()) return reader.status();
  if (sse.sse_type && *sse.sse_type != ddb::sse_type::kKms) {
    return InvalidField(reader.PathOf("sseType"),
                        fmt::format("\"{}\" is not supported; DynamoDB takes only KMS (leave "
                                    "sseSpecification out for the AWS owned key)",
                                    *sse.sse_type));
  }
  if (sse.kms_master_key_id && sse.kms_master_key_id->empty()) sse.kms_master_key_id.reset();
  if (ref != nullptr) {
    FieldReader ref_reader(*ref, reader.PathOf("kmsMasterKeyRef"));
    const json* from = ref_reader.Object("from");
    if (!ref_reader.ok()) return ref_reader.status();
    if (from == nullptr) {
      return InvalidField(ref_reader.PathOf("from"), "required: {name: <Key object>}");
    }
    FieldReader from_reader(*from, ref_reader.PathOf("from"));
    KeyReference key;
    if (Status status = RequiredString(from_reader, "name", &key.name); !status.ok()) return status;
    from_reader.String("namespace", &key.namespace_name);
    if (!from_reader.ok()) return from_reader.status();
    if (key.namespace_name && key.namespace_name->empty()) key.namespace_name.reset();
    sse.kms_master_key_ref = std::move(key);
  }
  if (sse.kms_master_key_id && sse.kms_master_key_ref) {
    return InvalidField(reader.path(),
                        "kmsMasterKeyID and kmsMasterKeyRef are both set; name the key one way: "
                        "remove one of them");
  }
  if (sse.enabled == false && (sse.kms_master_key_id || sse.kms_master_key_ref)) {
    return InvalidField(reader.PathOf("enabled"),
                        "is false (the AWS owned key) but a KMS key is named; set enabled: true "
                        "or remove the key");
  }
  table->sse_specification = std::move(sse);
  return OkStatus();
}

Status ParseTags(FieldReader& spec, TableSpec* table) {
  const json* list = spec.List("tags");
  if (list == nullptr) return spec.status();
  std::map<std::string, std::string> tags;
  for (std::size_t i = 0; i < list->size(); ++i) {
    FieldReader tag((*list)[i], IndexPath(spec.PathOf("tags"), i));
    std::string key;
    std::optional<std::string> value;
    if (Status status = RequiredString(tag, "key", &key); !status.ok()) return status;
    tag.String("value", &value);
    if (!tag.ok()) return tag.status();
    if (key.rfind("aws:", 0) == 0) {
      return InvalidField(tag.PathOf("key"),
                          fmt::format("\"{}\": keys starting with aws: are reserved for AWS", key));
    }
    if (!tags.emplace(key, value.value_or("")).second) {
      return InvalidField(tag.PathOf("key"),
                          fmt::format("\"{}\" appears twice; a table has one value per tag key",
                                      key));
    }
  }
  table->tags = std::move(tags);
  return OkStatus();
}

Status ParseTimeToLive(FieldReader& spec, TableSpec* table) {
  const json* object = spec.Object("timeToLive");
  if (object == nullptr) return spec.status();
  FieldReader reader(*object, spec.PathOf("timeToLive"));
  std::optional<bool> enabled;
  TimeToLiveSpec ttl;
  reader.Bool("enabled", &enabled).String("attributeName", &ttl.attribute_name);
  if (!reader.ok()) return reader.status();
  if (!enabled) return InvalidField(reader.PathOf("enabled"), "required: true or false");
  ttl.enabled = *enabled;
  if (ttl.attribute_name && ttl.attribute_name->empty()) ttl.attribute_name.reset();
  if (ttl.enabled && !ttl.attribute_name) {
    return InvalidField(reader.PathOf("attributeName"),
                        "required when TTL is enabled: the attribute holding the expiry time");
  }
  table->time_to_live = std::move(ttl);
  return OkStatus();
}

Status ParseResourcePolicy(FieldReader& spec, TableSpec* table) {
  spec.String("resourcePolicy", &table->resource_policy);
  if (!spec.ok() || !table->resource_policy || table->resource_policy->empty()) {
    return spec.status();
  }
  const json document = json::parse(*table->resource_policy, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return InvalidField(spec.PathOf("resourcePolicy"),
                        "is not a JSON policy document (an object with Version and Statement)");
  }
  return OkStatus();
}

Status ParseReplicas(FieldReader& spec, TableSpec* table) {
  const json* list = spec.List("tableReplicas");
  if (list == nullptr) return spec.status();
  std::vector<ReplicaSpec> replicas;
  std::set<std::string> regions;
  const auto read_override = [](FieldReader& owner, std::optional<std::int64_t>* out) {
    const json* object = owner.Object("provisionedThroughputOverride");
    if (object == nullptr) return owner.status();
    FieldReader reader(*object, owner.PathOf("provisionedThroughputOverride"));
    reader.Integer("readCapacityUnits", out);
    if (reader.ok() && *out && **out < 1) {
      return InvalidField(reader.PathOf("readCapacityUnits"), "must be at least 1");
    }
    return reader.status();
  };
  for (std::size_t i = 0; i < list->size(); ++i) {
    FieldReader reader((*list)[i], IndexPath(spec.PathOf("tableReplicas"), i));
    ReplicaSpec replica;
    if (Status status = RequiredString(reader, "regionName", &replica.region_name); !status.ok()) {
      return status;
    }
    reader.String("kmsMasterKeyID", &replica.kms_master_key_id)
        .Enum("tableClassOverride", {"STANDARD", "STANDARD_INFREQUENT_ACCESS"},
              &replica.table_class_override);
    if (Status status = read_override(reader, &replica.read_capacity_override); !status.ok()) {
      return status;
    }
    if (const json* indexes = reader.List("globalSecondaryIndexes"); indexes != nullptr) {
      for (std::size_t j = 0; j < indexes->size(); ++j) {
        FieldReader index_reader((*indexes)[j],
                                 IndexPath(reader.PathOf("globalSecondaryIndexes"), j));
        ReplicaIndexSpec index;
        if (Status status = RequiredString(index_reader, "indexName", &index.index_name);
            !status.ok()) {
          return status;
        }
        if (Status status = read_override(index_reader, &index.read_capacity_override);
            !status.ok()) {
          return status;
        }
        replica.global_secondary_indexes.push_back(std::move(index));
      }
    }
    if (!reader.ok()) return reader.status();
    if (replica.kms_master_key_id && replica.kms_master_key_id->empty()) {
      replica.kms_master_key_id.reset();
    }
    if (!regions.insert(replica.region_name).second) {
      return InvalidField(reader.PathOf("regionName"),
                          fmt::format("\"{}\" is listed twice; one replica per region",
                                      replica.region_name));
    }
    replicas.push_back(std::move(replica));
  }
  table->table_replicas = std::move(replicas);
  return OkStatus();
}

}  // namespace

std::vector<ddb::KeySchemaElement> InAwsKeyOrder(std::vector<ddb::KeySchemaElement> key_schema) {
  std::stable_sort(key_schema.begin(), key_schema.end(), [](const auto& a, const auto& b) {
    return a.key_type == "HASH" && b.key_type != "HASH";
  });
  return key_schema;
}

Encryption TableSpec::encryption() const {
  if (!sse_specification) return Encryption::kAwsOwnedKey;
  const SseSpec& sse = *sse_specification;
  const bool names_key = sse.kms_master_key_id.has_value() || sse.kms_master_key_ref.has_value();
  const bool enabled = sse.enabled.value_or(sse.sse_type.has_value() || names_key);
  if (!enabled) return Encryption::kAwsOwnedKey;
  return names_key ? Encryption::kCustomerKey : Encryption::kAwsManagedKey;
}

std::vector<ddb::AttributeDefinition> TableSpec::KeyAttributeDefinitions() const {
  std::set<std::string> used;
  for (const auto& key : key_schema) used.insert(key.attribute_name);
  if (global_secondary_indexes) {
    for (const auto& index : *global_secondary_indexes) {
      for (const auto& key : index.key_schema) used.insert(key.attribute_name);
    }
  }
  if (local_secondary_indexes) {
    for (const auto& index : *local_secondary_indexes) {
      for (const auto& key : index.key_schema) used.insert(key.attribute_name);
    }
  }
  std::vector<ddb::AttributeDefinition> definitions;
  for (const std::string& name : used) {
    if (std::optional<std::string> type = AttributeType(name)) {
      definitions.push_back({name, *type});
    }
  }
  return definitions;
}

std::optional<std::string> TableSpec::AttributeType(std::string_view name) const {
  for (const auto& definition : attribute_definitions) {
    if (definition.attribute_name == name) return definition.attribute_type;
  }
  return std::nullopt;
}

Result<std::string> ParseTableName(const nlohmann::json& spec) {
  FieldReader reader(spec, "spec");
  std::string name;
  if (Status status = RequiredString(reader, "tableName", &name); !status.ok()) return status;
  if (Status status = CheckName(reader.PathOf("tableName"), name); !status.ok()) return status;
  return name;
}

Result<TableSpec> ParseTableSpec(const nlohmann::json& spec) {
  TableSpec table;
  auto name = ParseTableName(spec);
  if (!name.ok()) return name.status();
  table.table_name = std::move(*name);
  FieldReader reader(spec, "spec");

  auto definitions = ParseAttributeDefinitions(reader);
  if (!definitions.ok()) return definitions.status();
  table.attribute_definitions = std::move(*definitions);
  const json* keys = reader.List("keySchema");
  if (!reader.ok()) return reader.status();
  auto key_schema = ParseKeySchema(keys, reader.PathOf("keySchema"), table.attribute_definitions);
  if (!key_schema.ok()) return key_schema.status();
  table.key_schema = std::move(*key_schema);

  reader.Enum("billingMode", {kProvisioned, kPayPerRequest}, &table.billing_mode);
  auto provisioned = ParseProvisionedThroughput(reader, table.billing_mode);
  if (!provisioned.ok()) return provisioned.status();
  table.provisioned_throughput = *provisioned;
  auto on_demand = ParseOnDemandThroughput(reader, table.billing_mode);
  if (!on_demand.ok()) return on_demand.status();
  table.on_demand_throughput = *on_demand;

  if (Status status = ParseIndexes(reader, &table); !status.ok()) return status;
  if (Status status = ParseStream(reader, &table); !status.ok()) return status;
  if (Status status = ParseSse(reader, &table); !status.ok()) return status;
  reader.Enum("tableClass", {"STANDARD", "STANDARD_INFREQUENT_ACCESS"}, &table.table_class)
      .Bool("deletionProtectionEnabled", &table.deletion_protection_enabled);
  if (Status status = ParseTags(reader, &table); !status.ok()) return status;
  if (Status status = ParseTimeToLive(reader, &table); !status.ok()) return status;
  if (const json* backups = reader.Object("continuousBackups"); backups != nullptr) {
    FieldReader backups_reader(*backups, reader.PathOf("continuousBackups"));
    backups_reader.Bool("pointInTimeRecoveryEnabled", &table.point_in_time_recovery_enabled);
    if (!backups_reader.ok()) return backups_reader.status();
  }
  reader.Enum("contributorInsights", {"ENABLE", "DISABLE", "ENABLED", "DISABLED"}, &table.contributor_insights);
  // ACK's samples write the state (ENABLED) where the API takes the action.
  if (table.contributor_insights == "ENABLED") table.contributor_insights = "ENABLE";
  if (table.contributor_insights == "DISABLED") table.contributor_insights = "DISABLE";
  if (Status status = ParseResourcePolicy(reader, &table); !status.ok()) return status;
  if (Status status = ParseReplicas(reader, &table); !status.ok()) return status;
  if (!reader.ok()) return reader.status();
  return table;
}

}  // namespace tk::services::dynamodb
