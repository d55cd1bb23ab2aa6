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
    shown = text(cell(nb, "child-copy"))
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
