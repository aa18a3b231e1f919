#include "cmd/controller_command.h"

#include <csignal>
#include <cstdlib>
#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/crd_installation.h"
#include "aws/call_metrics.h"
#include "aws/credential_chain.h"
#include "aws/service_client.h"
#include "aws/service_model.h"
#include "aws/sts_caller_identity.h"
#include "aws/sts_role_assumer.h"
#include "cmd/controller_metrics.h"
#include "kube/client_config.h"
#include "kube/event_recorder_impl.h"
#include "kube/rest_client.h"
#include "runtime/controller_manager.h"
#include "runtime/endpoint_server.h"
#include "services/aws_client_pool.h"
#include "services/dynamodb/table_resource_manager.h"
#include "services/kms/alias_resource_manager.h"
#include "services/kms/key_identity_resolver.h"
#include "services/kms/key_resource_manager.h"

namespace tk::cmd {

namespace {

struct ControllerFlags {
  std::string kubeconfig;
  std::string context;
  std::string aws_region;
  std::string aws_endpoint_url;
  std::vector<std::string> watch_namespaces;
  std::string watch_selectors;
  std::string deletion_policy = "delete";
  bool enable_leader_election = false;
  std::string leader_election_namespace;
  std::string leader_election_id = "tablekeeper";
  int resync_seconds = 36000;
  std::vector<std::string> resource_resync;
  int max_concurrent_syncs = 1;
  std::string metrics_addr = ":8080";
  std::string healthz_addr = ":8081";
  std::string log_level = "info";
  bool allow_cross_namespace_references = false;
  int key_cache_seconds = 300;
  double dynamodb_max_qps = 20;
  double kms_max_qps = 20;
  std::string crds = "check";
};

// STS calls made for the credential chain carry the credentials they are
// signed with (or none): the client itself has no default ones.
class NoDefaultCredentials final : public aws::CredentialsSource {
 public:
  Result<aws::Credentials> Get() override {
    return Status(Code::kUnauthenticated, "STS calls of the credential chain bring their own credentials");
  }
};

// Blocks SIGINT and SIGTERM in every thread and turns the first into a stop
// request. Must be made before any other thread starts.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    sigaddset(&signals_, SIGUSR1);  // our own wake-up at exit
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    waiter_ = std::jthread([this](std::stop_token) {
      int received = 0;
      sigwait(&signals_, &received);
      if (received == SIGUSR1) return;
      spdlog::info("signal {}: stopping", received);
      source_.request_stop();
    });
  }
  ~StopSignals() {
    // Wake the waiter if no signal came (SIGUSR1 is blocked everywhere, so
    // only its sigwait takes it).
    if (!source_.stop_requested()) pthread_kill(waiter_.native_handle(), SIGUSR1);
  }
  std::stop_token token() const { return source_.get_token(); }

 private:
  sigset_t signals_{};
  std::stop_source source_;
  std::jthread waiter_;
};

Result<std::map<std::string, std::chrono::seconds>> ParseResourceResync(const std::vector<std::string>& entries) {
  std::map<std::string, std::chrono::seconds> result;
  for (const auto& entry : entries) {
    const auto equals = entry.find('=');
    int seconds = 0;
    bool valid = equals != std::string::npos && equals > 0;
    if (valid) {
      try {
        size_t used = 0;
        seconds = std::stoi(entry.substr(equals + 1), &used);
        valid = used == entry.size() - equals - 1 && seconds > 0;
      } catch (const std::exception&) {
        valid = false;
      }
    }
    if (!valid) {
      return Status(Code::kInvalidArgument,
                    fmt::format("--reconcile-resource-resync-seconds \"{}\": use Kind=seconds, e.g. Table=3600", entry));
    }
    result[entry.substr(0, equals)] = std::chrono::seconds(seconds);
  }
  return result;
}

int RunController(const ControllerFlags& flags) {
  StopSignals signals;  // first: every later thread inherits the mask

  auto level = spdlog::level::from_str(flags.log_level);
  if (level == spdlog::level::off && flags.log_level != "off") {
    spdlog::error("--log-level \"{}\": use debug, info, warn or error", flags.log_level);
    return 2;
  }
  spdlog::set_level(level);

  auto deletion = runtime::ParseDeletionPolicy(flags.deletion_policy);
  if (!deletion.ok()) {
    spdlog::error("--deletion-policy: {}", deletion.status().message());
    return 2;
  }
  auto resync_by_kind = ParseResourceResync(flags.resource_resync);
  if (!resync_by_kind.ok()) {
    spdlog::error("{}", resync_by_kind.status().message());
    return 2;
  }

  auto rest_config = kube::LoadRestConfig(flags.kubeconfig, flags.context);
  if (!rest_config.ok()) {
    spdlog::error("Kubernetes configuration: {}", rest_config.status().message());
    return 1;
  }
  kube::RestClient kube_client(std::move(rest_config).value());
  kube::EventRecorderImpl events(kube_client);
  if (Status crds = api::EnsureCrds(kube_client, *api::ParseCrdPolicy(flags.crds)); !crds.ok()) {
    spdlog::error("--crds={}: {}", flags.crds, crds.message());
    return 1;
  }

  // AWS: one credential chain, one HTTP connection pool, one set of metrics.
  aws::CallMetrics aws_metrics;
  http::HttpClient sts_http;
  NoDefaultCredentials no_credentials;
  aws::ServiceClientOptions sts_options;
  sts_options.region = flags.aws_region.empty() ? "us-east-1" : flags.aws_region;
  sts_options.endpoint.endpoint_url = flags.aws_endpoint_url;
  sts_options.metrics = &aws_metrics;
  auto sts = aws::ServiceClient::Create(aws::kStsModel, sts_options, no_credentials, sts_http);
  if (!sts.ok()) {
    spdlog::error("AWS configuration: {}", sts.status().message());
    return 1;
  }
  aws::DefaultChainOptions chain_options;
  chain_options.role_assumer = std::make_shared<aws::StsRoleAssumer>(**sts);
  auto credentials = aws::NewDefaultCredentialsSource(std::move(chain_options));

  // Who we are in AWS: the default ownerAccountID of the objects' status.
  std::string account_id;
  auto identity_client = aws::ServiceClient::Create(aws::kStsModel, sts_options, *credentials, sts_http);
  if (identity_client.ok()) {
    aws::AwsResult<aws::CallerIdentity> identity = aws::GetCallerIdentity(**identity_client);
    if (identity.ok()) {
      account_id = identity->account;
      spdlog::info("AWS identity: {} (account {})", identity->arn, identity->account);
    } else {
      spdlog::warn("STS GetCallerIdentity failed ({}); ownerAccountID is filled from ARNs only",
                   identity.status().message());
    }
  }

  services::ServiceClientPoolOptions pool_options;
  pool_options.client.endpoint.endpoint_url = flags.aws_endpoint_url;
  pool_options.dynamodb_qps = flags.dynamodb_max_qps;
  pool_options.kms_qps = flags.kms_max_qps;
  services::ServiceClientPool pool(pool_options, *credentials, aws_metrics);

  services::kms::KeyIdentityResolverOptions resolver_options;
  resolver_options.lifetime = std::chrono::seconds(flags.key_cache_seconds);
  services::kms::KeyIdentityResolver key_identity(pool, resolver_options);
  services::kms::KeyResourceManager keys(pool);
  services::kms::AliasResourceManager aliases(pool, key_identity);
  services::dynamodb::TableResourceManager tables(pool, key_identity);

  runtime::ControllerManagerOptions options;
  options.watch_namespaces = flags.watch_namespaces;
  options.label_selector = flags.watch_selectors;
  options.workers = flags.max_concurrent_syncs;
  options.reconciler.default_region = flags.aws_region;
  options.reconciler.default_account_id = account_id;
  options.reconciler.default_deletion = *deletion;
  options.reconciler.allow_cross_namespace_references = flags.allow_cross_namespace_references;
  options.reconciler.requeue.resync = std::chrono::seconds(flags.resync_seconds);
  options.resync_by_kind = *resync_by_kind;
  if (flags.enable_leader_election) {
    options.leader_election.lease_name = flags.leader_election_id;
    options.leader_election.lease_namespace = flags.leader_election_namespace;
    if (options.leader_election.lease_namespace.empty()) {
      const char* pod_namespace = std::getenv("POD_NAMESPACE");
      options.leader_election.lease_namespace = pod_namespace != nullptr ? pod_namespace : "tablekeeper-system";
    }
  }
  runtime::ControllerManager manager(kube_client, events, options);
  manager.Register(keys);
  manager.Register(aliases);
  manager.Register(tables);

  runtime::EndpointServer probes({
      .healthy = [] { return Status(); },
      .ready =
          [&manager] {
            if (!manager.CachesSynced()) return Status(Code::kUnavailable, "caches not synced yet");
            if (!manager.Ready()) return Status(Code::kUnavailable, "not leading (standing by)");
            return Status();
          },
      .metrics = {},
  });
  runtime::EndpointServer metrics({
      .healthy = [] { return Status(); },
      .ready = [] { return Status(); },
      .metrics = [&] { return RenderControllerMetrics(manager, aws_metrics); },
  });
  for (auto [server, address, what] : {std::tuple{&probes, flags.healthz_addr, "--healthz-addr"},
                                       std::tuple{&metrics, flags.metrics_addr, "--metrics-addr"}}) {
    if (address.empty()) continue;
    if (Status started = server->Start(address); !started.ok()) {
      spdlog::error("{}: {}", what, started.message());
      return 1;
    }
    spdlog::info("{} listening on port {}", what, server->port());
  }

  spdlog::info("tablekeeper controller starting (region {}, namespaces {})",
               flags.aws_region.empty() ? "from annotations" : flags.aws_region,
               flags.watch_namespaces.empty() ? "all" : fmt::format("{}", fmt::join(flags.watch_namespaces, ",")));
  Status result = manager.Run(signals.token());
  if (!result.ok()) {
    spdlog::error("controller stopped: {}", result.message());
    return 1;
  }
  spdlog::info("controller stopped");
  return 0;
}

}  // namespace

void AddControllerCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<ControllerFlags>();
  CLI::App* command = app.add_subcommand("controller", "Run the controller until SIGINT or SIGTERM");
  command->add_option("--kubeconfig", flags->kubeconfig, "kubeconfig file (default: $KUBECONFIG, in-cluster, ~/.kube/config)");
  command->add_option("--context", flags->context, "kubeconfig context (default: its current-context)");
  command->add_option("--aws-region", flags->aws_region, "AWS region of objects without a region annotation");
  command->add_option("--aws-endpoint-url", flags->aws_endpoint_url, "AWS endpoint for every service (testing)");
  command->add_option("--watch-namespace", flags->watch_namespaces, "namespaces to watch, comma-separated (default: all)")
      ->delimiter(',');
  command->add_option("--watch-selectors", flags->watch_selectors, "label selector of the objects to manage");
  command->add_option("--deletion-policy", flags->deletion_policy, "delete or retain the AWS resource of a deleted object")
      ->check(CLI::IsMember({"delete", "retain"}));
  command->add_flag("--enable-leader-election", flags->enable_leader_election, "elect one active instance through a Lease");
  command->add_option("--leader-election-namespace", flags->leader_election_namespace,
                      "namespace of the Lease (default: $POD_NAMESPACE or tablekeeper-system)");
  command->add_option("--leader-election-id", flags->leader_election_id, "name of the Lease");
  command->add_option("--reconcile-default-resync-seconds", flags->resync_seconds, "resync period of synced objects")
      ->check(CLI::PositiveNumber);
  command->add_option("--reconcile-resource-resync-seconds", flags->resource_resync,
                      "resync period per kind, Kind=seconds (repeatable)");
  command->add_option("--reconcile-default-max-concurrent-syncs", flags->max_concurrent_syncs, "worker threads")
      ->check(CLI::PositiveNumber);
  command->add_option("--metrics-addr", flags->metrics_addr, "address of /metrics (empty: off)");
  command->add_option("--healthz-addr", flags->healthz_addr, "address of /healthz and /readyz (empty: off)");
  command->add_option("--log-level", flags->log_level, "debug, info, warn or error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
  command->add_flag("--allow-cross-namespace-references", flags->allow_cross_namespace_references,
                    "let references name objects in other namespaces");
  command->add_option("--key-cache-seconds", flags->key_cache_seconds, "lifetime of a resolved KMS key name")
      ->check(CLI::PositiveNumber);
  command->add_option("--dynamodb-max-qps", flags->dynamodb_max_qps, "DynamoDB calls per second, whole controller");
  command->add_option("--kms-max-qps", flags->kms_max_qps, "KMS calls per second, whole controller");
  command->add_option("--crds", flags->crds,
                      "at start: check the installed CRDs are not older than ours (refuse to start), "
                      "apply ours (server-side apply), or ignore them")
      ->check(CLI::IsMember({"check", "apply", "ignore"}));
  command->callback([flags, &exit_code] { exit_code = RunController(*flags); });
}

}  // namespace tk::cmd
