"""Notebook 00: the facts it shows about this machine, and its map of the course."""
import os
import pathlib
import re

import nbformat

from notebook_facts import cell, text

NAME = "00-start-here"
ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_the_cell_jvm_is_a_child_of_the_kernel(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "pids"))
    cell_pid = int(re.search(r"cell JVM:\s+pid (\d+)", shown).group(1))
    parent = int(re.search(r"its parent: pid (\d+)", shown).group(1))
    told = int(re.search(r"told the cell JVM: (\d+)", shown).group(1))
    assert parent == told, shown
    assert cell_pid != parent, shown
    # the one-line machine summary names the same process and parent
    line = text(cell(nb, "machine"))
    assert f"pid {cell_pid}, parent pid {parent}" in line, line


def test_the_cell_runs_on_a_platform_thread_of_the_cell_jvm(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "thread"))
    cell_pid = re.search(r"cell JVM:\s+pid (\d+)", text(cell(nb, "pids"))).group(1)
    assert "virtual: false" in shown, shown
    assert shown.rstrip().endswith(f"in process {cell_pid}"), shown


def test_the_cpu_count_is_what_this_machine_gives(executed):
    shown = text(cell(executed(NAME).notebook, "cpus"))
    cpus = int(re.search(r"CPUs the JVM sees:\s+(\d+)", shown).group(1))
    at_once = int(re.search(r"CPU-bound tasks at once:\s+(\d+)", shown).group(1))
    assert 1 <= cpus <= len(os.sched_getaffinity(0)), shown
    assert 1 <= at_once <= cpus, shown
    assert f"with {at_once} CPU" in shown, shown


def test_the_java_shown_is_21_or_newer(executed):
    shown = text(cell(executed(NAME).notebook, "jdk"))
    assert int(re.search(r"Java (\d+)", shown).group(1)) >= 21, shown


def test_every_notebook_of_the_course_is_linked_and_exists():
    nb = nbformat.read(ROOT / "notebooks" / f"{NAME}.ipynb", as_version=4)
    links = set(re.findall(r"\]\(([0-9][^)]*\.ipynb)\)", "".join(c.source for c in nb.cells)))
    on_disk = {p.name for p in (ROOT / "notebooks").glob("[0-9]*.ipynb")} - {f"{NAME}.ipynb"}
    assert len(links) == 11, sorted(links)
    assert links == on_disk, f"linked but missing: {sorted(links - on_disk)}; not linked: {sorted(on_disk - links)}"
