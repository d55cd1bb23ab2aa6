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
