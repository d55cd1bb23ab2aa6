"""tools/proctree.py and tools/ports.py on processes and sockets started here: the tree below a
process, live ones only (a child that ended and was not waited for is a zombie, not a process),
and a loopback port nothing is bound to."""
import socket
import subprocess
import sys

import psutil
import pytest

import proctree
from ports import LOOPBACK, free_port

# A parent that starts a child that ends at once and a sleeping child, waits for neither, prints both
# PIDs (the sleeper's first) and sleeps: the sleeper lives below it, the other is a zombie until the
# parent ends. Both carry the cell JVM's main class among their arguments, as a kernel's cell JVM does.
PARENT = f"""
import subprocess, sys, time
ended = subprocess.Popen([sys.executable, "-c", "pass", "{proctree.CELL_AGENT}"])
sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "{proctree.CELL_AGENT}"])
print(sleeper.pid, ended.pid, flush=True)
time.sleep(60)
"""


@pytest.fixture
def family():
    """(parent, sleeping child, ended child), all psutil.Process; every one is killed afterwards."""
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    members = [psutil.Process(parent.pid)]
    try:
        members += [psutil.Process(int(pid)) for pid in parent.stdout.readline().split()]
        assert len(members) == 3, "the parent did not print its children's PIDs"
        assert proctree.wait_until(lambda: not proctree.alive(members[2]), 30), "the second child did not end"
        yield members
    finally:
        for p in reversed(members):
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
        parent.wait(10)
        parent.stdout.close()


def test_living_descendants_lists_the_live_processes_below_and_not_the_top(family):
    parent, sleeper, ended = family
    assert ended.status() == psutil.STATUS_ZOMBIE
    assert proctree.living_descendants(parent.pid) == [sleeper]


def test_living_tree_is_the_top_and_then_its_living_descendants(family):
    parent, sleeper, _ = family
    assert proctree.living_tree(parent.pid) == [parent, sleeper]
    assert proctree.living_tree(sleeper.pid) == [sleeper]


def test_the_cell_jvm_is_the_live_child_with_the_cell_agent_not_an_unreaped_one(family):
    parent, sleeper, ended = family
    assert ended in parent.children(), "the ended child is not a zombie below the parent"
    assert proctree.cell_jvm(parent.pid) == sleeper
    assert proctree.cell_jvm(sleeper.pid) is None


def test_an_ended_process_has_no_descendants_and_no_tree(family):
    parent, sleeper, _ = family
    sleeper.kill()  # the parent does not wait for it: a zombie below the parent
    assert proctree.wait_until(lambda: not proctree.alive(sleeper), 30), "the killed child is still alive"
    assert proctree.living_descendants(parent.pid) == []
    parent.kill()
    parent.wait(10)  # psutil reaps it: the test's own child
    assert proctree.living_descendants(parent.pid) == []
    with pytest.raises(psutil.NoSuchProcess):
        proctree.living_tree(parent.pid)


def test_a_free_port_can_be_bound_and_listened_on():
    port = free_port()
    assert 0 < port < 65536
    with socket.socket() as s:
        s.bind((LOOPBACK, port))
        s.listen()
        assert s.getsockname() == (LOOPBACK, port)
