"""Notebook 05: CPython threads share one process, its processes do not, Java threads share the cell JVM."""
import re

from notebook_facts import cell, mime, ratio_fits, text

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


def test_the_python_program_is_shown_before_its_numbers(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "python-program"))
    for part in ("def count_primes_below(n, deadline_ns):", "return count", "threading.Thread(",
                 'multiprocessing.get_context("spawn")', "ok = all(p.exitcode"):
        assert part in shown, part
    order = [c.get("id") for c in nb.cells]
    assert order.index("python-program") < order.index("python-cpu") < order.index("compare"), order


ROW = re.compile(r"^(CPython one after another|CPython threads|CPython processes|Java sequential|Java threads)\s+"
                 r"([\d.]+) s\s+([\d.]+) s\s+([\d.]+)\s+([\d.]+)x$", re.M)


def test_every_speed_up_is_the_same_languages_sequential_time_over_the_rows_wall_time(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "compare"))
    assert re.search(r"^\d+ CPUs, CPU quota \S+: at most \d of the 3 tasks can compute at once$", shown, re.M), shown
    rows = {r[0]: tuple(float(x) for x in r[1:]) for r in ROW.findall(shown)}
    python = "Python: " in text(cell(nb, "machine"))
    assert set(rows) == ({"CPython one after another", "CPython threads", "CPython processes"} if python else set()) | {
        "Java sequential", "Java threads"}, shown
    for name, (wall, cpu, busy, speed_up) in rows.items():
        base = rows["CPython one after another" if name.startswith("CPython") else "Java sequential"][0]
        # each ratio was computed before rounding: it must lie within what the printed figures allow
        assert ratio_fits(base, wall, speed_up), (name, shown)
        assert ratio_fits(cpu, wall, busy), (name, shown)
    java = re.search(r"^Java one after another, tasks of about 0.4 s: ([\d.]+) s$", text(cell(nb, "java-cpu")), re.M)
    assert java and abs(float(java[1]) - rows["Java sequential"][0]) <= 0.01, text(cell(nb, "java-cpu"))
    if python:
        needed = re.search(r"The work needs ([\d.]+) s of CPU .* it took ([\d.]+) s of wall time", shown)
        assert needed and float(needed[2]) == rows["CPython threads"][0], shown
        ratio = float(needed[2]) / float(needed[1])
        said = re.search(r"^that is ([\d.]+)x the CPU time the work needs: (longer|less)", shown, re.M)
        assert said and ratio_fits(float(needed[2]), float(needed[1]), float(said[1])), shown
        if needed[1] != needed[2]:  # equal printed figures allow either verdict: it was made before rounding
            assert said[2] == ("longer" if ratio > 1 else "less"), shown

