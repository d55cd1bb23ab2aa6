"""Notebook 01: a program is a file, running it makes processes, threads live inside one process."""
import re

from notebook_facts import cell, text

NAME = "01-program-process-thread"


def cell_pid(nb):
    return int(re.search(r"pid (\d+), parent pid", text(cell(nb, "machine"))).group(1))


def test_the_program_is_a_class_file_that_nothing_runs(executed):
    shown = text(cell(executed(NAME).notebook, "program-on-disk"))
    assert re.search(r"Hello\.class\s+\d+\s+CA FE BA BE", shown), shown
    assert "processes running Hello right now: 0" in shown


def test_each_run_is_a_new_process_whose_parent_is_the_cell_jvm(executed):
    nb = executed(NAME).notebook
    me = cell_pid(nb)
    pids = []
    for cid in ("program-runs", "program-runs-again"):
        shown = text(cell(nb, cid))
        pid = int(re.search(r"^pid=(\d+)$", shown, re.M).group(1))
        assert int(re.search(r"^parent=(\d+)$", shown, re.M).group(1)) == me, shown
        assert pid != me
        assert "exited with status 0" in shown
        pids.append(pid)
    assert pids[0] != pids[1]
    assert "program files deleted: true" in text(cell(nb, "program-runs-again"))


def test_the_tree_runs_from_jupyter_through_kernel_and_cell_jvm_to_a_child(executed):
    nb = executed(NAME).notebook
    me = cell_pid(nb)
    rows = {}
    for line in text(cell(nb, "process-tree")).splitlines():
        m = re.match(r"^[\s└─]*(Jupyter \(Python\)|kernel JVM|cell JVM|child JVM)\s+(\d+)\s+(\d+)", line)
        if m:
            rows[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    assert set(rows) == {"Jupyter (Python)", "kernel JVM", "cell JVM", "child JVM"}, rows
    assert rows["cell JVM"][0] == me
    assert rows["child JVM"][1] == me
    assert rows["cell JVM"][1] == rows["kernel JVM"][0]
    assert rows["kernel JVM"][1] == rows["Jupyter (Python)"][0]
    walked = [int(x) for x in re.findall(r"^(\d+)\s", text(cell(nb, "walk-parents")), re.M)]
    assert walked[:3] == [me, rows["kernel JVM"][0], rows["Jupyter (Python)"][0]]


def test_java_lists_the_jvms_own_threads_and_a_new_thread_shares_the_pid(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "java-threads"))
    for name in ("main", "Reference Handler", "Finalizer", "Signal Dispatcher", "Common-Cleaner"):
        assert re.search(rf"^\s*\d+\s+{name}\s", shown, re.M), name
    own = re.findall(r"^I am thread (\S+) in pid (\d+)$", text(cell(nb, "own-thread")), re.M)
    assert [t for t, _ in own] == ["my-worker", "main"]
    assert {int(p) for _, p in own} == {cell_pid(nb)}


def test_the_os_lists_native_threads_java_does_not(executed):
    shown = text(cell(executed(NAME).notebook, "native-threads"))
    if "/task" not in shown:
        assert "has no /proc/self/task" in shown
        return
    assert re.search(r"^\s*\d+\s+VM Thread\s+\S+ \(\w+\)\s+no\s", shown, re.M), shown
    assert re.search(r"CompilerThre\s+\S+ \(\w+\)\s+no\s", shown), shown
    assert re.search(r"Reference Handl\s+\S+ \(\w+\)\s+yes", shown), shown


def test_every_kernel_thread_java_lists_is_named_in_the_prose(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "java-threads"))
    kernel = re.findall(r"^\s*\d+\s+(.+?)\s+kernel \(ptlab\)", shown, re.M)
    jvm = re.findall(r"^\s*\d+\s+(.+?)\s+JVM\s", shown, re.M)
    prose = cell(nb, "md-17").source
    assert kernel, shown
    for name in kernel + jvm:
        assert name in prose, (name, prose)
    assert "two threads of its own" not in prose
