"""Notebook 03: threads share a PID and the heap, own their stacks; UI responsiveness; failure impact."""
import re

from notebook_facts import cell, ints, text

NAME = "03-threads"


def cell_pid(nb):
    return int(re.search(r"pid (\d+), parent pid", text(cell(nb, "machine"))).group(1))


def test_every_thread_reports_the_cell_jvms_pid(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "same-pid"))
    lines = re.findall(r"^(\S+).* runs in pid (\d+)$", shown, re.M)
    assert {name for name, _ in lines} == {"worker-1", "worker-2", "worker-3", "main"}, shown
    assert {int(pid) for _, pid in lines} == {cell_pid(nb)}, shown


def test_the_heap_is_shared_and_each_thread_has_its_own_stack(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "heap-and-stacks"))
    rows = re.findall(r"^(digger-\d) level=(\d+) twice=(\d+)\s+board object @(\w+)\s+stack: (\d+) frames", shown, re.M)
    assert [r[0] for r in rows] == ["digger-2", "digger-4", "digger-6"], shown
    # the same local variables held different values in each thread at the same moment
    assert [int(r[1]) for r in rows] == [2, 4, 6]
    assert [int(r[2]) for r in rows] == [4, 8, 12]
    # one frame more per level of recursion: two levels apart, two frames apart
    depths = [int(r[4]) for r in rows]
    assert depths[1] - depths[0] == 2 and depths[2] - depths[1] == 2, depths
    # one board object, seen by the three threads and by the cell's thread, with all three signatures
    board = re.search(r"the board, read by the cell's thread \(object @(\w+)\)", shown).group(1)
    assert {r[3] for r in rows} == {board}
    assert sorted(re.findall(r"^  (digger-\d) signed the board$", shown, re.M)) == ["digger-2", "digger-4", "digger-6"]


def test_the_ui_freezes_when_it_draws_itself_and_not_with_a_render_thread(executed):
    nb = executed(NAME).notebook
    single = text(cell(nb, "paint-single"))
    assert "single-threaded (threads: ui):" in single, single
    assert ints(r"(\d+) of them while the circle was drawn", single) == [0], single
    assert re.search(r"^\s*\d+ ms  ui\s+circle done", single, re.M), single
    multi = text(cell(nb, "paint-multi"))
    assert "multi-threaded (threads: ui, render):" in multi, multi
    during = ints(r"(\d+) of them while the circle was drawn", multi)
    assert len(during) == 1 and during[0] > 0, multi
    assert re.search(r"^\s*\d+ ms  render\s+circle done", multi, re.M), multi


def ticks(shown):
    """{thread: ticks} from a crash report's table."""
    return {t: int(n) for t, n in re.findall(r"^(ticker-\d)\s+(\d+)\s", shown, re.M)}


def test_an_uncaught_exception_ends_only_its_thread_in_the_cell_jvm(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "uncaught-here"))
    assert f"this JVM, pid {cell_pid(nb)}:" in shown, shown
    assert 'Exception in thread "worker" java.lang.IllegalStateException' in shown
    assert ticks(shown) == {"ticker-1": 12, "ticker-2": 12, "ticker-3": 12}, shown
    assert f"this JVM (pid {cell_pid(nb)}) is still running" in shown


def test_halt_in_the_child_ends_all_its_threads_and_the_cell_jvm_lives_on(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "halt-child"))
    child = int(re.search(r"child JVM, pid (\d+):", shown).group(1))
    assert child != cell_pid(nb)
    assert re.search(rf"pid {child}, parent pid {cell_pid(nb)};", shown), shown
    assert "the child exited with status 42" in shown
    assert ints(r"the child's exit status: (\d+)", shown) == [42]
    assert "starts ticker-1, ticker-2, ticker-3, worker" in shown, shown
    # how far the tickers got depends on the machine's speed; that main, which waits for every thread, never got
    # to its closing line shows that the halt ended them all
    assert "exits with status" not in shown, shown
    assert not re.search(r"ticker-\d\s+tick 12\b", shown), shown  # what the prose says: none reached its last tick
    assert f"this cell ran in pid {cell_pid(nb)}: still running" in shown


def test_out_of_memory_ends_one_thread_unless_the_jvm_is_told_to_exit(executed):
    nb = executed(NAME).notebook
    plain = text(cell(nb, "oom-child"))
    assert 'Exception in thread "worker" java.lang.OutOfMemoryError' in plain, plain
    assert "the child exited with status 0" in plain
    exiting = text(cell(nb, "oom-exit-child"))
    assert "Terminating due to java.lang.OutOfMemoryError" in exiting, exiting
    assert ints(r"the child's exit status: (\d+)", exiting) == [3]
    assert "exits with status" not in exiting, exiting  # main never got to its closing line: the exit ended every thread


def test_the_cell_jvm_survived_every_demo(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "still-alive"))
    assert ints(r"pid (\d+)", shown) == [cell_pid(nb), cell_pid(nb)], shown
    assert "the same process: it survived every demo" in shown


def test_the_draw_counts_are_printed_and_the_prose_says_why_they_differ(executed):
    nb = executed(NAME).notebook
    for cell_id in ("paint-single", "paint-multi"):
        assert re.search(r"circle done \(drawn \d+ times over, filled\)", text(cell(nb, cell_id))), cell_id
    prose = cell(nb, "md-10").source
    assert "fixed 800 ms" in prose and "warmed up the JIT" in prose, prose


def test_the_plain_event_loop_stalls_without_a_render_thread_and_ticks_with_one(executed):
    shown = text(cell(executed(NAME).notebook, "paint-by-hand"))
    runs = dict(re.findall(r"^(single-threaded|with a render thread):\s+ticks at \[([\d, ]+)\] ms$", shown, re.M))
    assert set(runs) == {"single-threaded", "with a render thread"}, shown
    single = [int(t) for t in runs["single-threaded"].split(", ")]
    multi = [int(t) for t in runs["with a render thread"].split(", ")]
    assert len(single) == len(multi) == 16, shown
    # the ui thread itself computed 0.8 s between the second and third tick: the gap cannot be shorter
    assert single[2] - single[1] >= 800, single
    assert max(b - a for a, b in zip(multi, multi[1:])) < single[2] - single[1], (single, multi)
