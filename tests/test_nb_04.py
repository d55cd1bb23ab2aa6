"""Notebook 04: the same tasks in a one-CPU child JVM and in an all-CPU one."""
import re

from notebook_facts import cell, mime, text

NAME = "04-concurrency-vs-parallelism"
STARTING = re.compile(r"^Task (\w) starting\s+pid=(\d+)\s+thread=(\S+)$", re.M)


def run_facts(nb, cell_id):
    shown = text(cell(nb, cell_id))
    starts = STARTING.findall(shown)
    said = re.search(r"child JVM pid (\d+): availableProcessors\(\) = (\d+)", shown)
    return shown, starts, said


def test_each_run_is_one_child_jvm_with_a_thread_per_task(executed):
    nb = executed(NAME).notebook
    me = int(re.search(r"pid (\d+), parent pid", text(cell(nb, "machine"))).group(1))
    pids = set()
    for cell_id in ("one-cpu", "all-cpus"):
        shown, starts, said = run_facts(nb, cell_id)
        assert sorted(t for t, _, _ in starts) == ["A", "B", "C"], shown
        assert {int(p) for _, p, _ in starts} == {int(said.group(1))}, shown
        assert {th for _, _, th in starts} == {"worker-A", "worker-B", "worker-C"}, shown
        pids.add(int(said.group(1)))
    assert len(pids) == 2 and me not in pids, pids


def test_the_one_cpu_child_believes_it_has_one_cpu_and_the_other_all(executed):
    nb = executed(NAME).notebook
    cpus = int(re.search(r"^(\d+) CPUs?,", text(cell(nb, "machine")), re.M).group(1))
    assert run_facts(nb, "one-cpu")[2].group(2) == "1"
    assert int(run_facts(nb, "all-cpus")[2].group(2)) == cpus


def test_the_runs_are_drawn_on_one_timeline(executed):
    svgs = mime(cell(executed(NAME).notebook, "timeline"), "image/svg+xml")
    assert svgs and svgs[-1].count("<rect") >= 6, "no timeline with six bars"


def test_the_guesses_are_printed_beside_the_measured_times_and_the_verdict_follows_them(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "timeline"))
    m = re.search(r"^one CPU: ([\d.]+) s \(your guess 0\.00 s\)   all (\d+) CPUs: ([\d.]+) s \(your guess 0\.00 s\)$",
                  shown, re.M)
    assert m, shown
    one, cpus, all_ = float(m[1]), int(m[2]), float(m[3])
    assert cpus >= 1
    parallel = re.search(r"^all CPUs finished ([\d.]+)x sooner: the threads ran in parallel$", shown, re.M)
    turns = re.search(r"^all CPUs took ([\d.]+)x the time of one: no speed-up here", shown, re.M)
    single = re.search(r"^one CPU: the threads took turns in both runs; the two times differ by ([\d.]+)x", shown, re.M)
    assert [bool(parallel), bool(turns), bool(single)].count(True) == 1, shown
    # the verdict and its factor come from the CPU count and the two times printed above (rounded to 0.01 s)
    ratio = one / all_
    if single:
        assert cpus == 1 and abs(float(single[1]) - max(ratio, 1 / ratio)) <= 0.05 * max(ratio, 1 / ratio), shown
    elif parallel:
        assert cpus >= 2, shown
        assert ratio >= 1.3 - 0.02 and abs(float(parallel[1]) - ratio) <= 0.05 * ratio, shown
    else:
        assert cpus >= 2 and ratio < 1.3 + 0.02 and abs(float(turns[1]) - 1 / ratio) <= 0.05 / ratio, shown


def test_no_sentence_gives_the_timing_away_before_the_run():
    import nbformat
    from conftest import NOTEBOOKS
    nb = nbformat.read(NOTEBOOKS / f"{NAME}.ipynb", as_version=4)
    ids = [c.get("id") for c in nb.cells]
    before = "".join(c.source for c in nb.cells[:ids.index("timeline")] if c.cell_type == "markdown")
    assert not re.search(r"(three times as long|expect about|ends sooner)", before, re.I), before
    assert ids.index("guess") < ids.index("one-cpu")
