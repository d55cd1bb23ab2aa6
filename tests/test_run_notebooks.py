"""The notebook runner itself: it catches what a notebook leaves running."""
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
