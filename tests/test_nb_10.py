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
