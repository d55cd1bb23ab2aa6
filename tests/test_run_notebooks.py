"""The notebook runner itself: it catches what a notebook leaves running."""
from datetime import datetime, timedelta

import nbformat

import run_notebooks

META = {"kernelspec": {"name": "ptlab-java", "display_name": "Java (ptlab)", "language": "java"}}


def notebook(tmp_path, *sources):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources], metadata=META)
    path = tmp_path / "scratch.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_clean_notebook_has_no_leftovers(tmp_path):
    result = run_notebooks.execute(notebook(tmp_path, "Thread t = new Thread(() -> {}); t.start(); t.join();"))
    assert result.ok, result.summary()


def test_a_thread_left_running_is_a_leftover(tmp_path):
    result = run_notebooks.execute(notebook(tmp_path, """
Thread.ofPlatform().daemon().name("left-behind").start(() -> {
    try { Thread.sleep(30_000); } catch (InterruptedException e) { }
});"""))
    assert result.error is None, result.summary()
    assert any("thread left-behind" in line for line in result.leftovers), result.summary()


def test_a_child_process_left_running_is_a_leftover(tmp_path):
    result = run_notebooks.execute(notebook(tmp_path, 'new ProcessBuilder("sleep", "30").start();'))
    assert result.error is None, result.summary()
    assert any(line.startswith("below the cell JVM") and "sleep" in line for line in result.leftovers), result.summary()


def test_run_starts_each_next_kernel_after_the_last_cell_and_leaves_nothing(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    # when the kernel (the cell JVM's parent) started, to the clock tick: its start in ticks since boot (field 22
    # of /proc/PID/stat, 100 a second) against the seconds since boot (ProcessHandle's start instant is whole
    # seconds off: it adds the boot time in whole seconds)
    kernel_started = """
String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + ProcessHandle.current().parent().get().pid() + "/stat"));
long ticks = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
double uptime = Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime")).split(" ")[0]);
System.out.println(java.time.Instant.now().minusMillis(Math.round((uptime - ticks / 100.0) * 1000)));
"""
    paths = [notebook(first, kernel_started, "Thread.sleep(300); System.out.println(java.time.Instant.now());"),
             notebook(second, kernel_started)]
    results = list(run_notebooks.run(paths))
    assert [r.name for r in results] == ["scratch", "scratch"]
    assert all(r.ok for r in results), [r.summary() for r in results]
    assert all(r.shutdown > 0 for r in results)

    def printed(result, cell):
        return datetime.fromisoformat(result.notebook.cells[cell].outputs[0].text.strip().replace("Z", "+00:00"))

    assert printed(results[1], 0) >= printed(results[0], 1) - timedelta(milliseconds=10)
    assert printed(results[1], 0) > printed(results[0], 0)
