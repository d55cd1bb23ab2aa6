"""Notebook 06: racy counters, fixes that lose nothing, a deadlock detected and broken, its fixes."""
import re

from notebook_facts import cell, text

NAME = "06-races-and-deadlocks"
ROW = re.compile(r"^(\w+)\s.*?\s(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+[\d.]+ ms", re.M)


def rows(c):
    """(counter, threads, expected, actual, lost) from a race table."""
    return [(m[0], int(m[1]), int(m[2]), int(m[3]), int(m[4])) for m in ROW.findall(text(c))]


def test_the_racy_counters_never_count_more_than_expected(executed):
    found = rows(cell(executed(NAME).notebook, "race"))
    assert [r[0] for r in found] == ["VOLATILE"] * 3 + ["PLAIN"] * 2, found
    for counter, threads, expected, actual, lost in found:
        assert expected == threads * 1_000_000 and actual <= expected and lost == expected - actual, found


def test_every_fix_counts_every_update(executed):
    found = rows(cell(executed(NAME).notebook, "fixes"))
    assert {r[0] for r in found} == {"SYNCHRONIZED", "ATOMIC_LONG", "LONG_ADDER", "REENTRANT_LOCK"}, found
    assert all(actual == expected == 4_000_000 and lost == 0 for _, _, expected, actual, lost in found), found


def test_the_deadlock_is_detected_with_its_cycle_and_broken(executed):
    nb = executed(NAME).notebook
    shown = text(cell(nb, "deadlock"))
    assert re.search(r"deadlock detected after [\d.]+ ms", shown), shown
    cycle = re.search(r"^cycle: (.*)$", shown, re.M).group(1)
    assert "thread-A" in cycle and "thread-B" in cycle and "lock 1" in cycle and "lock 2" in cycle, cycle
    assert "both threads gone: yes" in shown, shown
    assert "deadlocked threads now: 0" in text(cell(nb, "no-deadlock-left"))


def test_both_fixes_finish_without_a_deadlock(executed):
    nb = executed(NAME).notebook
    for cell_id in ("fix-ordering", "fix-trylock"):
        shown = text(cell(nb, cell_id))
        assert ": no deadlock" in shown, shown
        finished = re.search(r"^finished their work: (.*)$", shown, re.M).group(1)
        assert sorted(finished.split(", ")) == ["thread-A", "thread-B"], shown
        assert "both threads gone: yes" in shown, shown
