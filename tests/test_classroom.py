"""A class on one machine: ten students run notebook 09 at the same time through a real JupyterHub.

tools/classroom.py starts the hub on loopback (no real accounts: the DummyAuthenticator, every
student's server run as this OS user), has every student start a server and run 09 on the
ptlab-java kernel through the hub's proxy, all at once, then stops the hub. Each student's wall
time, the server starts and the memory peaks are printed (`pytest -s`, or the log of a failure)
and written to <build>/classroom.txt; the capacity of the machine is `make bench`'s.
"""
import os
import pathlib
import subprocess
import sys

import pytest

import classroom
from test_nb_09 import NAME, cell_pid, started

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = pathlib.Path(os.environ["JUPYTER_PATH"]).parent  # the build folder `make test` set up
STUDENTS = 10


@pytest.fixture(scope="module")
def lesson(tmp_path_factory):
    for needed, how in ((classroom.JUPYTERHUB, "Debian's jupyterhub"), (BUILD / classroom.PROXY, "npm's proxy")):
        if not os.access(needed, os.X_OK):
            pytest.fail(f"{needed} is missing; `make test` installs {how}")
    held = classroom.hold(STUDENTS, ROOT / "notebooks" / f"{NAME}.ipynb", tmp_path_factory.mktemp("class"), BUILD)
    print(f"\nA class of {STUDENTS} on notebook 09 through JupyterHub: {held.summary()}")
    (BUILD / "classroom.txt").write_text(held.summary() + "\n", encoding="utf-8")
    return held


def test_every_student_runs_notebook_09_to_the_end_without_an_error(lesson):
    assert len(lesson.runs) == STUDENTS
    assert not lesson.failed, lesson.summary()
    for run in lesson.runs:
        code = [c for c in run.notebook.cells if c.cell_type == "code"]
        assert all(c.execution_count is not None for c in code), f"{run.user}: a cell did not run"


def test_every_student_has_their_own_cell_jvm_and_children(lesson):
    jvms = {run.user: cell_pid(run.notebook) for run in lesson.runs}
    assert len(set(jvms.values())) == STUDENTS, jvms
    children = {}
    for run in lesson.runs:
        pids = {pid for pid, _ in started(run.notebook, "processes").values()}
        assert len(pids) == 3 and jvms[run.user] not in pids, (run.user, pids)
        children[run.user] = pids
    every = [pid for pids in children.values() for pid in pids]
    assert len(set(every)) == len(every), f"two students' tasks share a PID: {children}"


def test_nothing_of_the_class_outlives_the_hub(lesson):
    assert lesson.leftovers == [], lesson.summary()


def test_the_leftover_check_finds_a_process_of_the_class(tmp_path):
    hub = classroom.Hub(tmp_path, BUILD / "jupyter", BUILD / classroom.PROXY)  # not started: its mark only
    marked = subprocess.Popen(["sleep", "60"], env=dict(os.environ, **{classroom.MARK: hub.mark}))
    unmarked = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        hub.seen[unmarked.pid] = classroom.psutil.Process(unmarked.pid).create_time()
        found = hub.leftovers(grace=0.5)
        assert any(f"pid {marked.pid}:" in line and "sleep 60" in line for line in found), found
        assert any(f"pid {unmarked.pid}:" in line for line in found), found
    finally:
        for p in (marked, unmarked):
            p.kill()
            p.wait()
    assert hub.leftovers(grace=5) == []


def test_what_outlives_the_hub_is_reported_then_ended(tmp_path):
    hub = classroom.Hub(tmp_path, BUILD / "jupyter", BUILD / classroom.PROXY)  # not started: its mark only
    marked = subprocess.Popen(["sleep", "60"], env=dict(os.environ, **{classroom.MARK: hub.mark}))
    try:
        assert len(hub.leftovers(grace=0.5)) == 1
        hub.end()
        assert marked.wait(timeout=5) == -9
    finally:
        marked.kill()
        marked.wait()


# Lines of a class's hub log (CI, 2026-12-07) in which two students' kernels never started.
HUB_LOG = """[I 2026-12-07 08:09:42.097 SingleUserNotebookApp kernelmanager:179] Kernel started: 9617707f, name: ptlab-java
Exception in thread "main" org.zeromq.ZMQException: Errno 48 : Address already in use
\tat org.zeromq.ZMQ$Socket.mayRaise(ZMQ.java:3901)
\tat org.zeromq.ZMQ$Socket.bind(ZMQ.java:3176)
[I 2026-12-07 08:09:42.324 SingleUserNotebookApp restarter:136] KernelRestarter: restarting kernel (1/5), new random ports
Exception in thread "main" org.zeromq.ZMQException: Errno 48 : Address already in use
\tat org.zeromq.ZMQ$Socket.mayRaise(ZMQ.java:3901)
[W 2026-12-07 08:10:00.466 SingleUserNotebookApp restarter:129] KernelRestarter: restart failed
[W 2026-12-07 08:10:06.371 SingleUserNotebookApp restarter:129] KernelRestarter: restart failed
"""
# The same failure as the kernel now reports it (it waits for a taken port, then names it and who holds it).
PORT_TAKEN = ("ptlab-java: the kernel cannot start: port 37443 (shell) of the connection file is taken by pid 4242 "
              "(java -jar ptlab-kernel.jar), also after 10.0 s. Jupyter chose the port as free, and another program "
              "took it before the kernel could. Shut this kernel down and start a new one.\n")


def test_the_summary_names_kernels_that_could_not_start():
    assert classroom.kernel_trouble(HUB_LOG) == [
        "2 x a kernel ended with org.zeromq.ZMQException: Errno 48 : Address already in use "
        "(at org.zeromq.ZMQ$Socket.mayRaise(ZMQ.java:3901))",
        "2 x the kernel restarter gave up on a kernel"]
    assert classroom.kernel_trouble(2 * PORT_TAKEN) == [
        "2 x a kernel could not start: port 37443 (shell) of the connection file is taken by pid 4242 "
        "(java -jar ptlab-kernel.jar), also after 10.0 s"]
    assert classroom.kernel_trouble("[I ...] Kernel started: 9617707f, name: ptlab-java\n") == []
