// ObservedTable: what AWS says about one table, from DescribeTable and the
// separate APIs, and how that becomes a Table object's status (ACK's field
// names) and, for adoption, its spec.
//
// The separate reads (TTL, point-in-time recovery, contributor insights,
// tags, resource policy) cost a call each, so the resource manager makes
// them only when the spec manages that field (or the object is being
// adopted): an unread part is std::nullopt, and the planner leaves it alone.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/dynamodb_operations.h"
#include "aws/dynamodb_types.h"

namespace tk::services::dynamodb {

namespace ddb = aws::dynamodb;

// GetResourcePolicy's answer: the document, or none
// (PolicyNotFoundException).
struct ObservedPolicy {
  std::optional<std::string> document;
};

struct ObservedTable {
  ddb::TableDescription table;
  std::optional<ddb::TimeToLiveDescription> time_to_live;
  std::optional<ddb::ContinuousBackupsDescription> continuous_backups;
  std::optional<ddb::DescribeContributorInsightsOutput> contributor_insights;
  std::optional<std::vector<ddb::Tag>> tags;
  std::optional<ObservedPolicy> resource_policy;
};

// Whether AWS is settling a change: the table not ACTIVE, an index not
// ACTIVE or backfilling, the encryption UPDATING (or ENABLING/DISABLING), a
// replica not ACTIVE. Plans wait while this answers a reason; "" when
// settled.
std::string BusyReason(const ddb::TableDescription& table);

// The observed status fields of a Table object, in ACK's names: tableStatus,
// tableID, creationDateTime, itemCount, tableSizeBytes, latestStreamARN,
// latestStreamLabel, globalSecondaryIndexesDescriptions, globalTableVersion,
// replicas, restoreSummary, archivalSummary and ackResourceMetadata{arn,
// ownerAccountID}; plus our additive ones: tableARN, sseDescription,
// billingModeSummary, tableClassSummary. Timestamps are RFC 3339 (UTC).
// A field AWS no longer reports is null (JSON merge patch: remove it), so a
// stale sseDescription does not outlive a switch to the AWS owned key.
nlohmann::json StatusOf(const ObservedTable& observed);

// The spec as AWS has the table, in the CRD's field names (what adoption
// fills unset spec fields with). The separate reads appear only when made.
// The encryption key appears as its key ARN; the AWS owned key as no
// sseSpecification.
nlohmann::json SpecOf(const ObservedTable& observed);

// The key ARN the table is encrypted under now, or nullopt for the AWS owned
// key (no SSEDescription, or encryption DISABLED/DISABLING).
std::optional<std::string> ObservedKmsKeyArn(const ddb::TableDescription& table);

// The table's billing mode: BillingModeSummary's, else PROVISIONED (AWS
// leaves the summary out for tables created before on-demand existed).
std::string ObservedBillingMode(const ddb::TableDescription& table);

// "2024-05-01T12:00:00Z" for epoch seconds (fractions dropped).
std::string Rfc3339(double epoch_seconds);

// The account of an ARN ("arn:aws:dynamodb:us-east-1:111122223333:table/x"
// -> "111122223333"), or "" when it is not an ARN.
std::string AccountOfArn(const std::string& arn);

}  // namespace tk::services::dynamodb
