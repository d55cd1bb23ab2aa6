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


TASK_LINE = re.compile(r"^  (\w): on a CPU (\d+) % of its ([\d.]+) s; switched out (\d+) times voluntarily, (\d+) involuntarily$",
                       re.M)
RUN_LINE = re.compile(r"^  two or more tasks on a CPU at once for ([\d.]+) s; (?:no whole time slices|(\d+) whole time slices, "
                      r"median ([\d.]+) ms, p95 ([\d.]+) ms)$", re.M)


def slice_facts(nb):
    """Per run (one CPU, all CPUs): {task: (on-CPU %, seconds, voluntary, involuntary)} and (parallel s, slices)."""
    shown = text(cell(nb, "slices"))
    parts = re.split(r"^child JVM, all CPUs:$", shown, flags=re.M)
    assert len(parts) == 2 and parts[0].startswith("child JVM, 1 CPU"), shown
    runs = []
    for part in parts:
        tasks = {m[0]: (int(m[1]), float(m[2]), int(m[3]), int(m[4])) for m in TASK_LINE.findall(part)}
        run = RUN_LINE.search(part)
        assert sorted(tasks) == ["A", "B", "C"] and run, shown
        runs.append((tasks, float(run[1]), int(run[2] or 0)))
    return runs, shown


def test_the_raw_proc_lines_come_before_the_helper_draws(executed):
    shown = text(cell(executed(NAME).notebook, "sched-proc"))
    assert re.search(r"^schedstat: \d+ \d+ \d+ ", shown, re.M) or shown.startswith("no /proc here"), shown
    if shown.startswith("schedstat"):
        assert re.search(r"^voluntary_ctxt_switches:\s+\d+$", shown, re.M), shown
        assert re.search(r"^nonvoluntary_ctxt_switches:\s+\d+$", shown, re.M), shown


def test_on_one_cpu_the_tasks_take_turns_in_slices_and_are_switched_involuntarily(executed):
    nb = executed(NAME).notebook
    runs, shown = slice_facts(nb)
    one, one_parallel, one_slices = runs[0]
    longest = max(seconds for _, seconds, _, _ in one.values())
    # three CPU-bound threads on one CPU: none can have it more than about a third of the time, never two at once
    assert all(share <= 50 for share, _, _, _ in one.values()), shown
    assert one_parallel <= 0.05 * longest, shown
    assert one_slices >= 3, shown
    assert all(invol >= 3 and invol > vol for _, _, vol, invol in one.values()), shown
    svg = mime(cell(nb, "slices"), "image/svg+xml")[-1]
    assert svg.count('class="ptlab-running"') == 3 and "time slices, median" in svg, "no sliced timeline"


def test_whether_tasks_ran_side_by_side_on_every_cpu_follows_the_measured_times(executed):
    nb = executed(NAME).notebook
    cpus = int(re.search(r"^(\d+) CPUs?,", text(cell(nb, "machine")), re.M).group(1))
    runs, shown = slice_facts(nb)
    (_, one_parallel, _), (_, all_parallel, _) = runs
    wall = float(re.search(r"^total wall time: ([\d.]+) s$", text(cell(nb, "all-cpus")), re.M).group(1))
    side = re.search(r"^all CPUs: tasks ran side by side for ([\d.]+) s, ([\d.]+)x as long as on one CPU$", shown, re.M)
    turns = re.search(r"^all CPUs: tasks ran side by side for ([\d.]+) s, hardly longer than on one CPU \(([\d.]+) s\): "
                      r"they took turns on all CPUs too$", shown, re.M)
    assert bool(side) != bool(turns), shown
    assert float((side or turns)[1]) == all_parallel, shown
    if side:
        assert cpus >= 2 and all_parallel >= 2 * one_parallel - 0.002 and all_parallel >= 0.1 * wall - 0.002, shown
    else:
        assert all_parallel <= 2 * one_parallel + 0.002 or all_parallel <= 0.1 * wall + 0.002, shown
    if cpus == 1:
        assert turns, shown


def test_a_sleeping_task_switches_voluntarily_and_cpu_tasks_involuntarily(executed):
    shown = text(cell(executed(NAME).notebook, "switches"))
    rows = {m[0]: (int(m[1]), int(m[2])) for m in re.findall(r"^([SXY])\s.*?\s(\d+) / (\d+)\s", shown, re.M)}
    assert sorted(rows) == ["S", "X", "Y"], shown
    s_vol, s_invol = rows["S"]
    assert s_vol >= 1, shown
    for t in ("X", "Y"):
        vol, invol = rows[t]
        assert invol >= 3 and invol > vol and invol > s_invol, shown
