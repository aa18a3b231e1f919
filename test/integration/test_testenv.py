"""The test world's own scripts: env-up is harmless when run again, and
env-down stops exactly the processes its world started, nothing else."""
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]


def pids(state):
    found = {}
    for pid_file in (pathlib.Path(state) / "kube/pids").glob("*.pid"):
        found[pid_file.stem] = int(pid_file.read_text().split()[0])
    for pid_file in (pathlib.Path(state) / "pids").glob("*.pid"):
        found[pid_file.stem] = int(pid_file.read_text().split()[0])
    return found


def alive(pid):
    """Running, not merely a zombie waiting for a parent to reap it."""
    try:
        stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, timeout=600, check=True).stdout


def test_env_up_again_keeps_the_running_world(admin):
    state = os.environ["TESTENV_DIR"]
    before = pids(state)
    env_before = (pathlib.Path(state) / "env.sh").read_text()
    output = run(str(ROOT / "testenv/up.sh"), state)
    assert "already running" in output
    assert pids(state) == before
    assert (pathlib.Path(state) / "env.sh").read_text() == env_before
    assert admin.run("get", "--raw", "/readyz").stdout.strip() == "ok"


def test_env_down_stops_only_its_own_world(tmp_path, admin):
    other = tmp_path / "world"
    run(str(ROOT / "testenv/up.sh"), str(other))
    started = pids(other)
    assert set(started) >= {"etcd", "kube-apiserver", "emulator"}
    assert all(alive(pid) for pid in started.values())

    run(str(ROOT / "testenv/down.sh"), str(other))
    assert not any(alive(pid) for pid in started.values())
    assert not (other / "env.sh").exists()
    # The world the other tests use is untouched.
    assert all(alive(pid) for pid in pids(os.environ["TESTENV_DIR"]).values())
    assert admin.run("get", "--raw", "/readyz").stdout.strip() == "ok"
