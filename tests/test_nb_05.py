"""Notebook 05: CPython threads share one process, its processes do not, Java threads share the cell JVM."""
import re

from notebook_facts import cell, mime, text

NAME = "05-the-gil"
STARTING = re.compile(r"^Task (\w) starting\s+pid=(\d+)\s+thread=(\S+)$", re.M)


def runs(shown):
    """The PIDs of each run in a cell, split at the runs' '=== name ===' headers."""
    parts = re.split(r"^=== (.+?): \d+ tasks ===$", shown, flags=re.M)
    return {parts[i]: {int(p) for _, p, _ in STARTING.findall(parts[i + 1])} for i in range(1, len(parts), 2)}


def test_cpython_threads_share_one_pid_and_processes_have_one_each(executed):
    nb = executed(NAME).notebook
    machine = text(cell(nb, "machine"))
    me = int(re.search(r"pid (\d+), parent pid", machine).group(1))
    if "Python: " not in machine:
        assert "python3" in text(cell(nb, "python-cpu")), "no python3, and the cell does not say so"
        return
    found = runs(text(cell(nb, "python-cpu")))
    assert len(found["CPython threads"]) == 1 and me not in found["CPython threads"], found
    assert len(found["CPython processes"]) == 3 and me not in found["CPython processes"], found
    assert re.search(r"3 waits of 0.5 s on CPython threads: [\d.]+ s in pid\(s\) \[\d+\]$",
                     text(cell(nb, "python-io")), re.M), text(cell(nb, "python-io"))


def test_java_threads_run_in_the_cell_jvm(executed):
    nb = executed(NAME).notebook
    me = int(re.search(r"pid (\d+), parent pid", text(cell(nb, "machine"))).group(1))
    assert runs(text(cell(nb, "java-cpu"))) == {"threads": {me}}


def test_the_comparison_has_a_timeline(executed):
    svgs = mime(cell(executed(NAME).notebook, "compare"), "image/svg+xml")
    assert svgs and svgs[-1].count("<rect") >= 3
