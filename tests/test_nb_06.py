"""Notebook 06: a lost update and a deadlock replayed step by step from a written schedule (the same result every
time), the race in plain Java and repeated, the fixes against one thread alone, a deadlock of two
lambdas detected and broken by the watchdog, and its two fixes. Every figure a sentence states is printed from
the measurement; these tests check each printed figure against the table it comes from."""
import re

from notebook_facts import cell, mime, text

NAME = "06-races-and-deadlocks"
ROW = re.compile(r"^(\w+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(-?\d+)\s+(-?[\d.]+)\s+([\d.]+) ms\s+[\d.]+\s+(\S+)$", re.M)


def rows(c):
    """(counter, threads, expected, actual, lost, ms, bar) from a race table."""
    return [(m[0], int(m[1]), int(m[2]), int(m[3]), int(m[4]), float(m[6]), m[7]) for m in ROW.findall(text(c))]


def test_the_plain_java_race_prints_what_it_lost_beside_the_guess(executed):
    shown = text(cell(executed(NAME).notebook, "race-once"))
    m = re.search(r"^expected 4000000, counted (\d+): lost (\d+) \(your guess: 0\)$", shown, re.M)
    assert m and int(m[1]) + int(m[2]) == 4_000_000, shown


def test_the_repeated_race_counts_and_draws_what_each_try_lost(executed):
    c = cell(executed(NAME).notebook, "race")
    found = rows(c)
    assert [r[0] for r in found] == ["Tally"] * 5, found
    for counter, threads, expected, actual, lost, _, bar in found:
        assert threads == 4 and expected == 4_000_000 and actual <= expected and lost == expected - actual, found
        assert (bar == "·") == (lost == 0), found
    lost = [r[4] for r in found]
    assert f"lost in 5 tries: {min(lost)} to {max(lost)} of 4000000 (your guess: 0)" in text(c), text(c)


def test_every_fix_counts_every_update_and_its_cost_is_printed_against_one_thread(executed):
    c = cell(executed(NAME).notebook, "fixes")
    found = rows(c)
    assert [r[0] for r in found] == ["Tally", "SyncTally", "AtomicTally", "AdderTally", "LockTally"], found
    alone = found[0]
    assert alone[1:5] == (1, 4_000_000, 4_000_000, 0), alone
    for counter, threads, expected, actual, lost, ms, _ in found[1:]:
        assert (threads, expected, actual, lost) == (4, 4_000_000, 4_000_000, 0), found
        said = re.search(rf"^{counter}\s+lost\s+0, took\s+([\d.]+)x as long as one thread alone$", text(c), re.M)
        assert said, text(c)
        # the factor is printed from the same two times the table shows (to two decimals of a millisecond)
        low, high = (ms - 0.005) / (alone[5] + 0.005), (ms + 0.005) / max(alone[5] - 0.005, 1e-9)
        assert low - 0.05 <= float(said[1]) <= high + 0.05, (said[0], ms, alone)


def test_the_deadlock_of_two_lambdas_is_detected_named_and_broken(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "deadlock"))
    assert re.search(r"^deadlock detected after [\d.]+ ms$", shown, re.M), shown
    assert ("\ncycle: thread-A holds a and waits for b, held by thread-B; "
            "thread-B holds b and waits for a, held by thread-A\n") in shown, shown
    assert "\nbroken by interrupting thread-B\n" in shown, shown
    assert "\nthread-A: finished\n" in shown and "\nthread-B: gave up (InterruptedException)\n" in shown, shown
    assert re.search(r"^all threads gone: yes", shown, re.M), shown
    assert "deadlocked threads now: 0" in text(cell(nb, "no-deadlock-left"))


def test_both_fixes_finish_without_a_deadlock_and_the_retries_are_counted(executed):
    nb = executed(NAME).notebook
    for cell_id in ("fix-ordering", "fix-trylock"):
        shown = text(cell(nb, cell_id))
        assert re.search(r"^no deadlock$", shown, re.M), shown
        assert "\nthread-A: finished\n" in shown and "\nthread-B: finished\n" in shown, shown
        assert "broken by" not in shown and re.search(r"^all threads gone: yes", shown, re.M), shown
    assert re.search(r"^times a thread let go and tried again: \d+$", text(cell(nb, "fix-trylock")), re.M)


def test_the_coffman_table_names_what_each_fix_breaks(executed):
    md = "".join(c.source for c in executed(NAME).notebook.cells if c.cell_type == "markdown")
    for condition, fix in (("hold and wait", "tryLock"), ("no preemption", "interrupt"), ("circular wait", "lock order")):
        assert re.search(rf"^\| {condition} \|.*{fix}", md, re.M), condition


STORY_LOST = ("A read 0, B read 0, A add 1, B add 1, A write 1, B write 1: "
              "2 increments, counted 1: one update lost")
CYCLE = ("cycle: thread-A holds a and waits for b, held by thread-B; "
         "thread-B holds b and waits for a, held by thread-A")


def steps(shown):
    """The step column of a replay's table, in order."""
    return re.findall(r"^(\(?[A-C]\d+\)?) {2,}", shown, re.M)


def test_a_replayed_schedule_shows_each_step_and_whether_an_update_was_lost(executed):
    nb = executed(NAME).notebook
    serial = text(cell(nb, "replay-serial"))
    assert steps(serial) == ["A1", "A2", "A3", "B1", "B2", "B3"], serial
    assert re.search(r"^B1\s+read → 1$", serial, re.M), serial  # B read what A wrote
    assert "outcome: 2 increments, counted 2: no update lost\n" in serial, serial
    lost = text(cell(nb, "replay-lost"))
    assert steps(lost) == ["A1", "B1", "A2", "B2", "A3", "B3"], lost
    assert re.search(r"^B1\s+read → 0$", lost, re.M), lost  # B read before A wrote
    assert "outcome: 2 increments, counted 1: one update lost\n" in lost and STORY_LOST + "\n" in lost, lost
    for c in ("replay-serial", "replay-lost", "replay-deadlock"):
        assert "threads left running: none" in text(cell(nb, c)), c
    # the student's cell starts with the serial schedule: its replay, in another cell, is the same table
    assert text(cell(nb, "replay-yours")) == serial


def test_every_schedule_replays_identically_twenty_times(executed):
    nb = executed(NAME).notebook
    said = re.findall(r"^([A-C0-9 ]+): 20 replays, (\d+) different result\(s\)$",
                      text(cell(nb, "replay-again")) + text(cell(nb, "replay-deadlock")), re.M)
    assert [s for s, _ in said] == ["A1 A2 A3 B1 B2 B3", "A1 B1 A2 B2 A3 B3", "A1 A2 A3 B1 B2 B3", "A1 B1 A2 B2"], said
    assert all(n == "1" for _, n in said), said


def test_the_replayed_deadlock_is_a_drawn_cycle_and_the_safe_order_finishes(executed):
    nb = executed(NAME).notebook
    c = cell(nb, "replay-deadlock")
    shown = text(c)
    assert steps(shown) == ["A1", "B1", "A2", "B2"], shown
    assert re.search(r"^A2\s+lock\(b\) → waits: b is held by thread-B$", shown, re.M), shown
    assert "outcome: deadlock after step B2" in shown and CYCLE + "\n" in shown, shown
    html = "".join(mime(c, "text/html"))
    assert "<svg" in html and "waits for b" in html and "holds a" in html, html
    yours = text(cell(nb, "deadlock-yours"))
    assert "outcome: every thread finished\n" in yours and "cycle:" not in yours, yours


def test_a_malformed_schedule_is_an_error_naming_the_step(executed):
    shown = text(cell(executed(NAME).notebook, "replay-malformed"))
    assert ("IllegalArgumentException: step A3 (number 3 of the schedule) is not thread A's next step;"
            " allowed: A2 (add)") in shown, shown


def test_no_cell_shows_a_display_id_as_its_value(executed):
    for c in executed(NAME).notebook.cells:
        if c.cell_type == "code":
            assert not re.search(r'^"[0-9a-f]{8}-[0-9a-f]{4}-', text(c), re.M), (c.get("id"), text(c))
