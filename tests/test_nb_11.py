"""Notebook 11: every exercise's check rejects known-wrong answers and passes a right one.

The checks run in the real kernel: one kernel, the notebook's setup cells once, then for each exercise each
answer (the notebook's starting answer, other wrong answers a student might write, a right answer) followed by
the exercise's check cell, which must print exactly one verdict. A wrong answer must never PASS. The race
exercises (3 and 6) may say CAN'T TELL instead of PASS, but only when their control, a counter known to be racy
raced alongside, lost updates too seldom just then for a lucky racy answer to be unlikely (a chance over 1 in 100);
when it lost often enough, the verdict is PASS or FAIL, as the measurement says. Exercise 5 passes exactly the thread counts its own measurement accepts,
and exercise 7's right answer is the ratio the check measured.
"""
import re

import nbformat
import pytest

from conftest import NOTEBOOKS
from kernel_support import Kernel
from notebook_facts import cell, text

NAME = "11-summary-and-exercises"
EXERCISES = range(1, 9)

# Per exercise: known-wrong answers (the starting answer of the notebook is added to these), then a right one.
WRONG = {
    1: ["int threadPids = 0;", "int threadPids = 2;"],
    2: ["int processPids = 3;\nboolean includesCellJvm = true;", "int processPids = 4;\nboolean includesCellJvm = false;"],
    3: [
        # a private lock per call excludes nobody
        """class SafeCounter implements Counter {
    private volatile long count;
    public void increment() { synchronized (new Object()) { count++; } }
    public long get() { return count; }
}""",
        # get() that says what the check wants to hear
        """class SafeCounter implements Counter {
    private final AtomicLong count = new AtomicLong();
    public void increment() { count.incrementAndGet(); }
    public long get() { return 1_000_000; }
}""",
        # read and write are each atomic, the pair is not
        """class SafeCounter implements Counter {
    private final AtomicLong count = new AtomicLong();
    public void increment() { count.set(count.get() + 1); }
    public long get() { return count.get(); }
}""",
    ],
    4: ["Runner choice = Runner.sequential();"],
    6: [
        # both lock() calls deleted: no deadlock, but the balances race
        """void transfer(Account from, Account to, long amount) throws InterruptedException {
    from.balance -= amount;
    to.balance += amount;
}""",
        # gives up when the second lock is busy: no deadlock, no race, but transfers silently skipped
        """void transfer(Account from, Account to, long amount) throws InterruptedException {
    from.lock.lockInterruptibly();
    try {
        if (!to.lock.tryLock()) return;
        try {
            from.balance -= amount;
            to.balance += amount;
        } finally { to.lock.unlock(); }
    } finally { from.lock.unlock(); }
}""",
    ],
    7: ['String fasterToStart = "thread";\ndouble ratioGuess = 2;',
        'String fasterToStart = "thread";\ndouble ratioGuess = 1e7;'],
    8: [
        'String twoLost = "A1 B1 A2 B2 A3 B3 C1 C2 C3";',     # loses one update, not two
        'String twoLost = "C1 C2 C3 B1 B2 B3 A1 A2 A3";',     # serial: loses nothing
        'String twoLost = "A1 B1 C1 A2 B2 C2 A3 B3";',        # C never writes: the count says 2 lost, but C is unfinished
        'String twoLost = "A1 B1 C1 A2 B2 C2 A3 B3 C4";',     # malformed: C's next step is C3
        'String twoLost = "A1 B1 C1 A2 B2 C2 A3 B3 C3 A4";',  # A has already finished
        'String twoLost = "";',                               # empty
    ],
    # 5: the thread counts the check's own measurement rules out (see the test)
}

RIGHT = {
    1: "int threadPids = 1;",
    2: "int processPids = 3;\nboolean includesCellJvm = false;",
    3: """class SafeCounter implements Counter {
    private long count;
    public synchronized void increment() { count++; }
    public synchronized long get() { return count; }
}""",
    4: "Runner choice = Runner.threads();",
    6: """void transfer(Account from, Account to, long amount) throws InterruptedException {
    Account first = from.id < to.id ? from : to, second = first == from ? to : from;
    first.lock.lockInterruptibly();
    try {
        second.lock.lockInterruptibly();
        try {
            from.balance -= amount;
            to.balance += amount;
        } finally { second.lock.unlock(); }
    } finally { first.lock.unlock(); }
}""",
    8: 'String twoLost = "A1 B1 C1 A2 B2 C2 A3 B3 C3";',
    # 7: the ratio this machine measured, read from the check's own output (see the test)
}


def verdict(shown, n):
    """"PASS", "FAIL" or "CAN'T TELL" and the reason; the check printed exactly one verdict."""
    lines = re.findall(rf"^(PASS|FAIL|CAN'T TELL) · exercise {n}: (.+)$", shown, re.M)
    assert len(lines) == 1, shown
    return lines[0]


def test_the_starting_answers_fail_with_a_reason(executed):
    nb = executed(NAME).notebook
    found = {n: verdict(text(cell(nb, f"check-{n}")), n)[0] for n in EXERCISES}
    # 3 (racy) may show no loss on one CPU, which its control then shows too: CAN'T TELL, never PASS;
    # 5 (8 threads) is right on a machine with 5 to 8 CPUs
    assert all(found[n] == "FAIL" for n in (1, 2, 4, 6, 7, 8)), found
    assert found[3] in ("FAIL", "CAN'T TELL"), found


@pytest.fixture(scope="module")
def exercises():
    """A kernel with the notebook's setup cells run, and a function that runs an answer and its check."""
    nb = nbformat.read(NOTEBOOKS / f"{NAME}.ipynb", as_version=4)
    with Kernel(cwd=str(NOTEBOOKS)) as k:
        for cell_id in ("setup", "account", "stepped-counter"):
            assert k.execute(cell(nb, cell_id).source).status == "ok", cell_id

        def attempt(n, answer):
            r = k.execute(answer)
            assert r.status == "ok", (answer, r.error)
            r = k.execute(cell(nb, f"check-{n}").source)
            assert r.status == "ok", r.error
            return verdict(r.stream(), n)

        yield nb, attempt


# what the race checks say of their control, e.g. "the counter known to be racy lost updates in 3 of 20 races"
CONTROL = re.compile(r"the counter known to be racy lost updates in (\d+) of (\d+) races")
PLATEAU = re.compile(r"it stops growing at (\d+), so (?:the answer is \d+|any answer from (\d+) to \d+ fits)")


def accepted(why):
    """The thread counts exercise 5's measurement accepts, from its reason."""
    m = PLATEAU.search(why)
    return range(int(m[2] or m[1]), int(m[1]) + 1)


def test_exercise_5_passes_exactly_the_thread_counts_its_measurement_accepts(exercises):
    nb, attempt = exercises
    verdicts = {}
    for k in (0, 1, 2, 3, 4, 8, 16):
        result, why = attempt(5, f"int usefulThreads = {k};")
        assert result == ("PASS" if k in accepted(why) else "FAIL"), (k, why)
        verdicts[k] = result
    assert verdicts[0] == verdicts[16] == "FAIL", verdicts
    # a busy machine moves the plateau between runs: answer what the last run measured, up to three times
    for _ in range(3):
        k = accepted(why)[-1]
        result, why = attempt(5, f"int usefulThreads = {k};")
        assert result == ("PASS" if k in accepted(why) else "FAIL"), (k, why)
        if result == "PASS":
            break
    assert result == "PASS", why


@pytest.mark.parametrize("n", [n for n in EXERCISES if n != 5])
def test_each_check_rejects_known_wrong_answers_and_passes_a_right_one(exercises, n):
    nb, attempt = exercises
    for answer in [cell(nb, f"answer-{n}").source] + WRONG[n]:
        result, why = attempt(n, answer)
        assert result != "PASS", f"exercise {n} accepted a wrong answer:\n{answer}\n{why}"
        if n not in (3, 6):
            assert result == "FAIL", why
    for _ in range(2):  # 7 measures start times, which a busy machine disturbs: the right answer gets a second run
        if n == 7:
            ratio = float(re.search(r"about (\d+)x faster", why)[1])
            right = f'String fasterToStart = "thread";\ndouble ratioGuess = {ratio};'
        else:
            right = RIGHT[n]
        result, why = attempt(n, right)
        if result == "PASS" or n != 7:
            break
    if n in (3, 6):
        control = CONTROL.search(why)
        assert result != "FAIL" and control, f"exercise {n} rejected a right answer:\n{right}\n{why}"
        lost, races = int(control[1]), int(control[2])
        lucky = (1 - lost / races) ** races  # the chance that a racy answer lost nothing in all those races
        assert result == ("PASS" if lucky <= 0.01 else "CAN'T TELL"), f"exercise {n}: {result}: {why}"
    else:
        assert result == "PASS", f"exercise {n} rejected a right answer:\n{right}\n{why}"


def test_exercise_8_says_what_the_replay_of_each_schedule_showed(exercises):
    nb, attempt = exercises
    said = {s: attempt(8, f'String twoLost = "{s}";') for s in (
        "A1 B1 A2 B2 A3 B3 C1 C2 C3", "A1 B1 C1 A2 B2 C2 A3 B3", "A1 B1 C1 A2 B2 C2 A3 B3 C4",
        "A1 B1 C1 A2 B2 C2 A3 B3 C3")}
    assert said["A1 B1 A2 B2 A3 B3 C1 C2 C3"] == (
        "FAIL", "A read 0, B read 0, A add 1, B add 1, A write 1, B write 1, C read 1, C add 2, C write 2:"
                " 3 increments, counted 2: one update lost"), said
    assert said["A1 B1 C1 A2 B2 C2 A3 B3"] == (
        "FAIL", "every thread must run to its end, but the schedule ended before thread-C (next: C3 write) finished"), said
    assert said["A1 B1 C1 A2 B2 C2 A3 B3 C4"] == (
        "FAIL", "not a schedule the replay can run: step C4 (number 9 of the schedule) is not thread C's next step;"
                " allowed: C3 (write)"), said
    result, why = said["A1 B1 C1 A2 B2 C2 A3 B3 C3"]
    assert result == "PASS" and why.endswith(": 3 increments, counted 1: 2 updates lost"), said
