"""CRD lifecycle at controller start (issue 7, item 1).

With an older Table CRD installed (our CRD with the schema-version annotation
lowered and a field removed), the controller's default --crds=check refuses
to start, naming the CRD, the versions and the missing field; --crds=apply
(with an identity allowed to write CRDs: the admin's kubeconfig) upgrades the
CRD and the controller starts. The result is checked with kubectl.
"""
import json
import os

import pytest
import yaml

from conftest import ROOT

TABLE_CRD = "tables.dynamodb.services.k8s.aws"
ANNOTATION = "tablekeeper.io/schema-version"


def _our_table_crd():
    path = ROOT / "deploy" / "crds" / "dynamodb.services.k8s.aws_tables.yaml"
    return next(doc for doc in yaml.safe_load_all(path.read_text()) if doc)


def _spec_properties(crd):
    return crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"]


@pytest.fixture
def older_table_crd(admin, crds):
    """Replaces the Table CRD by an older one; restores ours afterwards."""
    crd = _our_table_crd()
    ours = int(crd["metadata"]["annotations"][ANNOTATION])
    crd["metadata"]["annotations"][ANNOTATION] = str(ours - 1)
    del _spec_properties(crd)["tableClass"]
    admin.run("replace", "-f", "-", stdin=json.dumps(crd))
    admin.run("wait", "--for", "condition=established", "--timeout", "60s", f"crd/{TABLE_CRD}")
    yield ours
    admin.run("apply", "--server-side", "--force-conflicts", "-f", str(ROOT / "deploy" / "crds"))
    admin.run("wait", "--for", "condition=established", "--timeout", "60s", f"crd/{TABLE_CRD}")


def test_check_refuses_an_older_crd_and_apply_upgrades_it(admin, older_table_crd, start_controller):
    ours = older_table_crd

    # Default --crds=check, with the controller's own identity: refuses to start.
    refused = start_controller(wait_ready=False)
    code = refused.process.wait(timeout=90)
    log = refused.log_path.read_text()
    assert code != 0, log
    assert TABLE_CRD in log, log
    assert f"installed schema version {ours - 1}, required {ours}" in log, log
    assert "spec.tableClass" in log, log

    # --crds=apply with an identity that may write CRDs: upgrades, then runs.
    applying = start_controller("--crds=apply", kubeconfig=os.environ["KUBECONFIG"])
    assert applying.ready()
    installed = admin.json("get", "crd", TABLE_CRD, "--show-managed-fields")
    assert installed["metadata"]["annotations"][ANNOTATION] == str(ours)
    assert "tableClass" in _spec_properties(installed)
    managers = {entry["manager"] for entry in installed["metadata"].get("managedFields", [])}
    assert "tablekeeper" in managers, managers
    applying.stop()

    # Now the default check passes with the controller's own identity.
    checking = start_controller()
    assert checking.ready()
