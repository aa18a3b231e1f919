"""End-to-end: two controller processes, one leader (issue 3, leader
election): the standby is not ready and changes nothing; when the leader is
killed with SIGKILL (no chance to release its Lease), the standby takes over
once the lease expires and reconciles."""
import signal
import uuid

from conftest import condition, wait_for


def test_a_standby_takes_over_when_the_leader_is_killed(admin, namespace, start_controller, kms):
    lease = f"tablekeeper-{uuid.uuid4().hex[:8]}"
    election = ("--enable-leader-election", "--leader-election-namespace", "tablekeeper-system",
                "--leader-election-id", lease)
    leader = start_controller(*election)
    # The standby's caches sync, but it must not become ready while the leader lives.
    standby = start_controller(*election, wait_ready=False)
    holder = wait_for(lambda: admin.json("get", "lease", lease, "-n", "tablekeeper-system")["spec"].get(
        "holderIdentity"), what="a lease holder")
    wait_for(lambda: standby.probe("/healthz") == 200, what="the standby's probes")
    assert standby.probe("/readyz") == 503

    leader.stop(sig=signal.SIGKILL)
    wait_for(standby.ready, timeout=60, what="the standby to lead")
    new_holder = admin.json("get", "lease", lease, "-n", "tablekeeper-system")["spec"]["holderIdentity"]
    assert new_holder != holder

    admin.apply({"apiVersion": "kms.services.k8s.aws/v1alpha1", "kind": "Key", "metadata": {"name": "after"},
                 "spec": {"description": "made by the new leader"}}, namespace)

    def synced():
        entry = condition(admin.get("key", "after", namespace), "ACK.ResourceSynced")
        return entry and entry["status"] == "True"
    wait_for(synced, what="the Key synced by the new leader")
