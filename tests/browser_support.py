"""A Jupyter server and JupyterLab 4's page, for tests/test_browser.py.

JupyterServer serves a folder on a free loopback port with a random token, from this Python
(build/venv's), with settings and runtime files in a scratch folder; stop() shuts it down as
Ctrl-C would and reports whatever it started that outlived it.

Notebook wraps one open notebook in a page of JupyterLab (or Notebook 7, which is built from
JupyterLab's parts and shares its DOM): the cells, their prompts and outputs, the kernel's
state, the menus. The selectors are JupyterLab 4's own (as its test helpers, galata, use them):
cells `.jp-CodeCell`, prompts `.jp-InputPrompt`, outputs `.jp-OutputArea-output` with
`data-mime-type`, menu items with `data-command`.
"""
import json
import os
import pathlib
import re
import secrets
import subprocess
import sys
import time
import urllib.request
import uuid

import psutil

import proctree
from ports import free_port

MARK = "PTLAB_BROWSER_RUN"   # environment variable carried by every process the server starts
SECOND = 1000                # playwright counts in milliseconds
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class JupyterServer:
    """`python -m jupyterlab` on a free port, serving root; Notebook 7 is served by the same server."""

    def __init__(self, root, workdir):
        self.root = root
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
        self._settings()

    def _settings(self):
        """Every cell in the page (no windowing: all outputs can be read), no news pop-up."""
        settings = pathlib.Path(self.env["JUPYTERLAB_SETTINGS_DIR"])
        for plugin, values in {
            "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
            "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        }.items():
            path = settings / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))

    @property
    def pid(self):
        return self.proc.pid

    def start(self, timeout=60):
        # expose_app_in_browser: window.jupyterapp, so the test can tell an error output from text on
        # stderr (both are drawn alike) by the output's type in the notebook's model
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
                   "--port-retries=0", f"--ServerApp.token={self.token}", f"--ServerApp.root_dir={self.root}",
                   "--LabApp.expose_app_in_browser=True", "--JupyterNotebookApp.expose_app_in_browser=True"]
        if os.geteuid() == 0:
            command.append("--allow-root")
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(command, cwd=self.root, env=self.env, stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the Jupyter server exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                if self.api("status") is not None:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Jupyter server did not answer within {timeout} s:\n{self.log_tail()}")
            time.sleep(0.2)

    def api(self, path, method="GET"):
        request = urllib.request.Request(f"{self.url}/api/{path}?token={self.token}", method=method)
        with urllib.request.urlopen(request, timeout=10) as r:
            body = r.read()
            return json.loads(body) if body else {}

    def kernel_idle(self):
        """A kernel runs and the server has seen it idle. (While a kernel is shut down, the server
        may answer 500 for a moment: not idle yet.)"""
        try:
            return any(k["execution_state"] == "idle" for k in self.api("kernels"))
        except OSError:
            return False

    def shut_down_kernels(self, timeout=20):
        """Shuts every running kernel down (as closing its notebook and choosing "shut down" does)."""
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")
        deadline = time.monotonic() + timeout
        while self.api("kernels") and time.monotonic() < deadline:
            time.sleep(0.2)

    def kernel_processes(self):
        """The kernel JVMs, cell JVMs and everything below them, as psutil processes."""
        try:
            return psutil.Process(self.pid).children(recursive=True)
        except psutil.Error:
            return []

    def stop(self, grace=20):
        """Stops the server as Ctrl-C twice would (SIGTERM: it shuts its kernels down first), waits
        for everything it started to end, kills what did not, and returns what had to be killed."""
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
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        return described

    def marked(self):
        """Every live process that carries this server's MARK (the server, kernels, their children)."""
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


class Notebook:
    """One notebook open in its own page of JupyterLab (ui="lab") or Notebook 7 (ui="notebook")."""

    CELLS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell.jp-CodeCell"

    def __init__(self, context, server, name, ui="lab", width=1280, height=900):
        self.server, self.name, self.ui = server, name, ui
        self.page = context.new_page()
        self.page.set_viewport_size({"width": width, "height": height})
        self.page.set_default_timeout(15 * SECOND)
        self.console_errors = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(f"uncaught: {e}"))
        path = "/".join(urllib.request.quote(p) for p in name.split("/"))
        url = (f"{server.url}/lab/tree/{path}?reset&token={server.token}" if ui == "lab"
               else f"{server.url}/notebooks/{path}?token={server.token}")
        self.page.goto(url)

    # ------------------------------------------------------------ state

    def wait_for_kernel(self, timeout=90):
        """Waits until the notebook's kernel has started and the page shows it idle. (Before the
        kernel is there, JupyterLab shows "No Kernel" with an idle indicator.)"""
        self.page.locator(self.CELLS).first.wait_for(timeout=timeout * SECOND)
        self.wait_until(lambda: self.server.kernel_idle() and self.idle(), timeout, "the kernel to start and be idle")

    def idle(self):
        """The kernel is idle, as the toolbar's kernel status shows it."""
        return self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) "
                                 ".jp-Notebook-ExecutionIndicator[data-status='idle']").count() > 0

    def modified(self):
        """The notebook has unsaved changes (its tab, or Notebook 7's title, carries jp-mod-dirty)."""
        return self.page.locator(".jp-mod-dirty").count() > 0

    def prompts(self):
        """Every code cell's prompt: '12' (ran), '*' (queued or running) or '' (never ran)."""
        return self.page.locator(self.CELLS).evaluate_all("""cells => cells.map(cell => {
            const m = /\\[\\s*(\\d+|\\*)?\\s*\\]/.exec(cell.querySelector('.jp-InputPrompt')?.textContent ?? '');
            return m ? (m[1] ?? '') : '';
        })""")

    def wait_until(self, condition, timeout, what):
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout} s for {what}; prompts: {self.prompts()}")
            self.page.wait_for_timeout(50)

    # ------------------------------------------------------------ cells

    def cell(self, index):
        return self.page.locator(self.CELLS).nth(index)

    def count(self):
        return self.page.locator(self.CELLS).count()

    def select(self, index):
        """Clicks into the cell's editor: the cell is selected, in edit mode."""
        cell = self.cell(index)
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-InputArea-editor").click()

    def type_at_end(self, index, text=""):
        """Puts the cursor at the end of the cell's text and types text there."""
        self.select(index)
        self.page.keyboard.press("Control+End")
        if text:
            self.page.keyboard.type(text)

    def run(self, index, timeout=60):
        """Runs one cell (Ctrl+Enter) and waits until it has a new number and the kernel is idle."""
        before = self.prompts()[index]
        self.select(index)
        self.page.keyboard.press("Control+Enter")
        self.wait_until(lambda: self.idle() and re.fullmatch(r"\d+", self.prompts()[index] or "")
                        and self.prompts()[index] != before, timeout, f"cell {index} to run")
        return self.read(index)

    def read(self, index):
        """What one code cell shows: its prompt, its outputs as drawn (mime type, text, SVG pictures),
        and the types of its outputs in the notebook's model ("stream", "error", ...)."""
        cell = self.cell(index)
        cell.scroll_into_view_if_needed()
        return cell.evaluate("""cell => {
            const m = /\\[\\s*(\\d+|\\*)?\\s*\\]/.exec(cell.querySelector('.jp-InputPrompt')?.textContent ?? '');
            const outputs = [...cell.querySelectorAll('.jp-OutputArea-output')].map(node => ({
                mime: node.dataset.mimeType ?? '', text: node.innerText,
                svgs: node.querySelectorAll('svg').length + node.querySelectorAll('img[src^="data:image/svg"]').length,
            }));
            const widget = window.jupyterapp.shell.currentWidget.content.widgets.find(w => w.node === cell);
            const types = widget.model.outputs.toJSON().map(o => o.output_type);
            const errors = widget.model.outputs.toJSON().filter(o => o.output_type === 'error')
                .map(o => `${o.ename}: ${o.evalue}`);
            return {prompt: m ? (m[1] ?? '') : '', outputs, types, errors, text: outputs.map(o => o.text).join('\\n')};
        }""")

    # ------------------------------------------------------------ menus

    def menu(self, menu, command):
        """Chooses a menu item: the menu bar's `menu`, then the item that runs `command`."""
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
        self.page.locator(f".lm-Menu li[data-command='{command}']").click()

    def run_all(self, timeout=180):
        """Run > Run All Cells, then waits until every code cell ran and the kernel is idle."""
        self.menu("Run", "runmenu:run-all")
        self.page.wait_for_timeout(300)
        self.wait_until(lambda: self.idle() and all(re.fullmatch(r"\d+", p) for p in self.prompts()),
                        timeout, "Run All to finish")

    def interrupt_button(self):
        return self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar "
                                 "[data-command='notebook:interrupt-kernel']").first

    def file_browser(self, show):
        """Opens or closes the left side bar's file browser."""
        if self.page.locator("#filebrowser").is_visible() != show:
            self.page.locator(".jp-SideBar [data-id='filebrowser']").click()
        self.page.locator("#filebrowser").wait_for(state="visible" if show else "hidden")
        self.page.wait_for_timeout(300)  # the panels lay out anew

    def screenshot(self, path, full=False):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full)

    def close(self):
        """Closes the page (no "leave the page?" question) and shuts its kernel down."""
        self.page.close()
        self.server.shut_down_kernels()
