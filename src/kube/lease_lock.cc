#include "kube/lease_lock.h"

#include <fmt/format.h>

#include <limits>

#include "kube/event_time.h"
#include "kube/rfc3339.h"

namespace tk::kube {
namespace {

using nlohmann::json;

std::string StringField(const json& spec, const char* name) {
  const auto it = spec.find(name);
  return it != spec.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int32_t Int32Field(const json& spec, const char* name) {
  const auto it = spec.find(name);
  if (it == spec.end() || !it->is_number_integer()) return 0;
  const auto value = it->get<int64_t>();
  if (value > std::numeric_limits<int32_t>::max()) return std::numeric_limits<int32_t>::max();
  if (value < std::numeric_limits<int32_t>::min()) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(value);
}

std::optional<std::chrono::system_clock::time_point> TimeField(const json& spec, const char* name) {
  const auto it = spec.find(name);
  if (it == spec.end() || !it->is_string()) return std::nullopt;
  return ParseRfc3339(it->get<std::string>());
}

}  // namespace

json LeaseSpecFromRecord(const LeaderElectionRecord& record) {
  json spec = {{"holderIdentity", record.holder_identity},
               {"leaseDurationSeconds", record.lease_duration_seconds},
               {"leaseTransitions", record.lease_transitions}};
  if (record.acquire_time) spec["acquireTime"] = FormatKubeMicroTime(*record.acquire_time);
  if (record.renew_time) spec["renewTime"] = FormatKubeMicroTime(*record.renew_time);
  return spec;
}

LeaderElectionRecord RecordFromLeaseSpec(const json& spec) {
  LeaderElectionRecord record;
  if (!spec.is_object()) return record;
  record.holder_identity = StringField(spec, "holderIdentity");
  record.lease_duration_seconds = Int32Field(spec, "leaseDurationSeconds");
  record.acquire_time = TimeField(spec, "acquireTime");
  record.renew_time = TimeField(spec, "renewTime");
  record.lease_transitions = Int32Field(spec, "leaseTransitions");
  return record;
}

LeaseLock::LeaseLock(RestClient& client, std::string namespace_name, std::string name,
                     std::chrono::milliseconds request_timeout)
    : client_(client),
      path_{kLeases, std::move(namespace_name), std::move(name), ""},
      request_timeout_(request_timeout) {}

std::string LeaseLock::Describe() const { return path_.namespace_name + "/" + path_.name; }

Result<LeaderElectionRecord> LeaseLock::Remember(Result<json> lease) {
  if (!lease.ok()) return lease.status().WithContext("lease " + Describe());
  if (!lease->is_object()) {
    return Status(Code::kInternal, fmt::format("lease {}: the server answered a non-object", Describe()));
  }
  lease_ = std::move(lease).value();
  const auto spec = lease_->find("spec");
  return spec == lease_->end() ? LeaderElectionRecord{} : RecordFromLeaseSpec(*spec);
}

Result<LeaderElectionRecord> LeaseLock::Get(std::chrono::milliseconds timeout) {
  GetOptions options;
  options.timeout = Timeout(timeout);
  return Remember(client_.Get(path_, options));
}

Result<LeaderElectionRecord> LeaseLock::Create(const LeaderElectionRecord& record,
                                               std::chrono::milliseconds timeout) {
  const json lease = {{"apiVersion", "coordination.k8s.io/v1"},
                      {"kind", "Lease"},
                      {"metadata", {{"name", path_.name}, {"namespace", path_.namespace_name}}},
                      {"spec", LeaseSpecFromRecord(record)}};
  ResourcePath collection = path_;
  collection.name.clear();
  WriteOptions options;
  options.timeout = Timeout(timeout);
  return Remember(client_.Create(collection, lease, options));
}

Result<LeaderElectionRecord> LeaseLock::Update(const LeaderElectionRecord& record,
                                               std::chrono::milliseconds timeout) {
  if (!lease_) {
    return Status(Code::kFailedPrecondition,
                  fmt::format("lease {}: update before the lease was read or created", Describe()));
  }
  json lease = *lease_;
  lease["spec"] = LeaseSpecFromRecord(record);
  WriteOptions options;
  options.timeout = Timeout(timeout);
  return Remember(client_.Update(path_, lease, options));
}

}  // namespace tk::kube
