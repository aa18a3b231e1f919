"""The Helm chart (deploy/helm/tablekeeper) with the real `helm` CLI
(testenv/helm/build.sh, on PATH through env.sh) against the test world's
kube-apiserver.

There are no nodes, so no pod runs: the tests check the objects Helm makes,
then run the controller as a local process under the chart's ServiceAccount
(a token from `kubectl create token`) to prove its RBAC is enough, and ask
`kubectl auth can-i` to prove it is not more.

The tests of this module share one release and run in file order: install,
controller, upgrade with a CRD change, uninstall. The CRDs are restored to
deploy/crds at the end (the upgrade adds a field to one).
"""
import json
import os
import pathlib
import shutil
import subprocess
import uuid

import pytest
import yaml

from conftest import ROOT, Controller, Kubectl, _require_env, condition, wait_for

CHART = ROOT / "deploy" / "helm" / "tablekeeper"
RELEASE = "tk-helm"
FULLNAME = "tk-helm-tablekeeper"
CRD_NAMES = ("tables.dynamodb.services.k8s.aws", "keys.kms.services.k8s.aws", "aliases.kms.services.k8s.aws")
IRSA_ROLE = "arn:aws:iam::111122223333:role/tablekeeper"
PROBE_FIELD = "tablekeeperUpgradeProbe"


class Helm:
    """The test world's helm, with its config, cache and data in a temp dir."""

    def __init__(self, kubeconfig, home):
        self.env = dict(os.environ, KUBECONFIG=kubeconfig, HELM_CONFIG_HOME=str(home / "config"),
                        HELM_CACHE_HOME=str(home / "cache"), HELM_DATA_HOME=str(home / "data"))
        if not shutil.which("helm", path=self.env["PATH"]):
            pytest.exit("no helm on PATH: source the env.sh that testenv/up.sh writes", 2)

    def run(self, *args, check=True):
        result = subprocess.run(["helm", *args], capture_output=True, text=True, env=self.env, timeout=180)
        if check and result.returncode != 0:
            raise AssertionError(f"helm {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result


def documents(text):
    return [doc for doc in yaml.safe_load_all(text) if doc]


def source_rules(name):
    return yaml.safe_load((ROOT / "deploy" / "rbac" / name).read_text())["rules"]


@pytest.fixture(scope="module")
def helm(tmp_path_factory):
    return Helm(_require_env("KUBECONFIG"), tmp_path_factory.mktemp("helm-home"))


@pytest.fixture(scope="module")
def release(admin, helm, tmp_path_factory):
    """The chart installed at cluster scope into a fresh namespace."""
    namespace = f"tk-helm-{uuid.uuid4().hex[:6]}"
    # CRDs put in place by `kubectl apply` (other tests, a previous install):
    # let Helm adopt them, as README.md tells users to.
    for crd in CRD_NAMES:
        if admin.run("get", "crd", crd, check=False).returncode == 0:
            admin.run("annotate", "--overwrite", "crd", crd,
                      f"meta.helm.sh/release-name={RELEASE}", f"meta.helm.sh/release-namespace={namespace}")
            admin.run("label", "--overwrite", "crd", crd, "app.kubernetes.io/managed-by=Helm")
    values = tmp_path_factory.mktemp("helm-values") / "values.yaml"
    values.write_text(yaml.safe_dump({
        "aws": {"region": "eu-west-1", "endpoint_url": "http://aws.example:4566"},
        "watchSelectors": "team=orders",
        "deletionPolicy": "retain",
        "leaderElection": {"enabled": True},
        "reconcile": {"defaultResyncPeriod": 600, "resourceResyncPeriods": {"Table": 300},
                      "defaultMaxConcurrentSyncs": 4},
        "log": {"level": "warn"},
        "metrics": {"service": {"create": True, "port": 9090}},
        "serviceAccount": {"annotations": {"eks.amazonaws.com/role-arn": IRSA_ROLE}},
    }))
    helm.run("install", RELEASE, str(CHART), "-n", namespace, "--create-namespace", "-f", str(values))
    yield {"namespace": namespace, "values": values}
    helm.run("uninstall", RELEASE, "-n", namespace, check=False)
    admin.run("delete", "namespace", namespace, "--wait=false", check=False)
    # Back to exactly deploy/crds: no probe field, no Helm ownership.
    for crd in CRD_NAMES:
        admin.run("annotate", "crd", crd, "meta.helm.sh/release-name-", "meta.helm.sh/release-namespace-",
                  "helm.sh/resource-policy-", check=False)
    admin.run("replace", "-f", str(ROOT / "deploy" / "crds"))


def test_chart_copies_of_crds_rbac_and_version_are_in_step():
    result = subprocess.run([str(ROOT / "deploy" / "helm" / "sync.sh"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for source in (ROOT / "deploy" / "crds").glob("*.yaml"):
        assert (CHART / "crds-source" / source.name).read_bytes() == source.read_bytes(), source.name
    assert sorted(p.name for p in (CHART / "crds-source").iterdir()) == \
        sorted(p.name for p in (ROOT / "deploy" / "crds").glob("*.yaml"))


def test_lint_and_schema(helm):
    helm.run("lint", "--strict", str(CHART))
    helm.run("lint", "--strict", str(CHART), "--set", "installScope=namespace,leaderElection.enabled=true,"
             "metrics.service.create=true,watchNamespace=a\\,b")
    for bad in ("deletionPolicy=keep", "installScope=everywhere", "log.level=verbose", "replicaCount=2",
                "reconcile.defaultMaxConcurrentSyncs=0", "reconcile.resourceResyncPeriods.Tabel=60"):
        result = helm.run("lint", str(CHART), "--set", bad, check=False)
        assert result.returncode != 0, f"{bad} passed values.schema.json"


def test_namespace_scope_renders_the_same_rules_in_roles(helm):
    rendered = documents(helm.run("template", "t", str(CHART), "-n", "tk-system", "--set",
                                  "installScope=namespace,watchNamespace=team-a\\,team-b").stdout)
    by_kind = {}
    for doc in rendered:
        by_kind.setdefault(doc["kind"], []).append(doc)
    roles = {r["metadata"]["namespace"]: r for r in by_kind["Role"]}
    assert set(roles) == {"team-a", "team-b"}
    assert {b["metadata"]["namespace"] for b in by_kind["RoleBinding"]} == {"team-a", "team-b"}
    cluster_roles = by_kind["ClusterRole"]
    assert [c["metadata"]["name"] for c in cluster_roles] == ["t-tablekeeper-cluster-read"]
    cluster_rules = cluster_roles[0]["rules"]
    # Only the cluster-scoped reads; together exactly deploy/rbac/clusterrole.yaml.
    assert {r for rule in cluster_rules for r in rule["resources"]} == {"namespaces", "customresourcedefinitions"}
    assert all(set(rule["verbs"]) <= {"get", "list", "watch"} for rule in cluster_rules)
    for role in roles.values():
        union = role["rules"] + cluster_rules
        assert sorted(map(json.dumps, union)) == sorted(map(json.dumps, source_rules("clusterrole.yaml")))
    args = by_kind["Deployment"][0]["spec"]["template"]["spec"]["containers"][0]["args"]
    assert "--watch-namespace=team-a,team-b" in args
    # Default namespace scope: the release namespace.
    rendered = documents(helm.run("template", "t", str(CHART), "-n", "tk-system", "--set", "installScope=namespace").stdout)
    assert [r["metadata"]["namespace"] for r in rendered if r["kind"] == "Role"] == ["tk-system"]


def test_install_makes_the_objects(admin, release):
    ns = release["namespace"]
    deployment = admin.json("get", "deployment", FULLNAME, "-n", ns)
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["image"] == "ghcr.io/tablekeeper/tablekeeper:0.1.0"
    assert container["command"] == ["tablekeeper"]
    assert container["args"] == [
        "controller", "--aws-region=eu-west-1", "--aws-endpoint-url=http://aws.example:4566",
        "--watch-selectors=team=orders", "--deletion-policy=retain",
        "--enable-leader-election", f"--leader-election-namespace={ns}", f"--leader-election-id={FULLNAME}",
        "--reconcile-default-resync-seconds=600", "--reconcile-resource-resync-seconds=Table=300",
        "--reconcile-default-max-concurrent-syncs=4", "--metrics-addr=:8080", "--healthz-addr=:8081",
        "--log-level=warn"]
    assert pod["serviceAccountName"] == FULLNAME
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    security = container["securityContext"]
    assert security["runAsNonRoot"] is True
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"] == {"drop": ["ALL"]}
    assert security["seccompProfile"] == {"type": "RuntimeDefault"}
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"metrics": 8080, "healthz": 8081}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "healthz", "scheme": "HTTP"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "healthz", "scheme": "HTTP"}

    account = admin.json("get", "serviceaccount", FULLNAME, "-n", ns)
    assert account["metadata"]["annotations"]["eks.amazonaws.com/role-arn"] == IRSA_ROLE

    cluster_role = admin.json("get", "clusterrole", FULLNAME)
    assert cluster_role["rules"] == source_rules("clusterrole.yaml")
    binding = admin.json("get", "clusterrolebinding", FULLNAME)
    assert binding["roleRef"]["name"] == FULLNAME
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": FULLNAME, "namespace": ns}]
    lease_role = admin.json("get", "role", f"{FULLNAME}-leader-election", "-n", ns)
    assert lease_role["rules"] == source_rules("leader-election-role.yaml")
    lease_binding = admin.json("get", "rolebinding", f"{FULLNAME}-leader-election", "-n", ns)
    assert lease_binding["subjects"] == [{"kind": "ServiceAccount", "name": FULLNAME, "namespace": ns}]

    service = admin.json("get", "service", f"{FULLNAME}-metrics", "-n", ns)
    assert [(p["port"], p["targetPort"]) for p in service["spec"]["ports"]] == [(9090, "metrics")]
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]

    for crd in CRD_NAMES:
        installed = admin.json("get", "crd", crd)
        assert installed["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"
        assert installed["metadata"]["annotations"]["meta.helm.sh/release-name"] == RELEASE
        admin.run("wait", "--for", "condition=established", "--timeout", "60s", f"crd/{crd}")


@pytest.fixture
def chart_kubeconfig(admin, release, tmp_path):
    """A kubeconfig with a token of the chart's ServiceAccount."""
    token = admin.run("create", "token", FULLNAME, "-n", release["namespace"], "--duration", "1h").stdout.strip()
    raw = admin.json("config", "view", "--raw", "--minify")
    kubeconfig = tmp_path / "chart-sa.kubeconfig"
    kubeconfig.write_text(json.dumps({
        "apiVersion": "v1", "kind": "Config",
        "clusters": [{"name": "testenv", "cluster": raw["clusters"][0]["cluster"]}],
        "users": [{"name": "chart-sa", "user": {"token": token}}],
        "contexts": [{"name": "chart-sa", "context": {"cluster": "testenv", "user": "chart-sa"}}],
        "current-context": "chart-sa"}))
    kubeconfig.chmod(0o600)
    return str(kubeconfig)


def test_the_controller_runs_under_the_charts_rbac(admin, release, chart_kubeconfig, kms, tmp_path):
    ns = release["namespace"]
    assert Kubectl(chart_kubeconfig).run("auth", "whoami", "-o", "json", check=False).returncode == 0
    watched = f"e2e-helm-{uuid.uuid4().hex[:6]}"
    admin.run("create", "namespace", watched)
    controller = Controller(watched, tmp_path, kubeconfig=chart_kubeconfig, extra_args=(
        "--enable-leader-election", "--leader-election-namespace", ns, "--leader-election-id", FULLNAME))
    try:
        controller.start()
        admin.apply({"apiVersion": "kms.services.k8s.aws/v1alpha1", "kind": "Key", "metadata": {"name": "helm-rbac"},
                     "spec": {"description": "under the chart's RBAC"}}, watched)

        def synced():
            key = admin.get("key", "helm-rbac", watched)
            entry = condition(key, "ACK.ResourceSynced")
            return key if entry and entry["status"] == "True" else None

        key = wait_for(synced, timeout=90, what="the Key ACK.ResourceSynced=True under the chart's RBAC")
        assert kms.describe_key(KeyId=key["status"]["keyID"])["KeyMetadata"]["Description"] == "under the chart's RBAC"
        lease = admin.json("get", "lease", FULLNAME, "-n", ns)
        assert lease["spec"]["holderIdentity"]
        assert "forbidden" not in controller.log_path.read_text().lower(), controller.log_tail(40)
    except AssertionError:
        print(f"--- controller log ---\n{controller.log_tail(200)}")
        raise
    finally:
        controller.stop()
        admin.run("delete", "namespace", watched, "--wait=false", check=False)


def test_the_charts_rbac_is_not_more(admin, release):
    ns = release["namespace"]
    who = f"--as=system:serviceaccount:{ns}:{FULLNAME}"

    def can(*args):
        result = admin.run("auth", "can-i", who, *args, check=False)
        assert result.stdout.strip() in ("yes", "no"), result.stderr
        return result.stdout.strip() == "yes"

    for allowed in (("list", "tables.dynamodb.services.k8s.aws", "-A"),
                    ("patch", "tables.dynamodb.services.k8s.aws", "-n", "default"),
                    ("update", "keys.kms.services.k8s.aws", "--subresource=status", "-n", "default"),
                    ("watch", "namespaces"), ("create", "events", "-n", "default"),
                    ("get", "customresourcedefinitions.apiextensions.k8s.io"),
                    ("update", "leases.coordination.k8s.io", "-n", ns)):
        assert can(*allowed), f"cannot {allowed}"
    for refused in (("get", "secrets", "-n", ns), ("list", "secrets", "-A"), ("delete", "secrets", "-n", "default"),
                    ("create", "customresourcedefinitions.apiextensions.k8s.io"),
                    ("update", "customresourcedefinitions.apiextensions.k8s.io"),
                    ("delete", "customresourcedefinitions.apiextensions.k8s.io"),
                    ("create", "tables.dynamodb.services.k8s.aws", "-n", "default"),
                    ("delete", "keys.kms.services.k8s.aws", "-n", "default"),
                    ("update", "namespaces"), ("create", "leases.coordination.k8s.io", "-n", "default"),
                    ("delete", "leases.coordination.k8s.io", "-n", ns),
                    ("create", "pods", "-n", ns), ("update", "configmaps", "-n", ns),
                    ("create", "clusterrolebindings.rbac.authorization.k8s.io"),
                    ("create", "serviceaccounts", "--subresource=token", "-n", ns), ("*", "*")):
        assert not can(*refused), f"can {refused}"


def test_upgrade_upgrades_the_crds(admin, helm, release, tmp_path):
    chart = tmp_path / "tablekeeper"
    shutil.copytree(CHART, chart)
    crd_file = chart / "crds-source" / "kms.services.k8s.aws_keys.yaml"
    crd = next(doc for doc in documents(crd_file.read_text()))
    for version in crd["spec"]["versions"]:
        version["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"][PROBE_FIELD] = {
            "type": "string", "description": "An optional field added by test_helm.py's upgrade."}
    crd_file.write_text("# a changed copy\n---\n" + yaml.safe_dump(crd))

    helm.run("upgrade", RELEASE, str(chart), "-n", release["namespace"], "-f", str(release["values"]),
             "--set", "log.level=debug")
    installed = admin.json("get", "crd", "keys.kms.services.k8s.aws")
    for version in installed["spec"]["versions"]:
        assert PROBE_FIELD in version["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"]
    args = admin.json("get", "deployment", FULLNAME, "-n", release["namespace"])[
        "spec"]["template"]["spec"]["containers"][0]["args"]
    assert "--log-level=debug" in args
    history = json.loads(helm.run("history", RELEASE, "-n", release["namespace"], "-o", "json").stdout)
    assert [h["revision"] for h in history] == [1, 2]


def test_uninstall_removes_the_objects_and_keeps_the_crds(admin, helm, release):
    ns = release["namespace"]
    result = helm.run("uninstall", RELEASE, "-n", ns)
    assert "kept due to the resource policy" in result.stdout + result.stderr
    for kind, name, where in (("deployment", FULLNAME, ns), ("serviceaccount", FULLNAME, ns),
                              ("service", f"{FULLNAME}-metrics", ns),
                              ("role", f"{FULLNAME}-leader-election", ns),
                              ("rolebinding", f"{FULLNAME}-leader-election", ns),
                              ("clusterrole", FULLNAME, None), ("clusterrolebinding", FULLNAME, None)):
        args = ("get", kind, name) + (("-n", where) if where else ())
        wait_for(lambda: admin.run(*args, check=False).returncode != 0, timeout=30, what=f"{kind}/{name} gone")
    for crd in CRD_NAMES:
        assert admin.run("get", "crd", crd, check=False).returncode == 0, f"{crd} was deleted"
    assert helm.run("status", RELEASE, "-n", ns, check=False).returncode != 0
