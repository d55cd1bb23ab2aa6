"""Starts the course's kernel many times in a row through jupyter_client and counts the starts that did
not answer kernel_info in time or left a process behind; prints the counts, the median and the slowest start.

`make soak` runs it (STARTS starts); bench/bench.py uses the same functions for its start figures.

    build/venv/bin/python tools/kernel_starts.py --starts 1000 [--kernels build/jupyter/kernels] [--limit 10]
"""
import argparse
import contextlib
import pathlib
import statistics
import sys
import tempfile
import time

OURS = "ptlab-java"


def shut_down(name, km, kc, pid):
    """Stops the kernel and checks that it left no process behind (kills any, then says so)."""
    import psutil
    kc.stop_channels()
    below = []
    try:
        below = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        pass
    km.shutdown_kernel(now=False)
    _, alive = psutil.wait_procs(below, timeout=5)
    for p in alive:  # the kernel's own cleanup failed: do not let a benchmark leave JVMs behind
        p.kill()
    if alive:
        raise RuntimeError(f"{name} left {len(alive)} processes running after shutdown")


@contextlib.contextmanager
def running(name, kernel_dirs, cwd):
    """One kernel started in cwd, ready: yields (manager, blocking client), then shuts it down as shut_down does."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=name, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(d) for d in kernel_dirs]))
    km.start_kernel(cwd=str(cwd))
    pid = km.provisioner.process.pid
    kc = km.blocking_client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        yield km, kc
    finally:
        shut_down(name, km, kc, pid)


def kernel_starts(name, kernel_dirs, starts, cwd, limit=10.0, progress=None):
    """Starts the kernel `starts` times, one after another: seconds from start_kernel() to the kernel_info
    reply for each start that answered within `limit` seconds, and what went wrong in the others (no answer
    in time, or processes left running after shutdown)."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    ksm = KernelSpecManager(kernel_dirs=[str(d) for d in kernel_dirs])
    took, failed = [], []
    for i in range(starts):
        km = KernelManager(kernel_name=name, kernel_spec_manager=ksm)
        t0 = time.monotonic()
        km.start_kernel(cwd=str(cwd))
        pid = km.provisioner.process.pid
        kc = km.blocking_client()
        kc.start_channels()
        answered = None
        try:
            kc.wait_for_ready(timeout=limit)  # sends kernel_info_request until a reply comes
            answered = time.monotonic() - t0
        except RuntimeError as e:
            failed.append(f"start {i + 1}: {e}")
        finally:
            try:
                shut_down(name, km, kc, pid)
                if answered is not None:
                    took.append(answered)
            except RuntimeError as e:
                failed.append(f"start {i + 1}: {e}")
        if progress and failed and failed[-1].startswith(f"start {i + 1}:"):
            print(failed[-1], flush=True)
        if progress and (i + 1) % progress == 0:
            print(summary(i + 1, took, failed, limit), flush=True)
    return took, failed


def summary(starts, took, failed, limit):
    """One line: how many of `starts` answered within `limit` seconds, how many failed, the median and slowest."""
    line = f"kernel starts: {len(took)} of {starts} answered kernel_info within {limit:g} s of their launch, {len(failed)} failed"
    if took:
        line += f"; start to reply: median {statistics.median(took):.2f} s, max {max(took):.2f} s"
    return line


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--starts", type=int, default=1000, help="how many starts, one after another")
    ap.add_argument("--kernels", default="build/jupyter/kernels", help="the folder holding the ptlab-java kernelspec")
    ap.add_argument("--limit", type=float, default=10.0, help="seconds a start may take to answer kernel_info")
    args = ap.parse_args(argv)
    if args.starts < 1:
        ap.error(f"--starts must be at least 1, not {args.starts}")
    kernels = pathlib.Path(args.kernels).resolve()
    with tempfile.TemporaryDirectory(prefix="ptlab-starts-") as tmp:
        took, failed = kernel_starts(OURS, [kernels], args.starts, tmp, args.limit, progress=100)
    print(summary(args.starts, took, failed, args.limit), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
