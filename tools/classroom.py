"""A class on one machine: students run a notebook at the same time through a real JupyterHub.

The hub is Debian's `jupyterhub` (its user servers Debian's Jupyter Notebook 6 through
`jupyterhub-singleuser`), its proxy npm's configurable-http-proxy in the build folder (Debian's needs
Debian's Node.js, which finds its modules in /usr/share/nodejs), on 127.0.0.1 at free ports, with its
database, cookie secret and the students' home folders in a scratch folder. Every student is a
hub user of the DummyAuthenticator (no OS account) whose server SimpleLocalProcessSpawner starts as
the current OS user; the servers find the ptlab-java kernelspec through JUPYTER_PATH.

Each student, all at once: the hub starts their server (REST API, an admin service token), the hub
issues them a token, their server opens a session on their own copy of the notebook, and its
code cells run in order over the kernel's websocket through the proxy, as a browser runs them. A
cell fails the run when its reply is not ok or it shows an error, unless it is tagged
`raises-exception`. Every process of the class carries CLASSROOM in its environment, so that after
the hub stops, anything of the class still running is found (`leftovers`).
"""
import asyncio
import collections
import contextlib
import dataclasses
import json
import os
import pathlib
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid

import nbformat
import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import proctree  # noqa: E402
from ports import free_port  # noqa: E402

JUPYTERHUB = "/usr/bin/jupyterhub"
SINGLEUSER = "/usr/bin/jupyterhub-singleuser"
PROXY = "proxy/node_modules/.bin/configurable-http-proxy"  # below the build folder: `make test` installs it
KERNEL = "ptlab-java"
MARK = "PTLAB_CLASSROOM"  # in the environment of every process of one class
CELL_TIMEOUT = 600  # seconds per cell: a lecture demo takes a few alone, a crowded machine stretches it


@dataclasses.dataclass
class Run:
    """One student's run: the notebook with its outputs, and when each part ended."""
    user: str
    notebook: nbformat.NotebookNode
    spawn_seconds: float = 0.0  # asking the hub for a server until it answered through the proxy
    run_seconds: float = 0.0  # opening the notebook (kernel start) until its last cell was done
    error: str = None


class Hub:
    """A JupyterHub on loopback for one class; `with Hub(folder) as hub:` starts and stops it."""

    def __init__(self, folder, jupyter_path, proxy):
        self.folder = pathlib.Path(folder)
        self.jupyter_path, self.proxy = str(jupyter_path), str(proxy)
        self.mark = uuid.uuid4().hex
        self.token = secrets.token_hex(32)
        self.url = f"http://127.0.0.1:{free_port()}"
        self.process = None
        self.seen = {}  # pid -> create time of every process seen below the hub

    def config(self):
        extra = ["--allow-root"] if os.geteuid() == 0 else []  # Notebook refuses root unless told
        return f"""
c.JupyterHub.bind_url = {self.url!r}
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{self.proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {str(self.folder / 'proxy.pid')!r}
c.JupyterHub.db_url = "sqlite:///{self.folder / 'hub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(self.folder / 'cookie_secret')!r}
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.JupyterHub.services = [{{"name": "classroom", "api_token": {self.token!r}, "admin": True}}]
c.SimpleLocalProcessSpawner.home_dir_template = {str(self.folder / 'home' / '{username}')!r}
c.Spawner.cmd = [{SINGLEUSER!r}]
c.Spawner.args = {extra!r}
c.Spawner.ip = "127.0.0.1"
c.Spawner.environment = {{"JUPYTER_PATH": {self.jupyter_path!r}, {MARK!r}: {self.mark!r}}}
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 600
c.JupyterHub.init_spawners_timeout = 600
"""

    def __enter__(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "jupyterhub_config.py").write_text(self.config(), encoding="utf-8")
        self.log = open(self.folder / "hub.log", "wb")
        env = dict(os.environ, **{MARK: self.mark})
        self.process = subprocess.Popen([JUPYTERHUB, "-f", "jupyterhub_config.py"], cwd=self.folder, env=env,
                                        stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            if not proctree.wait_until(self.answers, 120, step=0.5):
                raise RuntimeError(f"the hub did not answer within 120 s; its log: {self.tail()}")
        except BaseException:
            self.stop()
            self.end()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def answers(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"the hub ended with status {self.process.returncode}: {self.tail()}")
        try:  # the proxy answers 404 until the hub has added its route
            return asyncio.run(self.api("GET", "/hub/api/")) is not None
        except (OSError, HTTPClientError):
            return False

    def tail(self, lines=20):
        text = (self.folder / "hub.log").read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def processes(self):
        """The hub and every process below it now; each is remembered for `leftovers`."""
        try:
            tree = [psutil.Process(self.process.pid)]
            tree += tree[0].children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        for p in tree:
            with contextlib.suppress(psutil.Error):
                self.seen.setdefault(p.pid, p.create_time())
        return tree

    async def api(self, method, path, body=None, token=None):
        """A call to the hub's or a user server's REST API through the proxy; the answer's JSON."""
        request = HTTPRequest(self.url + path, method=method, body=None if body is None else json.dumps(body),
                              headers={"Authorization": f"token {token or self.token}"},
                              request_timeout=600, allow_nonstandard_methods=True)
        response = await AsyncHTTPClient().fetch(request)
        return json.loads(response.body) if response.body else {}

    def stop(self):
        """Stops the hub (it stops every user server, they their kernels, and the proxy)."""
        if self.process is None:
            return
        self.processes()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=300)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def alive(self):
        """Every process of this class still alive: seen below the hub, or carrying its mark."""
        found = {}
        for pid, created in self.seen.items():
            with contextlib.suppress(psutil.Error):
                p = psutil.Process(pid)
                if p.create_time() == created and proctree.alive(p):
                    found[pid] = p
        for p in psutil.process_iter():
            with contextlib.suppress(psutil.Error):
                if p.environ().get(MARK) == self.mark and proctree.alive(p):
                    found[p.pid] = p
        return list(found.values())

    def leftovers(self, grace=10.0):
        """What of this class is still running after a grace period, as description lines."""
        proctree.wait_until(lambda: not self.alive(), grace, step=0.5)
        return [proctree.describe(p) for p in self.alive()]

    def end(self):
        """Kills whatever of this class is still running (after `leftovers` has reported it)."""
        for p in self.alive():
            with contextlib.suppress(psutil.Error):
                p.kill()


async def student(hub, user, source, timeout=CELL_TIMEOUT):
    """One student: their server, their token, their copy of the notebook run cell by cell."""
    home = hub.folder / "home" / user
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, home / source.name)
    nb = nbformat.read(source, as_version=4)
    run = Run(user=user, notebook=nb)
    started = time.monotonic()
    try:
        await hub.api("POST", f"/hub/api/users/{user}/server")
        while not (server := (await hub.api("GET", f"/hub/api/users/{user}"))["servers"].get("", {})).get("ready"):
            if not server.get("pending") or time.monotonic() - started > timeout:
                raise RuntimeError(f"the hub did not start the server: {server or 'none'}; its log: {hub.tail(5)}")
            await asyncio.sleep(0.5)
        token = (await hub.api("POST", f"/hub/api/users/{user}/tokens", {"note": "classroom"}))["token"]
        await hub.api("GET", f"/user/{user}/api/status", token=token)
        run.spawn_seconds = time.monotonic() - started
        began = time.monotonic()
        session = await hub.api("POST", f"/user/{user}/api/sessions", token=token, body={
            "path": source.name, "name": source.name, "type": "notebook", "kernel": {"name": KERNEL}})
        kernel = Kernel(hub.url.replace("http", "ws", 1) + f"/user/{user}/api/kernels/{session['kernel']['id']}"
                        f"/channels?session_id={uuid.uuid4().hex}", token, user)
        await kernel.connect(timeout)
        try:
            for cell in nb.cells:
                if cell.cell_type == "code":
                    await kernel.execute(cell, timeout)
        finally:
            kernel.close()
        run.run_seconds = time.monotonic() - began
    except Exception as e:  # noqa: BLE001 - any failure is this student's failure
        run.error = f"{type(e).__name__}: {str(e).strip()[:300]}"
    return run


class Kernel:
    """A kernel's channels over one websocket, as JupyterLab and Notebook use them."""

    def __init__(self, url, token, user):
        self.url, self.token, self.user = url, token, user
        self.session = uuid.uuid4().hex
        self.ws = None

    async def connect(self, timeout):
        request = HTTPRequest(self.url, headers={"Authorization": f"token {self.token}"}, request_timeout=timeout)
        self.ws = await websocket_connect(request)
        deadline = time.monotonic() + timeout
        while True:  # the kernel may still be starting: ask until it answers
            asked = self.send("kernel_info_request", {})
            with contextlib.suppress(asyncio.TimeoutError):
                while True:
                    msg = await self.receive(min(2.0, max(0.1, deadline - time.monotonic())))
                    if msg["parent_header"].get("msg_id") == asked and msg["msg_type"] == "kernel_info_reply":
                        return
            if time.monotonic() > deadline:
                raise TimeoutError(f"the kernel did not answer kernel_info within {timeout} s")

    def send(self, msg_type, content):
        msg_id = uuid.uuid4().hex
        self.ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": self.user, "session": self.session,
                       "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []}))
        return msg_id

    async def receive(self, timeout):
        text = await asyncio.wait_for(self.ws.read_message(), timeout)
        if text is None:
            raise ConnectionError("the kernel's websocket closed")
        return json.loads(text)

    async def execute(self, cell, timeout):
        """Runs one code cell; its outputs go into the cell. Raises when it fails."""
        asked = self.send("execute_request", {"code": cell.source, "silent": False, "store_history": True,
                                              "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        cell.outputs = []
        reply = idle = None
        deadline = time.monotonic() + timeout
        while reply is None or not idle:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"cell {cell.get('id')} ran past {timeout} s")
            msg = await self.receive(left)
            if msg["parent_header"].get("msg_id") != asked:
                continue
            kind = msg["msg_type"]
            if kind == "execute_reply":
                reply = msg["content"]
                cell.execution_count = reply.get("execution_count")
            elif kind == "status":
                idle = msg["content"]["execution_state"] == "idle"
            elif kind == "clear_output":
                cell.outputs = []
            elif kind in ("stream", "display_data", "execute_result", "error"):
                cell.outputs.append(nbformat.v4.output_from_msg(msg))
        if "raises-exception" in cell.metadata.get("tags", []):
            return
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if reply.get("status") != "ok" or errors:
            shown = errors[0] if errors else reply
            raise RuntimeError(f"cell {cell.get('id')} raised: {shown.get('ename')}: {shown.get('evalue')}")

    def close(self):
        self.ws.close()


class Sampler:
    """Samples the machine's used memory and the class's own (RSS summed over the hub's tree)."""

    def __init__(self, hub, every=0.5):
        self.hub, self.every = hub, every
        self.machine_peak = self.class_peak = 0
        self.machine_before = used()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def loop(self):
        while not self.stopped.wait(self.every):
            rss = 0
            for p in self.hub.processes():
                with contextlib.suppress(psutil.Error):
                    rss += p.memory_info().rss
            self.class_peak = max(self.class_peak, rss)
            self.machine_peak = max(self.machine_peak, used())

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()


def used():
    memory = psutil.virtual_memory()
    return memory.total - memory.available


@dataclasses.dataclass
class Class:
    """What one class gave: every student's run, memory peaks (bytes), and what outlived the hub."""
    runs: list
    machine_before: int
    machine_peak: int
    class_peak: int
    leftovers: list
    seconds: float
    kernel_trouble: list = dataclasses.field(default_factory=list)

    @property
    def failed(self):
        return [r for r in self.runs if r.error]

    def times(self):
        return sorted(r.run_seconds for r in self.runs if not r.error)

    def summary(self):
        t, s = self.times(), sorted(r.spawn_seconds for r in self.runs if not r.error)
        gib = 2 ** 30
        line = (f"{len(self.runs)} students, {len(self.runs) - len(self.failed)} ran cleanly, in {self.seconds:.0f} s; "
                f"notebook run: median {statistics.median(t):.1f} s, max {t[-1]:.1f} s; "
                f"server start: median {statistics.median(s):.1f} s, max {s[-1]:.1f} s; "
                if t else f"{len(self.runs)} students, none ran cleanly; ")
        line += (f"memory used on the machine: {self.machine_before / gib:.1f} GiB before, peak "
                 f"{self.machine_peak / gib:.1f} GiB; the class's processes: peak {self.class_peak / gib:.2f} GiB RSS")
        for r in self.failed:
            line += f"\n  {r.user}: {r.error}"
        if self.leftovers:
            line += "\n  left running after the hub stopped: " + "; ".join(self.leftovers)
        if self.kernel_trouble:
            line += "\n  the servers' log: " + "; ".join(self.kernel_trouble)
        return line


# What the servers' log says when a kernel could not start: why, in the kernel's own words (a port of its
# connection file taken, with who holds it) or as an exception (the line after names where it was thrown), and
# the restarter giving up.
KERNEL_CANNOT_START = re.compile(r"^ptlab-java: the kernel cannot start: (.+?)\. Jupyter chose", re.M)
KERNEL_EXCEPTION = re.compile(r'^Exception in thread "main" (.+)\n\s+at (\S+)', re.M)
RESTART_FAILED = re.compile(r"KernelRestarter: restart failed")


def kernel_trouble(log):
    """The kernel failures in a hub's log (its servers write there too), counted by kind; [] if none."""
    kinds = collections.Counter(f"a kernel could not start: {why}" for why in KERNEL_CANNOT_START.findall(log))
    kinds.update(f"a kernel ended with {exception} (at {where})" for exception, where in KERNEL_EXCEPTION.findall(log))
    found = [f"{n} x {kind}" for kind, n in kinds.items()]
    failed = len(RESTART_FAILED.findall(log))
    if failed:
        found.append(f"{failed} x the kernel restarter gave up on a kernel")
    return found


def hold(students, notebook, folder, build):
    """Runs a class of `students` on `notebook` through a new hub in `folder`, with the kernelspec and the
    proxy of the `build` folder; returns a Class."""
    notebook = pathlib.Path(notebook).resolve()
    AsyncHTTPClient.configure(None, max_clients=max(10, 4 * students))
    started = time.monotonic()
    build = pathlib.Path(build).resolve()
    with Hub(folder, build / "jupyter", build / PROXY) as hub:
        with Sampler(hub) as sampler:
            async def everyone():
                users = [f"student{i:02d}" for i in range(1, students + 1)]
                await hub.api("POST", "/hub/api/users", {"usernames": users})
                return await asyncio.gather(*(student(hub, u, notebook) for u in users))
            runs = asyncio.run(everyone())
    leftovers = hub.leftovers()
    hub.end()
    trouble = kernel_trouble((hub.folder / "hub.log").read_text(encoding="utf-8", errors="replace"))
    return Class(runs=runs, machine_before=sampler.machine_before, machine_peak=sampler.machine_peak,
                 class_peak=sampler.class_peak, leftovers=leftovers, seconds=time.monotonic() - started,
                 kernel_trouble=trouble)
