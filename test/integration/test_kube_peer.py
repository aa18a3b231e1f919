"""The real kube-apiserver of the test world, seen through kubectl.

It serves /readyz to the written kubeconfigs, accepts ACK's own Key CRD and a
Key object, and authorizes the controller's identity exactly as
deploy/rbac grants: reading and finalizing managed objects, writing status,
never creating them or reading Secrets.
"""
import pytest

KEY_MANIFEST = """
apiVersion: kms.services.k8s.aws/v1alpha1
kind: Key
metadata:
  name: orders-key
  namespace: {namespace}
spec:
  description: key for the orders table
  keySpec: SYMMETRIC_DEFAULT
  keyUsage: ENCRYPT_DECRYPT
  enableKeyRotation: true
  tags:
    - tagKey: team
      tagValue: shop
"""


@pytest.fixture(scope="module")
def key_crd(admin, shared_dir):
    crd = shared_dir / "reference/ack-crds/kms.services.k8s.aws_keys.yaml"
    admin.run("apply", "--server-side", "-f", str(crd))
    admin.run("wait", "--for=condition=Established", "--timeout=60s",
              "crd/keys.kms.services.k8s.aws")
    return "keys.kms.services.k8s.aws"


def test_readyz_answers_ok_to_both_identities(admin, controller_identity):
    assert admin.run("get", "--raw", "/readyz").stdout.strip() == "ok"
    assert controller_identity.run("get", "--raw", "/readyz").stdout.strip() == "ok"


def test_server_is_the_pinned_upstream_release(admin):
    version = admin.json("version")["serverVersion"]
    assert version["gitVersion"].startswith("v1.")
    assert version["gitVersion"] != "v0.0.0-master+$Format:%H$"


def test_admin_applies_the_ack_key_crd_and_a_key_and_reads_it_back(admin, key_crd, namespace):
    admin.run("apply", "-f", "-", stdin=KEY_MANIFEST.format(namespace=namespace))
    key = admin.json("get", "key", "orders-key", "-n", namespace)
    assert key["apiVersion"] == "kms.services.k8s.aws/v1alpha1"
    assert key["spec"] == {
        "description": "key for the orders table",
        "keySpec": "SYMMETRIC_DEFAULT",
        "keyUsage": "ENCRYPT_DECRYPT",
        "enableKeyRotation": True,
        "tags": [{"tagKey": "team", "tagValue": "shop"}],
    }


def test_the_api_server_validates_against_the_crd_schema(admin, key_crd, namespace):
    bad = KEY_MANIFEST.format(namespace=namespace).replace(
        "enableKeyRotation: true", "enableKeyRotation: every-day")
    result = admin.run("apply", "-f", "-", stdin=bad, check=False)
    assert result.returncode != 0
    assert "spec.enableKeyRotation" in result.stderr


def test_controller_identity_reads_finalizes_and_writes_status(
        admin, controller_identity, key_crd, namespace):
    admin.run("apply", "-f", "-", stdin=KEY_MANIFEST.format(namespace=namespace))
    listed = controller_identity.json("get", "keys", "-n", namespace)
    assert [k["metadata"]["name"] for k in listed["items"]] == ["orders-key"]

    controller_identity.run(
        "patch", "key", "orders-key", "-n", namespace, "--type=merge",
        "-p", '{"metadata":{"finalizers":["finalizers.kms.services.k8s.aws/Key"]}}')
    controller_identity.run(
        "patch", "key", "orders-key", "-n", namespace, "--subresource=status", "--type=merge",
        "-p", '{"status":{"keyState":"Enabled"}}')

    key = admin.json("get", "key", "orders-key", "-n", namespace)
    assert key["metadata"]["finalizers"] == ["finalizers.kms.services.k8s.aws/Key"]
    assert key["status"]["keyState"] == "Enabled"
    admin.run("patch", "key", "orders-key", "-n", namespace, "--type=merge",
              "-p", '{"metadata":{"finalizers":null}}')


@pytest.mark.parametrize("verb", [
    ("create", "keys.kms.services.k8s.aws"),
    ("delete", "keys.kms.services.k8s.aws"),
    ("get", "secrets"),
    ("create", "customresourcedefinitions.apiextensions.k8s.io"),
    ("delete", "namespaces"),
])
def test_controller_identity_is_denied_what_rbac_does_not_grant(controller_identity, verb):
    result = controller_identity.run("auth", "can-i", *verb, "-n", "default", check=False)
    assert result.stdout.strip() == "no"


def test_a_denied_write_is_answered_forbidden(controller_identity, key_crd, namespace):
    result = controller_identity.run(
        "apply", "-f", "-", stdin=KEY_MANIFEST.format(namespace=namespace), check=False)
    assert result.returncode != 0
    assert "forbidden" in result.stderr.lower()
    assert 'User "tablekeeper"' in result.stderr


def test_controller_identity_may_hold_its_leader_election_lease(admin, controller_identity):
    lease = """
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: it-lease-probe, namespace: tablekeeper-system}
spec: {holderIdentity: probe, leaseDurationSeconds: 15}
"""
    controller_identity.run("create", "-f", "-", stdin=lease)
    got = controller_identity.json("get", "lease", "it-lease-probe", "-n", "tablekeeper-system")
    assert got["spec"]["holderIdentity"] == "probe"
    denied = controller_identity.run("auth", "can-i", "create", "leases", "-n", "default", check=False)
    assert denied.stdout.strip() == "no"
    admin.run("delete", "lease", "it-lease-probe", "-n", "tablekeeper-system")
