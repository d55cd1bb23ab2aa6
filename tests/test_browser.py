"""Notebook 09 in a real browser, as a student uses it.

A Jupyter server (JupyterLab when this Python has it, else the classic
Notebook) serves a scratch copy of the notebook with two cells appended: a long
cell and a short one. tests/browser/run.mjs drives Debian's chromium through
playwright-core: Run All Above the long cell (the whole course notebook), wait
for the kernel to go idle, read every cell; run the long cell, press the
toolbar's stop button, run the next cell. Meanwhile this test watches the
process tree below the server, so it can check that the PIDs and thread names
on the page are the real ones. Screenshots go to build/screenshots/.

The server, its kernels and the browser are always shut down, and the test
fails if anything it started outlives the server's own shutdown.
"""
import importlib.util
import json
import os
import pathlib
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

import nbformat
import psutil
import pytest

import proctree

ROOT = pathlib.Path(__file__).resolve().parent.parent
BROWSER = ROOT / "tests" / "browser"
SCREENSHOTS = ROOT / os.environ.get("BUILD", "build") / "screenshots"
NAME = "09-simple-demonstration"
NOTEBOOK = ROOT / "notebooks" / f"{NAME}.ipynb"

LONG_MARKER = "long cell: sleeping for 30 s"
LONG_CELL = f'System.out.println("{LONG_MARKER}");\nThread.sleep(30_000);\nSystem.out.println("long cell: woke up");'
AFTER_CELL = 'System.out.println("after the interrupt: " + (6 * 7));'
AFTER_TEXT = "after the interrupt: 42"

MARK = "PTLAB_BROWSER_RUN"   # environment variable carried by every process a run starts
BROWSER_TIMEOUT = 300        # seconds; a hang guard, a normal run takes well under a minute


def test_a_student_runs_notebook_09_then_stops_a_long_cell(tmp_path, executed):
    if not NOTEBOOK.exists():
        pytest.fail(f"{NOTEBOOK.relative_to(ROOT)} does not exist yet")
    course_bytes = NOTEBOOK.read_bytes()
    svgs_expected = svg_outputs(executed(NAME).notebook)

    run = browser_run(NOTEBOOK, [LONG_CELL, AFTER_CELL], LONG_MARKER, tmp_path)
    seen, watch = run["seen"], run["watch"]

    assert not seen.get("error"), (
        f"the browser run failed: {seen['error']}\nleft running: {run['leftovers']}\n{run['logs']}")
    assert run["leftovers"] == [], f"still running after the server's shutdown: {run['leftovers']}"
    course = read(NOTEBOOK)
    code = [c for c in course.cells if c.cell_type == "code"]
    cells = seen["cells"]
    assert len(cells) == len(code)
    for index, (cell, source) in enumerate(zip(cells, code)):
        assert re.fullmatch(r"\d+", cell["prompt"]), f"code cell {index} did not run: {cell}"
        if "raises-exception" not in source.metadata.get("tags", []):
            errors = [o["text"] for o in cell["outputs"] if o["kind"] == "error"]
            assert not errors, f"code cell {index} shows an error: {errors}"

    # The PIDs on the page are the real ones: the cell JVM's, and the child JVMs'.
    text = "\n".join(c["text"] for c in cells)
    numbers = {int(n) for n in re.findall(r"\d+", text)}
    assert watch.cell_jvms, "no cell JVM was seen below the server"
    assert watch.cell_jvms & numbers, f"the page never shows the cell JVM's PID {watch.cell_jvms}"
    assert len(watch.children & numbers) >= 2, (
        f"the page shows fewer than two of the child processes' PIDs {sorted(watch.children)}")

    # The thread names on the page are the real ones: "main" for the cells, and
    # the names of the threads that ran and ended in the cell JVM (as the OS
    # knows them, cut to 15 characters).
    assert re.search(r"(?<![\w-])main(?![\w-])", text), "the page never shows the thread name main"
    shown = {t for t in watch.ended_threads if re.search(rf"(?<![\w-]){re.escape(t)}", text)}
    assert len(shown) >= 2, (
        f"the page shows fewer than two of the threads that ran in the cell JVM: {sorted(watch.ended_threads)}")

    # Every SVG picture (the timeline) that the kernel sends is drawn in the page.
    for index, count in svgs_expected.items():
        drawn = cells[index]["svgs"]
        assert len(drawn) >= count, f"code cell {index}: {count} SVG outputs, {len(drawn)} drawn"
        for svg in drawn:
            assert svg["width"] > 0 and svg["height"] > 0 and svg["rects"] > 0, f"code cell {index}: {svg}"

    # Server, kernel, cell JVM and child JVMs together fit in a Binder pod (2 GB).
    assert watch.peak_rss < 1.5 * 2**30, f"{watch.peak_rss / 2**20:.0f} MB resident at the peak"

    # The stop button ends the long cell, and the next cell runs.
    assert LONG_MARKER in seen["longCell"]["text"]
    assert "woke up" not in seen["longCell"]["text"]
    assert AFTER_TEXT in seen["afterCell"]["text"]

    names = ["01-run-all", "03-long-cell-running", "04-after-interrupt"] + (["02-timeline"] if svgs_expected else [])
    for name in names:
        assert (SCREENSHOTS / f"{run['ui']}-{name}.png").is_file(), f"no screenshot {name}"
    assert NOTEBOOK.read_bytes() == course_bytes, "the course notebook was changed"


# ---------------------------------------------------------------- one run

def browser_run(notebook, extra_cells, long_marker, tmp_path):
    """Serves a copy of notebook with extra_cells appended and drives it in the
    browser (see tests/browser/run.mjs). Returns what the page showed ("seen"),
    the process watch, the UI used, the logs, and the processes that outlived
    the server's shutdown ("leftovers", killed by then)."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.access(chromium, os.X_OK):
        pytest.fail("chromium is not installed; `make test` installs it")
    if not (BROWSER / "node_modules" / "playwright-core").is_dir():
        pytest.fail("playwright-core is not installed in tests/browser; `make test` installs it")

    root = tmp_path / "root"
    root.mkdir()
    nb = read(notebook)
    course_cells = sum(c.cell_type == "code" for c in nb.cells)
    nb.cells += [nbformat.v4.new_code_cell(source) for source in extra_cells]
    nbformat.write(nb, root / notebook.name)

    ui = os.environ.get("PTLAB_BROWSER_UI") or (
        "lab" if importlib.util.find_spec("jupyterlab") else "notebook")
    for old in SCREENSHOTS.glob(f"{ui}-*.png"):
        old.unlink()
    server = JupyterServer(root, ui, tmp_path)
    watch = None
    seen = {"error": "the browser did not run"}
    logs = ""
    try:
        server.start()
        watch = ProcessWatch(server.pid)
        watch.start()
        config = {
            "server": server.url, "token": server.token, "ui": ui, "notebook": notebook.name,
            "courseCells": course_cells, "longMarker": long_marker, "chromium": chromium,
            "screenshots": str(SCREENSHOTS), "result": str(tmp_path / "seen.json"),
        }
        (tmp_path / "config.json").write_text(json.dumps(config))
        logs = drive(tmp_path / "config.json", server.env)
        if (tmp_path / "seen.json").exists():
            seen = json.loads((tmp_path / "seen.json").read_text())
    finally:
        if watch is not None:
            watch.stop()
        leftovers = server.stop()
    logs += "\n--- jupyter server log (end) ---\n" + server.log_tail()
    return {"seen": seen, "watch": watch, "ui": ui, "logs": logs, "leftovers": leftovers}


def drive(config, env):
    """Runs tests/browser/run.mjs; returns its log. Killed (with its process
    group) when it runs past the hang guard."""
    proc = subprocess.Popen(["node", str(BROWSER / "run.mjs"), str(config)], cwd=BROWSER, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=BROWSER_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        out += f"\n(killed after {BROWSER_TIMEOUT} s)"
    return "--- browser log ---\n" + out


class JupyterServer:
    """A Jupyter server on a free loopback port with a random token, serving root.

    Everything it starts (kernels, and the browser, which gets the same
    environment) carries the environment variable MARK, so that stop() can
    find whatever outlives the server.
    """

    def __init__(self, root, ui, workdir):
        self.root, self.ui = root, ui
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "jupyter.log"
        home = workdir / "jupyter-home"
        self.env = dict(os.environ, **{
            MARK: uuid.uuid4().hex,
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTER_DATA_DIR": str(home / "data"),
            "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(home / "lab-workspaces"),
        })
        self.proc = None

    @property
    def pid(self):
        return self.proc.pid

    def command(self):
        common = ["--no-browser", "--ip=127.0.0.1", f"--port={self.port}", "--port-retries=0"]
        if os.geteuid() == 0:
            common.append("--allow-root")
        if self.ui == "lab":
            self.lab_settings()
            return [sys.executable, "-m", "jupyterlab", *common,
                    f"--ServerApp.token={self.token}", f"--ServerApp.root_dir={self.root}"]
        return [sys.executable, "-m", "notebook", *common,
                f"--NotebookApp.token={self.token}", f"--NotebookApp.notebook_dir={self.root}"]

    def lab_settings(self):
        """JupyterLab: every cell in the page (no windowing), no news pop-up."""
        settings = pathlib.Path(self.env["JUPYTERLAB_SETTINGS_DIR"])
        for plugin, values in {
            "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
            "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        }.items():
            path = settings / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))

    def start(self, timeout=60):
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(self.command(), cwd=self.root, env=self.env, stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"the Jupyter server exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the Jupyter server did not answer within {timeout} s:\n{self.log_tail()}")
            time.sleep(0.2)

    def stop(self, grace=20):
        """Stops the server as Ctrl-C twice would (SIGTERM: it shuts its
        kernels down first), waits for everything this run started to end,
        kills what did not, and returns descriptions of what had to be killed."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        marked = self.marked()
        proctree.wait_until(lambda: not any(proctree.alive(p) for p in marked), grace)
        survivors = [p for p in marked if proctree.alive(p)]
        described = [proctree.describe(p) for p in survivors]
        for p in survivors:
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(survivors, timeout=10)
        if self.proc is not None:
            self.proc.wait(10)
        return described

    def marked(self):
        """Every live process that carries this run's MARK."""
        procs = []
        for p in psutil.process_iter():
            try:
                if p.environ().get(MARK) == self.env[MARK]:
                    procs.append(p)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        return procs

    def log_tail(self, lines=40):
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


class ProcessWatch(threading.Thread):
    """Polls the process tree below the Jupyter server while the browser runs.

    Collects the PIDs of the cell JVMs and of every process below them; the
    names of the threads that lived and ended in a cell JVM while it was
    watched, such as the demo's worker threads (Linux names threads after their
    Java names, cut to 15 characters; the JVM's own threads live on); and the
    peak of the resident memory of the server and everything below it, which
    must fit in a Binder pod.
    """

    def __init__(self, server_pid, every=0.05):
        super().__init__(daemon=True)
        self.server_pid, self.every = server_pid, every
        self.cell_jvms, self.children = set(), set()
        self.peak_rss = 0
        self._threads_seen = {}  # cell JVM PID: every thread name seen in it
        self._threads_last = {}  # cell JVM PID: the names in the last look at it
        self._done = threading.Event()

    def run(self):
        while not self._done.wait(self.every):
            self.poll()

    def stop(self):
        self._done.set()
        self.join(5)

    def poll(self):
        try:
            server = psutil.Process(self.server_pid)
            procs = server.children(recursive=True)
        except psutil.Error:
            return
        rss = 0
        for p in [server, *procs]:
            try:
                rss += p.memory_info().rss
            except psutil.Error:
                continue
        self.peak_rss = max(self.peak_rss, rss)
        for p in procs:  # parents come before their children
            if p.pid in self.cell_jvms or p.pid in self.children:
                continue
            try:
                if proctree.CELL_AGENT in " ".join(p.cmdline()):
                    self.cell_jvms.add(p.pid)
                elif p.ppid() in self.cell_jvms or p.ppid() in self.children:
                    self.children.add(p.pid)
                # else: the kernel JVM, or a cell JVM still between fork and exec: look again next time
            except psutil.Error:
                continue
        for pid in self.cell_jvms:
            names = thread_names(pid)
            if names:
                self._threads_seen.setdefault(pid, set()).update(names)
                self._threads_last[pid] = names

    @property
    def ended_threads(self):
        """Names of the threads that started and ended in a cell JVM while watched."""
        return {name for pid, seen in self._threads_seen.items() for name in seen - self._threads_last[pid]}


def thread_names(pid):
    names = set()
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                names.add(pathlib.Path(f"/proc/{pid}/task/{tid}/comm").read_text().strip())
            except OSError:
                continue
    except OSError:
        pass
    return names


# ---------------------------------------------------------------- small things

def read(path):
    return nbformat.read(path, as_version=4)


def svg_outputs(nb):
    """{code cell index: number of SVG outputs} of an executed notebook."""
    counts = {}
    code = [c for c in nb.cells if c.cell_type == "code"]
    for index, cell in enumerate(code):
        n = sum(1 for out in cell.get("outputs", [])
                if "image/svg+xml" in out.get("data", {}) or "<svg" in str(out.get("data", {}).get("text/html", "")))
        if n:
            counts[index] = n
    return counts


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
