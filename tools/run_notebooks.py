"""Execute the course's notebooks headless through the real ptlab-java kernel.

`make run` calls this as a program: every notebook is executed into an output
folder (executed .ipynb and .html) and a one-line summary per notebook is
printed. The tests import `execute` to run the same way and then check what
each notebook claims.

A notebook fails when a cell raises (cells tagged `raises-exception` may),
when a cell runs past its timeout, or when anything is left running after the
last cell: a process below the cell JVM, or a thread in the cell JVM that was
not there before the first cell (the JDK's own pooled threads aside); or, after
shutdown, the kernel or anything that ran below it.

Notebooks run one after another, each in a kernel of its own; `run` overlaps
what needs no CPU-sensitive quiet with the next notebook's kernel start: that
kernel is started once the last cell has run, and boots while the notebook
before is checked and its kernel shuts down (in the background). No kernel
starts while cells run, so no demo's timing shares the machine with one.
"""
import argparse
import dataclasses
import pathlib
import re
import subprocess
import sys
import threading
import time

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.util import run_sync
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import proctree  # noqa: E402

KERNEL = "ptlab-java"
CELL_TIMEOUT = 120  # seconds; a lecture demo takes a few
START_TIMEOUT = 60  # seconds for a kernel to answer kernel_info
SHUTDOWN_TIMEOUT = 10  # seconds for a kernel to exit after its shutdown request; then it is killed

# Lists the cell JVM's live threads, one name a line: platform threads, and the virtual threads
# the helper started (it tracks them; the JVM lists no virtual threads).
# Plain loops and prints: no lambda or string concatenation to link in the cell JVM on first use.
THREADS_PROBE = """\
for (Thread t : Thread.getAllStackTraces().keySet()) { System.out.print("thread: "); System.out.println(t.getName()); }
for (Thread t : ptlab.internal.Tracker.liveThreads()) { System.out.print("thread: "); System.out.println(t.getName()); }
"""
# The JDK's own pooled threads outlive the work they did by design (an idle worker waits for
# the next job): they are not left over by a notebook. ForkJoinPool-N-* and VirtualThread-unblocker
# are the virtual-thread scheduler's carriers and timers; MasterPoller, Read-Poller and Write-Poller
# are the pollers shared by virtual threads blocked on sockets, started by the JDK on first use.
JDK_POOLS = re.compile(r"^(process reaper|ForkJoinPool\.commonPool-worker-\d+|Attach Listener|"
                       r"Common-Cleaner|Reference Handler|Finalizer|Signal Dispatcher|Notification Thread|"
                       r"ForkJoinPool-\d+-(worker-\d+|delayScheduler)|VirtualThread-unblocker|MasterPoller|Read-Poller|Write-Poller)$")


@dataclasses.dataclass
class Result:
    """What executing one notebook gave."""
    name: str
    notebook: nbformat.NotebookNode
    seconds: float  # from the start of this notebook's turn to its kernel's shutdown request
    error: str = None
    leftovers: list = dataclasses.field(default_factory=list)
    startup: float = 0.0  # of those seconds, waiting for the kernel's kernel_info reply
    shutdown: float = 0.0  # from the shutdown request until the kernel and all below it were gone

    @property
    def ok(self):
        return self.error is None and not self.leftovers

    def summary(self):
        state = "ok" if self.ok else "FAILED"
        line = f"{self.name:<34} {state:<6} {self.seconds:6.1f} s"
        if self.error:
            line += f"  {self.error}"
        if self.leftovers:
            line += f"  left running: {'; '.join(self.leftovers)}"
        return line


def kernel_popen(km):
    """The kernel's Popen, from its kernel manager, or None when it has none (not started)."""
    return getattr(getattr(km, "provisioner", None), "process", None) or getattr(km, "kernel", None)


def kernel_process(client):
    """The kernel's psutil.Process, from the kernel manager nbclient started."""
    return proctree.psutil.Process(kernel_popen(client.km).pid)


def start_kernel(path):
    """Starts a kernel for the notebook at path (its folder is the working directory), without waiting for it."""
    km = AsyncKernelManager(kernel_name=KERNEL)
    run_sync(km.start_kernel)(cwd=str(pathlib.Path(path).parent.resolve()))
    return km


def execute(path, timeout=CELL_TIMEOUT, while_alive=None):
    """Executes one notebook in a kernel of its own; returns a Result with the executed notebook once the
    kernel is gone.

    while_alive, if given, is called with the NotebookClient after the last
    cell and before the kernel shuts down (for extra checks through the
    client); whatever it raises is reported as the notebook's error.
    """
    return begin(path, timeout, while_alive=while_alive).finish()


def run(paths, timeout=CELL_TIMEOUT):
    """Executes the notebooks in order, one kernel each; yields each Result once its kernel is gone. The next
    notebook's kernel starts after the last cell of the one before."""
    paths = [pathlib.Path(p) for p in paths]
    km = start_kernel(paths[0]) if paths else None
    ending = None
    try:
        for i, path in enumerate(paths):
            following = paths[i + 1] if i + 1 < len(paths) else None
            started = []

            def start_next():
                if following is not None:
                    started.append(start_kernel(following))

            current, km = km, None
            shutdown = begin(path, timeout, km=current, after_cells=start_next)
            km = started[0] if started else None
            if ending is not None:
                yield ending.finish()
            ending = shutdown
        if ending is not None:
            yield ending.finish()
            ending = None
    finally:  # stopped early: no kernel is left running
        if ending is not None:
            ending.finish()
        if km is not None:
            run_sync(km.shutdown_kernel)(now=True)


def begin(path, timeout=CELL_TIMEOUT, km=None, while_alive=None, after_cells=None):
    """Executes one notebook and asks its kernel to shut down; returns the Shutdown, whose finish() gives the
    Result. km: a manager whose kernel was started for this notebook (else one is started here); after_cells:
    called once, after the last cell or whatever ended the notebook early."""
    path = pathlib.Path(path)
    nb = nbformat.read(path, as_version=4)
    result = Result(name=path.stem, notebook=nb, seconds=0.0)
    started = time.monotonic()
    client = NotebookClient(
        nb,
        km=km if km is not None else start_kernel(path),
        timeout=timeout,
        startup_timeout=START_TIMEOUT,
        record_timing=True,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    kernel = None
    try:
        client.start_new_kernel_client()
        result.startup = time.monotonic() - started
        kernel = kernel_process(client)
        before = java_threads(client)
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        after_cells, then = None, after_cells
        if then is not None:
            then()
        result.leftovers = [
            "below the cell JVM: " + line for line in below_cell_jvm(kernel)
        ] + ["in the cell JVM: thread " + name for name in threads_left(client, before)]
        if while_alive is not None:
            while_alive(client)
    except CellTimeoutError as e:
        result.error = f"a cell ran past {timeout} s: {first_line(e)}"
    except DeadKernelError as e:
        result.error = f"the kernel died: {first_line(e)}"
    except CellExecutionError as e:
        result.error = f"a cell raised: {first_line(e)}"
    except Exception as e:  # noqa: BLE001 - any failure is this notebook's failure
        result.error = f"{type(e).__name__}: {first_line(e)}"
    finally:
        if after_cells is not None:
            after_cells()
    ending = Shutdown(result, client, kernel)
    result.seconds = time.monotonic() - started
    return ending


class Shutdown:
    """A notebook's kernel on its way out: the shutdown request is sent at once, and a thread waits for the
    kernel to exit; finish() waits for that thread, checks that the kernel and every process that was below it
    are gone, and gives the notebook's Result."""

    def __init__(self, result, client, kernel):
        self.result = result
        self.km = client.km
        self.processes = []
        self.finished = False
        self.requested = time.monotonic()
        self.popen = kernel_popen(self.km)
        if kernel is None:  # the notebook failed before it looked at its kernel
            kernel = proctree.process(self.popen.pid) if self.popen is not None else None
        try:
            if kernel is not None:
                self.processes = [kernel] + proctree.living_descendants(kernel.pid)
                if proctree.alive(kernel):
                    run_sync(self.km.request_shutdown)()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
            self.thread = threading.Thread(target=self.wait, name=f"shutdown {result.name}", daemon=True)
            self.thread.start()

    def wait(self):
        try:
            if self.popen is not None:
                self.popen.wait(SHUTDOWN_TIMEOUT)
        except subprocess.TimeoutExpired:
            pass  # reported as left running, then killed
        proctree.wait_until(lambda: not any(proctree.alive(p) for p in self.processes), SHUTDOWN_TIMEOUT)
        self.result.shutdown = time.monotonic() - self.requested

    def finish(self):
        if self.finished:
            return self.result
        self.finished = True
        self.thread.join()
        left = [p for p in self.processes if proctree.alive(p)]
        self.result.leftovers += ["after shutdown: " + proctree.describe(p) for p in left]
        for p in left:  # never leave a process behind, whatever the report says
            try:
                p.kill()
            except proctree.psutil.Error:
                pass
        if self.km is not None:
            run_sync(self.km.cleanup_resources)()
        return self.result


def java_threads(client):
    """The names of the cell JVM's live threads (a run of THREADS_PROBE that is not in the notebook)."""
    text = []

    def hook(msg):
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            text.append(msg["content"]["text"])

    reply = run_sync(client.kc.execute_interactive)(
        THREADS_PROBE, store_history=False, allow_stdin=False, output_hook=hook, timeout=30)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"listing the cell JVM's threads failed: {reply['content'].get('evalue')}")
    return {line[len("thread: "):] for line in "".join(text).splitlines() if line.startswith("thread: ")}


def threads_left(client, before, grace=3.0):
    """Threads alive in the cell JVM that were not there before, after a grace period to end."""
    deadline = time.monotonic() + grace
    while True:
        left = sorted(n for n in java_threads(client) - before if not JDK_POOLS.match(n))
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.2)


def below_cell_jvm(kernel):
    """Processes still running below the cell JVM (a child of the kernel)."""
    cell = proctree.cell_jvm(kernel.pid)
    return proctree.leftovers_below(cell.pid) if cell is not None else []


def first_line(error):
    """The most telling line of an nbclient error (the error name and message)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    for line in reversed(lines):
        if not set(line) <= set("-"):
            return line[:300]
    return type(error).__name__


def save(result, out_dir):
    """Writes the executed notebook and its HTML rendering into out_dir."""
    from nbconvert import HTMLExporter

    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    nbformat.write(result.notebook, out_dir / f"{result.name}.ipynb")
    html, _ = HTMLExporter().from_notebook_node(result.notebook)
    (out_dir / f"{result.name}.html").write_text(html, encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", help="notebooks to execute, in order")
    parser.add_argument("--out", default="build/run", help="folder for executed copies and HTML")
    parser.add_argument("--timeout", type=int, default=CELL_TIMEOUT, help="seconds per cell")
    args = parser.parse_args(argv)

    total = time.monotonic()
    failed = 0
    for result in run(args.notebooks, timeout=args.timeout):
        save(result, args.out)
        failed += not result.ok
        print(result.summary(), flush=True)
    count = len(args.notebooks)
    print(f"{count - failed} of {count} notebooks ran cleanly in "
          f"{time.monotonic() - total:.1f} s; executed copies and HTML in {args.out}/")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
