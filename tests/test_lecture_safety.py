"""Every long demo of every notebook, interrupted at a random point, as a lecturer would with ■.

Each notebook runs top to bottom in one kernel. A code cell tagged `long-demo` is sent, and
interrupted after a random delay; the test asserts that the cell's reply came within 3 s of the
interrupt, that the cell JVM was not replaced (the demo answered the interrupt itself), that a
trivial cell still works, and that nothing the demo started is still running (no process below the
cell JVM, no thread that was not there before). Then the same cell is run again without an
interrupt, so that the cells after it find what it defines, and the notebook goes on up to its last
long demo, which is only interrupted (a whole run of every cell is test_notebooks.py's execution).

The random delays come from one seed, printed with every failure; set PTLAB_SEED to replay one.
"""
import datetime
import os
import pathlib
import random
import re
import time

import nbformat
import pytest

import proctree
from run_notebooks import JDK_POOLS
from kernel_support import HANG_GUARD, Kernel

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
SEED = int(os.environ.get("PTLAB_SEED", str(int(time.time()))))
# Seconds an interrupt may take to reach the kernel: a demo that ends on its own meanwhile replies ok. Not a speed
# claim: a demo that went on after it (an interrupt lost or ignored) ran for seconds more.
ON_ITS_WAY = 1.0
THREADS = ('System.out.println(Thread.getAllStackTraces().keySet().stream()'
           '.filter(Thread::isAlive).map(Thread::getName).sorted().toList());')


def sent_at(header):
    """When a message was sent (seconds since the epoch), from its header's ISO 8601 date."""
    date = header["date"]
    if isinstance(date, str):  # jupyter_client reads dates up to microseconds; the kernel sends nanoseconds
        date = datetime.datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", date).replace("Z", "+00:00"))
    return date.timestamp()


def long_demo_notebooks():
    found = []
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        if any("long-demo" in c.metadata.get("tags", []) for c in nb.cells if c.cell_type == "code"):
            found.append(path)
    return found


def thread_names(kernel):
    shown = kernel.execute(THREADS).stream()
    names = re.findall(r"[^\[\],]+", shown.strip().strip("[]").replace(", ", ","))
    return sorted(n for n in names if not JDK_POOLS.match(n))


@pytest.mark.parametrize("path", long_demo_notebooks(), ids=lambda p: p.stem)
def test_every_long_demo_stops_on_interrupt_and_leaves_nothing(path):
    rng = random.Random(f"{SEED}/{path.stem}")
    nb = nbformat.read(path, as_version=4)
    last = max(i for i, c in enumerate(nb.cells) if "long-demo" in c.metadata.get("tags", []))
    with Kernel(cwd=str(path.parent)) as kernel:
        for index, c in enumerate(nb.cells):
            if c.cell_type != "code":
                continue
            where = f"{path.stem} cell {c.get('id', index)} (seed {SEED})"
            raises = "raises-exception" in c.metadata.get("tags", [])
            if "long-demo" in c.metadata.get("tags", []):
                before = set(thread_names(kernel))
                cell_jvm = kernel.cell_jvm()
                delay = rng.uniform(0.1, 1.5)
                r = kernel.execute(c.source, interrupt_after=delay, timeout=HANG_GUARD)
                if r.error is not None:
                    assert r.error["ename"] == "Interrupted", f"{where}: {r.error}"
                    assert "state was reset" not in r.error["evalue"], f"{where}: {r.error['evalue']}"
                else:  # an interrupt that reaches a running cell ends it with Interrupted: this demo had ended first
                    ended = sent_at(r.reply["header"])
                    assert ended <= r.interrupted_at + ON_ITS_WAY, \
                        f"{where}: the demo ran on and ended {ended - r.interrupted_at:.1f} s after the interrupt at {delay:.2f} s"
                assert kernel.cell_jvm().pid == cell_jvm.pid, f"{where}: the cell JVM was replaced"
                assert kernel.execute("6 * 7").value == "42", f"{where}: the next cell did not work"
                assert proctree.leftovers_below(cell_jvm.pid) == [], f"{where}: processes left below the cell JVM"
                proctree.wait_until(lambda: not (set(thread_names(kernel)) - before), 3.0)
                left = set(thread_names(kernel)) - before
                assert not left, f"{where}: threads left running after the interrupt at {delay:.2f} s: {sorted(left)}"
                if index == last:
                    break  # what follows needs no more checks: test_notebooks.py runs every cell once
            r = kernel.execute(c.source)
            if not raises:
                assert r.status == "ok", f"{where}: {r.error}"
        assert proctree.leftovers_below(kernel.cell_jvm().pid) == [], f"{path.stem}: processes left at the end"
