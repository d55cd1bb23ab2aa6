"""`make bench`'s class figure: how many students at once this machine holds on notebook 09.

A student is held while every notebook of the class still runs cleanly, nothing outlives the hub,
and the class's 95th percentile run time (nearest rank: the slowest of fewer than 20) stays under
twice one student's alone. Classes run through a real JupyterHub (tools/classroom.py): one student
alone first, then classes of 2, 4, 8, ... until one is not held, then halving the gap between the
largest class held and the smallest not held. Each class is a new hub with new students.
"""
import math
import os
import pathlib
import tempfile

import classroom

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "09-simple-demonstration.ipynb"
LIMIT = 64  # students: more than the memory of any machine this course runs on holds
SLOWER = 2.0  # times one student's run


def p95(times):
    return times[math.ceil(0.95 * len(times)) - 1]


def hold(students, build):
    with tempfile.TemporaryDirectory(prefix="ptlab-class-") as folder:
        held = classroom.hold(students, NOTEBOOK, folder, build)
    print(f"class of {students}: {held.summary()}; load average {os.getloadavg()[0]:.1f}", flush=True)
    return held


def class_rows(build, row, num, smoke):
    """The capacity row, built with bench.py's row() and num()."""
    figure = "students at once on notebook 09 through JupyterHub"
    if smoke:  # the same machinery holds a class of ten in tests/test_classroom.py
        return [row(figure, "not run in the smoke run", note="tests/test_classroom.py holds a class of ten")]
    alone = hold(1, build)
    if alone.failed or alone.leftovers:
        raise RuntimeError("one student alone did not run cleanly: " + alone.summary())
    single = alone.times()[0]
    tried = {}

    def held(n):
        if n not in tried:
            c = hold(n, build)
            ok = not c.failed and not c.leftovers and p95(c.times()) < SLOWER * single
            tried[n] = (ok, c, os.getloadavg()[0])
        return tried[n][0]

    good, bad = 1, 2
    while bad <= LIMIT and held(bad):
        good, bad = bad, 2 * bad
    while bad - good > 1 and bad <= LIMIT:
        middle = (good + bad) // 2
        good, bad = (middle, bad) if held(middle) else (good, middle)
    steps = "; ".join(
        f"{n}: {'held' if ok else 'not held'}, "
        + (f"p95 {num(p95(c.times()))} s = {p95(c.times()) / single:.2f}x" if c.times() else "none ran")
        + (f", {len(c.failed)} failed" if c.failed else "") + (", left processes" if c.leftovers else "")
        + f", memory peak {c.class_peak / 2 ** 30:.1f} GiB RSS, load {load:.1f}"
        for n, (ok, c, load) in sorted(tried.items()))
    largest = tried.get(good, (True, alone, 0))[1]
    per_student = largest.class_peak / good
    fit = int(classroom.psutil.virtual_memory().total / per_student)
    note = (f"tools/classroom.py: Debian's JupyterHub on loopback, one user server and kernel per student, all "
            f"starting at once; a student's run is opening the notebook (kernel start) to its last cell; one "
            f"student alone {num(single)} s; classes tried (p95 against the single run): {steps}; memory: "
            f"{per_student / 2 ** 30:.2f} GiB RSS a student in the class of {good} (RSS counts shared pages once "
            f"per process: an upper bound), so {fit} would fit in this machine's memory"
            + (": the run time, not the memory, sets the limit" if fit > good else "")
            + (f"; stopped at the limit of {LIMIT} students" if bad > LIMIT else ""))
    shown = p95(largest.times()) if good > 1 else single
    return [row(figure, f"{good}", f"one student alone {num(single)} s", f"{shown / single:.2f}x at {good}",
                f"all clean, p95 < {SLOWER:g}x one student alone", "", note)]

