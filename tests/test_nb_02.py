"""Notebook 02: memory regions, isolation of processes, a crash-proof multi-process browser, start costs."""
import re

from notebook_facts import cell, text

NAME = "02-processes"


def cell_pid(nb):
    return int(re.search(r"pid (\d+), parent pid", text(cell(nb, "machine"))).group(1))


def test_the_memory_map_has_code_data_heap_and_stack_or_says_why_not(executed):
    shown = text(cell(executed(NAME).notebook, "memory-map"))
    if "memory map of pid" not in shown:
        assert "no /proc" in shown and len(shown.strip().splitlines()) <= 2, shown
        return
    for kind in ("code", "data", r"C heap \[heap\]", r"main stack \[stack\]", "anonymous data", "reserved"):
        assert re.search(rf"^{kind}\s+\d+\s", shown, re.M), kind
    assert re.search(r"VmRSS \d+ kB", shown)


def test_a_thread_changes_our_value_and_a_child_only_its_copy(executed):
    nb = executed(NAME).notebook
    me = cell_pid(nb)
    assert f"after the thread: savings = 0 (pid {me})" in text(cell(nb, "thread-shares"))
    shown = text(cell(nb, "java-child-copy"))
    got = re.search(r"^child pid=(\d+) ppid=(\d+) got savings=100$", shown, re.M)
    assert got, shown
    assert int(got.group(1)) != me and int(got.group(2)) == me
    assert re.search(rf"^child pid={got.group(1)} changed savings=0$", shown, re.M)
    assert f"parent pid={me} still has savings=100" in shown


def tables(shown):
    """Each browser table as {tab: (pid, state, frames)}."""
    out = []
    for block in shown.split("browser in pid")[1:]:
        rows = re.findall(r"^(news|mail|video)\s+(\d+)\s+(\w+)\s+(\d+)", block, re.M)
        out.append({t: (int(p), s, int(f)) for t, p, s, f in rows})
    return out


def test_one_tab_crashes_and_the_others_keep_rendering(executed):
    nb = executed(NAME).notebook
    before, after = tables(text(cell(nb, "browser")))
    assert {t: s for t, (_, s, _) in before.items()} == {"news": "running", "mail": "running", "video": "running"}
    assert {t: s for t, (_, s, _) in after.items()} == {"news": "running", "mail": "running", "video": "crashed"}
    pids = {p for p, _, _ in before.values()}
    assert len(pids) == 3 and cell_pid(nb) not in pids
    for tab in ("news", "mail"):
        assert after[tab][2] > before[tab][2], (tab, before, after)
    assert "killed by signal 9" in text(cell(nb, "browser"))


def test_start_costs_are_measured_for_threads_jvms_and_a_native_program(executed):
    shown = text(cell(executed(NAME).notebook, "start-cost"))
    assert re.search(r"^platform thread \(start \+ join\)\s+30\s", shown, re.M), shown
    assert re.search(r"^child JVM \(start to exit\)\s+10\s", shown, re.M), shown
    assert re.search(r"^native program /bin/true \(start to exit\)\s+10\s", shown, re.M) or "no /bin/true" in shown
    assert "starting a child JVM costs about" in shown


def test_a_forked_child_has_the_same_address_and_its_own_value(executed):
    shown = text(cell(executed(NAME).notebook, "child-copy"))
    if "no /usr/bin/python3" in shown:
        return
    child = re.search(r"^child  pid (\d+) ppid (\d+) savings at (0x[0-9a-f]+) = 0$", shown, re.M)
    parent = re.search(r"^parent pid (\d+) savings at (0x[0-9a-f]+) = 100$", shown, re.M)
    assert child and parent, shown
    assert child[2] == parent[1] and child[1] != parent[1], shown
    assert child[3] == parent[2], shown


def test_the_jvm_and_the_os_thread_counts_are_reconciled(executed):
    shown = text(cell(executed(NAME).notebook, "jvm-memory"))
    m = re.search(r"^Java threads (\d+), OS threads (\d+): (-?\d+) threads of the JVM's own are not Java threads$", shown, re.M)
    if "Threads:" not in shown:
        return
    assert m and int(m[2]) - int(m[1]) == int(m[3]) and int(m[3]) > 0, shown
    assert re.search(rf"^threads \(each with its own stack\)\s+{m[1]} threads", shown, re.M), shown
    assert re.search(rf"^Threads: {m[2]}$", shown, re.M), shown


def test_read_only_data_is_mostly_the_jdks_modules(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "read-only-files"))
    if "no /proc/self/maps" in shown:
        return
    total = float(re.search(r"read-only file mappings: ([\d.]+) MiB in all", shown)[1])
    largest = re.findall(r"^\s*([\d.]+) MiB  (\S+)$", shown, re.M)
    assert largest and largest[0][1].endswith("/lib/modules"), shown
    assert float(largest[0][0]) > total / 2, shown


def test_the_bare_thread_cost_is_printed_next_to_the_helpers(executed):
    nb = executed(NAME).notebook
    bare = re.search(r"after warm-up: min (\d+) µs, median (\d+) µs, max (\d+) µs", text(cell(nb, "thread-cost")))
    assert bare and int(bare[1]) <= int(bare[2]) <= int(bare[3]), text(cell(nb, "thread-cost"))
    shown = text(cell(nb, "start-cost"))
    helper = re.search(r"^platform thread \(start \+ join\)\s+30\s+\d+ µs\s+(\d+) µs", shown, re.M)
    said = re.search(r"thread start \+ join: (\d+) µs median after warm-up \(above\), (\d+) µs median in the helper", shown)
    assert helper and said and said[1] == bare[2] and said[2] == helper[1], shown
    assert "tens to hundreds of microseconds" not in "".join(c.source for c in nb.cells)


def test_a_halt_inside_a_tab_ends_every_tab_thread_but_only_its_own_tab_process(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "tabs-run"))
    threads, processes = shown.split("=== one process per tab ===")
    frames = {t: [int(f) for f in re.findall(rf"^{t} frame (\d+)  pid=\d+$", threads, re.M)] for t in ("news", "mail", "video")}
    assert frames["mail"] == [1, 2] and frames["video"] == [1, 2, 3, 4], frames
    assert 0 < max(frames["news"]) < 10, frames  # the halt took news down with it
    assert "video halts its process at frame 5" in threads
    # the uncaught exception is one whole line in both runs: no stack trace pieces inside another thread's line
    bug = "java.lang.IllegalStateException: mail: a bug in the tab's code"
    assert re.search(rf"^uncaught in thread mail: {re.escape(bug)}$", threads, re.M), threads
    assert re.search(rf"^uncaught in thread main: {re.escape(bug)}$", processes, re.M), processes
    assert "\tat " not in shown, shown
    assert re.search(r"^process for threads: pid \d+, exit status 1$", threads, re.M), threads
    ended = dict(re.findall(r"^process for (\w+): pid \d+, exit status (\d+)$", processes, re.M))
    assert ended == {"news": "0", "mail": "1", "video": "1"}, processes
    assert re.findall(r"^news frame (\d+)", processes, re.M) == [str(i) for i in range(1, 11)], processes
    pids = set(re.findall(r"^\w+ frame \d+  pid=(\d+)$", processes, re.M))
    assert len(pids) == 3 and str(cell_pid(nb)) not in pids, processes
    assert "public class Tabs" in text(cell(nb, "tabs-program"))


def test_switch_costs_are_measured_pinned_and_the_verdict_follows_the_ratio(executed):
    shown = text(cell(executed(NAME).notebook, "switch-cost"))
    if shown.startswith("taskset is not installed"):
        return
    rows = {}
    for who, median, fastest, slowest, out in re.findall(
            r"^(two threads of one process|two processes)\s+([\d.]+) µs\s+([\d.]+) µs\s+([\d.]+) µs\s+([\d.]+)$", shown, re.M):
        rows[who] = (float(median), float(fastest), float(slowest), float(out))
    assert sorted(rows) == ["two processes", "two threads of one process"], shown
    for median, fastest, slowest, out in rows.values():
        assert 0 < fastest <= median <= slowest, shown
        assert out >= 0.9, shown  # the sender was switched out about once per round trip: each hop was a switch
    assert re.search(r"pinned to CPU \d+$", shown, re.M), shown
    m = re.search(r"^here one switch between processes costs ([\d.]+) times one between threads \(([\d.]+) µs against ([\d.]+) µs\)$",
                  shown, re.M)
    assert m, shown
    ratio, proc, thread = float(m[1]), float(m[2]), float(m[3])
    assert abs(proc - rows["two processes"][0]) <= 0.01 and abs(thread - rows["two threads of one process"][0]) <= 0.01, shown
    assert abs(ratio - proc / thread) <= 0.01 * ratio + 0.01, shown
    assert re.search(r"^this CPU tags its address translations by process \(the pcid flag in /proc/cpuinfo\): (yes|no)$", shown, re.M)
    small = "a small difference: most of a switch is the same work for threads and processes" in shown
    clear = "switching processes costs clearly more here" in shown
    assert small != clear and small == (ratio < 1.5), shown
