"""Notebook 09: the seeds' demo, and the facts it shows about PIDs, threads and order."""
import re

from notebook_facts import cell, mime, ratio_fits, text

NAME = "09-simple-demonstration"
STARTING = re.compile(r"^Task (\w+) starting\s+pid=(\d+)\s+thread=(\S+)$", re.M)
DONE = re.compile(r"^Task (\w+) done\s+[\d.]+ s\s+pid=(\d+)\s+thread=(\S+)$", re.M)


def cell_pid(nb):
    return int(re.search(r"pid (\d+), parent pid", text(cell(nb, "machine"))).group(1))


def started(nb, cell_id):
    """{task: (pid, thread)} from a run's live lines; every task also says it is done."""
    shown = text(cell(nb, cell_id))
    starts = {t: (int(p), th) for t, p, th in STARTING.findall(shown)}
    dones = {t: (int(p), th) for t, p, th in DONE.findall(shown)}
    assert set(starts) == {"A", "B", "C"}, shown
    assert dones == starts, shown
    return starts


def test_sequential_runs_every_task_in_the_cell_thread_one_after_another(executed):
    nb = executed(NAME).notebook
    assert set(started(nb, "sequential").values()) == {(cell_pid(nb), "main")}
    shown = text(cell(nb, "sequential"))
    order = [m.group(1, 2) for m in re.finditer(r"^Task (\w+) (starting|done)", shown, re.M)]
    assert order == [("A", "starting"), ("A", "done"), ("B", "starting"), ("B", "done"),
                     ("C", "starting"), ("C", "done")], order


def test_threads_share_the_cell_jvms_pid_and_have_a_name_each(executed):
    nb = executed(NAME).notebook
    where = started(nb, "threads")
    assert {pid for pid, _ in where.values()} == {cell_pid(nb)}
    assert {t: th for t, (_, th) in where.items()} == {"A": "worker-A", "B": "worker-B", "C": "worker-C"}
    # all three start before any is done: they overlap
    shown = text(cell(nb, "threads"))
    first_done = shown.index(" done ")
    assert all(shown.index(f"Task {t} starting") < first_done for t in "ABC"), shown


def test_processes_have_three_pids_all_children_of_the_cell_jvm_and_none_left(executed):
    nb = executed(NAME).notebook
    me = cell_pid(nb)
    pids = {pid for pid, _ in started(nb, "processes").values()}
    assert len(pids) == 3 and me not in pids, pids
    shown = text(cell(nb, "parents"))
    parents = dict((int(p), int(q)) for p, q in re.findall(r"ran in pid (\d+), whose parent is pid (\d+)", shown))
    assert set(parents) == pids, shown
    assert set(parents.values()) == {me}, shown
    assert "children still alive: 0" in shown, shown


def test_the_totals_count_pids_and_threads_as_the_runs_showed(executed):
    shown = text(cell(executed(NAME).notebook, "totals"))
    rows = {m[0]: (int(m[1]), int(m[2]))
            for m in re.findall(r"^(\w+)\s+[\d.]+ s\s+no guess\s+(\d+)\s+(\d+)", shown, re.M)}
    assert rows == {"sequential": (1, 1), "threads": (1, 3), "processes": (3, 3)}, shown


def test_the_processes_sentence_states_what_the_runs_measured(executed):
    shown = text(cell(executed(NAME).notebook, "totals"))
    wall = {m[0]: float(m[1]) for m in re.findall(r"^(\w+)\s+([\d.]+) s ", shown, re.M)}
    extra = float(re.search(r"Processes took (\d+) ms longer than threads", shown).group(1))
    assert abs(extra - 1000 * (wall["processes"] - wall["threads"])) <= 10, shown
    last_start = float(re.search(r"the last task began (\d+) ms after the run started", shown).group(1))
    tail = float(re.search(r"the run ended (\d+) ms after the", shown).group(1))
    # the slowest child's start-up plus its one-second task plus the tail make up the processes run
    assert last_start + 1000 + tail <= 1000 * wall["processes"] + 10, shown
    assert "started at the same time" in shown and "3 JVMs" not in shown.replace("3 child JVMs", ""), shown


def test_the_plain_java_runs_the_same_three_ways_before_the_helper(executed):
    nb = executed(NAME).notebook
    me = cell_pid(nb)
    plain = re.compile(r"^Task (\w+) (starting|done)\s+pid=(\d+)\s+thread=(\S+)$", re.M)
    shown = text(cell(nb, "plain-sequential"))
    assert [(t, w, int(p), th) for t, w, p, th in plain.findall(shown)] == [
        (t, w, me, "main") for t in "ABC" for w in ("starting", "done")], shown
    shown = text(cell(nb, "plain-threads"))
    lines = plain.findall(shown)
    assert sorted((t, w, int(p), th) for t, w, p, th in lines) == sorted(
        (t, w, me, f"worker-{t}") for t in "ABC" for w in ("starting", "done")), shown
    first_done = shown.index(" done ")
    assert all(shown.index(f"Task {t} starting") < first_done for t in "ABC"), shown
    shown = text(cell(nb, "plain-processes"))
    kids = {t: (int(p), int(q)) for t, p, q in re.findall(r"^Task (\w) starting\s+pid=(\d+)\s+ppid=(\d+)$", shown, re.M)}
    assert set(kids) == {"A", "B", "C"}, shown
    assert len({p for p, _ in kids.values()}) == 3 and me not in {p for p, _ in kids.values()}, shown
    assert {q for _, q in kids.values()} == {me}, shown
    for t, (p, _) in kids.items():
        assert f"Task {t} done  pid={p}" in shown, shown
    order = [c.get("id") for c in nb.cells]
    assert order.index("plain-processes") < order.index("sequential"), order


def test_every_run_prints_the_readers_guess_beside_its_time(executed):
    nb = executed(NAME).notebook
    for cell_id, label in (("plain-sequential", "one after another"), ("plain-threads", "on threads"),
                           ("plain-processes", "in processes")):
        assert re.search(rf"^{label}: [\d.]+ s \(your guess: no guess\)", text(cell(nb, cell_id)), re.M), cell_id
    order = [c.get("id") for c in nb.cells]
    assert order.index("predict") < order.index("plain-sequential"), order


def test_the_timelines_are_pictures_with_a_bar_per_task(executed):
    nb = executed(NAME).notebook
    for cell_id, bars in (("timeline", 9), ("cpu", 6)):
        svgs = mime(cell(nb, cell_id), "image/svg+xml")
        assert svgs, f"{cell_id}: no SVG timeline"
        assert svgs[-1].count("<rect") >= bars, f"{cell_id}: fewer than {bars} rects"


def test_the_cpu_twist_prints_the_cpus_before_the_speed_up(executed):
    nb = executed(NAME).notebook
    assert "CPU-bound tasks can run" in text(cell(nb, "cpu-machine")) or "threads take turns" in text(cell(nb, "cpu-machine"))
    assert re.search(r"load average \(last minute\): [\d.]+", text(cell(nb, "cpu-machine"))), text(cell(nb, "cpu-machine"))
    shown = text(cell(nb, "cpu"))
    m = re.search(r"one after another: ([\d.]+) s   on threads: ([\d.]+) s   speed-up ([\d.]+)x with \d+ CPUs", shown)
    assert m, shown
    assert ratio_fits(float(m[1]), float(m[2]), float(m[3])), shown
    busy = re.search(r"on threads, CPU time ([\d.]+) s in ([\d.]+) s of wall time: ([\d.]+) CPUs busy", shown)
    assert busy and ratio_fits(float(busy[1]), float(busy[2]), float(busy[3])), shown
