"""Execute the course's notebooks headless through the real ptlab-java kernel.

`make run` calls this as a program: every notebook is executed into an output
folder (executed .ipynb and .html) and a one-line summary per notebook is
printed. The tests import `execute` to run the same way and then check what
each notebook claims.

A notebook fails when a cell raises (cells tagged `raises-exception` may),
when a cell runs past its timeout, or when anything is left running after the
last cell: a process below the cell JVM, or a thread in the cell JVM that was
not there before the first cell (the JDK's own pooled threads aside); or below
the kernel after shutdown.
"""
import argparse
import dataclasses
import pathlib
import sys
import time

import re

import nbformat
from nbclient import NotebookClient
from nbclient.util import run_sync
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import proctree  # noqa: E402

KERNEL = "ptlab-java"
CELL_TIMEOUT = 120  # seconds; a lecture demo takes a few

# Lists the cell JVM's live threads, one name a line: platform threads, and the virtual threads
# the helper started (it tracks them; the JVM lists no virtual threads).
THREADS_PROBE = """\
java.util.stream.Stream.concat(Thread.getAllStackTraces().keySet().stream(),
        ptlab.internal.Tracker.liveThreads().stream())
    .filter(Thread::isAlive).distinct().map(t -> "thread: " + t.getName()).sorted()
    .forEach(System.out::println);
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
    seconds: float
    error: str = None
    leftovers: list = dataclasses.field(default_factory=list)

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


def kernel_process(client):
    """The kernel's psutil.Process, from the kernel manager nbclient started."""
    provisioner = getattr(client.km, "provisioner", None)
    popen = getattr(provisioner, "process", None) or getattr(client.km, "kernel", None)
    return proctree.psutil.Process(popen.pid)


def execute(path, timeout=CELL_TIMEOUT, while_alive=None):
    """Executes one notebook; returns a Result with the executed notebook.

    while_alive, if given, is called with the NotebookClient after the last
    cell and before the kernel shuts down (for extra checks through the
    client); whatever it raises is reported as the notebook's error.
    """
    path = pathlib.Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=timeout,
        startup_timeout=60,
        record_timing=True,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    result = Result(name=path.stem, notebook=nb, seconds=0.0)
    started = time.monotonic()
    kernel = None
    try:
        with client.setup_kernel():
            kernel = kernel_process(client)
            before = java_threads(client)
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
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
        result.seconds = time.monotonic() - started
    if kernel is not None:
        result.leftovers += [
            "after shutdown: " + line for line in proctree.still_alive([kernel])
        ]
    return result


def java_threads(client):
    """The names of the cell JVM's live threads (a run of THREADS_PROBE that is not in the notebook)."""
    lines = []

    def hook(msg):
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            lines.extend(msg["content"]["text"].splitlines())

    reply = run_sync(client.kc.execute_interactive)(
        THREADS_PROBE, store_history=False, allow_stdin=False, output_hook=hook, timeout=30)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"listing the cell JVM's threads failed: {reply['content'].get('evalue')}")
    return {line[len("thread: "):] for line in lines if line.startswith("thread: ")}


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
    for path in args.notebooks:
        result = execute(path, timeout=args.timeout)
        save(result, args.out)
        failed += not result.ok
        print(result.summary(), flush=True)
    count = len(args.notebooks)
    print(f"{count - failed} of {count} notebooks ran cleanly in "
          f"{time.monotonic() - total:.1f} s; executed copies and HTML in {args.out}/")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
