"""Notebook 08: the measured table behind the decision guide."""
import re

from notebook_facts import cell, text

NAME = "08-when-to-use-which"
ROW = re.compile(r"^(\d[\d,]* (?:waits|computations), [\w ]+?)\s+[\d.]+ s\s+(?:[\d.]+x)?\s+(\d+)\s+(\d+)$", re.M)


def test_the_table_counts_the_processes_and_threads_each_design_used(executed):
    nb = executed(NAME).notebook
    cpus = int(re.search(r"^with (\d+) CPU", text(cell(nb, "machine")), re.M).group(1))
    rows = {name: (int(p), int(t)) for name, p, t in ROW.findall(text(cell(nb, "table")))}
    assert rows == {
        "16 waits, platform threads": (1, 16),
        "16 waits, virtual threads": (1, 16),
        f"16 waits, pool of {cpus}": (1, min(cpus, 16)),
        "5,000 waits, virtual threads": (1, 5000),
        "4 computations, sequential": (1, 1),
        f"4 computations, pool of {cpus}": (1, min(cpus, 4)),
        "4 computations, processes": (4, 4),
    }, text(cell(nb, "table"))


def test_five_thousand_virtual_threads_all_waited_at_once(executed):
    shown = text(cell(executed(NAME).notebook, "many"))
    assert "at most 5000 at the same time" in shown, shown


def test_the_memory_of_waiting_threads_is_measured_and_scaled_as_said(executed):
    shown = text(cell(executed(NAME).notebook, "thread-memory"))
    if "not measured" in shown:
        return
    p = re.search(r"^(\d+) platform threads: resident memory \+(-?\d+) KiB, (-?[\d.]+) KiB each; scaled to 10,000: (-?\d+) MiB$",
                  shown, re.M)
    v = re.search(r"^10,000 virtual threads: resident memory \+(-?\d+) KiB, (-?[\d.]+) KiB each; "
                  r"Java heap \+(-?\d+) KiB, (-?[\d.]+) KiB each$", shown, re.M)
    assert p and v, shown
    count, kib = int(p[1]), int(p[2])
    assert count == 64
    assert abs(kib / count - float(p[3])) <= 0.1 and abs(kib * 10_000 / count / 1024 - int(p[4])) <= 1, shown
    assert abs(int(v[1]) / 10_000 - float(v[2])) <= 0.01 and abs(int(v[3]) / 10_000 - float(v[4])) <= 0.01, shown


def test_real_requests_to_a_loopback_server_are_all_answered(executed):
    nb = executed(NAME).notebook
    cpus = int(re.search(r"^with (\d+) CPU", text(cell(nb, "machine")), re.M).group(1))
    rows = re.findall(r"^16 requests, (.+?)\s+([\d.]+) s, (\d+) answered$", text(cell(nb, "real-io")), re.M)
    assert [r[0] for r in rows] == ["platform threads", "virtual threads", f"pool of {cpus}"], rows
    assert all(r[2] == "16" for r in rows), rows
    # a server that answers after 0.2 s: no design can be faster than one answer, and a pool of cpus needs 16/cpus rounds
    assert all(float(r[1]) >= 0.2 for r in rows), rows
    assert float(rows[2][1]) >= 0.2 * -(-16 // cpus), rows


def test_the_task_size_sentence_follows_its_table(executed):
    shown = text(cell(executed(NAME).notebook, "task-size"))
    rows = re.findall(r"^([\d.]+) s\s+([\d.]+) s\s+([\d.]+) s\s+([+-][\d.]+) s \(\s*(-?\d+)%\)$", shown, re.M)
    assert [r[0] for r in rows] == ["0.3", "1.0", "3.0"], shown
    for size, pool, procs, extra, share in rows:
        assert abs(float(procs) - float(pool) - float(extra)) <= 0.011, shown
        # the share was computed before rounding: it must lie within what the printed figures allow, each rounded
        # to its last digit (extra and processes to 0.005 s, the share to 0.5 %)
        lowest = 100 * (float(extra) - 0.005) / (float(procs) + 0.005)
        highest = 100 * (float(extra) + 0.005) / (float(procs) - 0.005)
        assert lowest - 0.5 <= int(share) <= highest + 0.5, shown
    said = re.search(r"was (-?\d+)% of their wall time with 0.3 s tasks and (-?\d+)% with 3 s tasks", shown)
    assert said and (said[1], said[2]) == (rows[0][4], rows[2][4]), shown
