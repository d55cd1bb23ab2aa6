"""Notebook 10: where the executors, futures, virtual threads and parallel streams ran."""
import re

from notebook_facts import cell, text

NAME = "10-executors-and-next-steps"


def cell_pid(nb):
    return int(re.search(r"pid (\d+), parent pid", text(cell(nb, "machine"))).group(1))


def test_a_pool_of_two_runs_all_four_tasks_on_two_threads_in_one_process(executed):
    nb = executed(NAME).notebook
    ran = re.findall(r"^task (\w) ran on (\S+) in pid (\d+)$", text(cell(nb, "pool")), re.M)
    assert sorted(t for t, _, _ in ran) == ["A", "B", "C", "D"], ran
    assert len({th for _, th, _ in ran}) == 2, ran
    assert {int(p) for _, _, p in ran} == {cell_pid(nb)}, ran


def test_the_completable_futures_ran_on_the_pool_and_combined_on_main(executed):
    shown = text(cell(executed(NAME).notebook, "completable"))
    assert re.search(r"^price looked up on pool-\d+-thread-\d", shown, re.M), shown
    assert re.search(r"^shipping looked up on pool-\d+-thread-\d", shown, re.M), shown
    assert re.search(r"^total 42, printed on main in pid", shown, re.M), shown


def test_ten_thousand_virtual_threads_ride_on_a_few_carriers(executed):
    shown = text(cell(executed(NAME).notebook, "virtual"))
    carriers = int(re.search(r"carried by (\d+) platform threads", shown).group(1))
    assert 1 <= carriers <= 64, shown


def test_the_parallel_stream_counted_everything_on_main_and_the_common_pool(executed):
    shown = text(cell(executed(NAME).notebook, "parallel"))
    handled = dict((t, int(n)) for t, n in re.findall(r"^(\S+) handled (\d+) numbers$", shown, re.M))
    assert sum(handled.values()) == 2_000_000, shown
    assert all(t == "main" or t.startswith("ForkJoinPool.commonPool-worker-") for t in handled), shown
    assert "in all: 2000000" in shown, shown


def test_the_timing_sentences_hold_for_what_was_printed(executed):
    nb = executed(NAME).notebook
    pool = re.search(r"^4 tasks of 0.2 s on 2 threads: ([\d.]+) s \(two rounds", text(cell(nb, "pool")), re.M)
    assert pool and float(pool[1]) >= 0.4, text(cell(nb, "pool"))  # two rounds of sleeps cannot take less
    virtual = re.search(r"^10,000 sleeps of 0.5 s on virtual threads: ([\d.]+) s \(one after another: 5,000 s\), "
                        r"carried by \d+ platform threads on \d+ CPUs$", text(cell(nb, "virtual")), re.M)
    assert virtual and float(virtual[1]) >= 0.5, text(cell(nb, "virtual"))
    prose = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "about 0.4 s" not in prose and "little more than half a second" not in prose


def test_the_common_pool_has_one_worker_fewer_than_the_cpus_but_at_least_one(executed):
    nb = executed(NAME).notebook
    cpus = int(re.search(r"^(\d+) CPUs?, CPU quota", text(cell(nb, "machine")), re.M).group(1))
    parallelism = int(re.search(r"common pool parallelism (\d+)", text(cell(nb, "parallel"))).group(1))
    assert parallelism == max(1, cpus - 1), (cpus, parallelism)
    assert "main does it all" not in cell(nb, "md-09").source
