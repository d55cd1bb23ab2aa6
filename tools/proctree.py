"""The process tree behind a notebook: kernel JVM, cell JVM, and what runs below them.

Used by `make run` and the tests to prove that a notebook leaves nothing running.
"""
import time

import psutil

CELL_AGENT = "ptlab.kernel.cell.CellAgent"


def describe(proc):
    """One line for a process: PID, name and the start of its command line."""
    try:
        cmd = " ".join(proc.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        cmd = "?"
    if len(cmd) > 160:
        cmd = cmd[:157] + "..."
    return f"pid {proc.pid}: {cmd}"


def alive(proc):
    """True while the process exists and is not a zombie."""
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def process(pid):
    """The psutil.Process of pid, or None if there is none."""
    try:
        return psutil.Process(pid)
    except psutil.NoSuchProcess:
        return None


def cell_jvm(kernel_pid):
    """The cell JVM below a kernel JVM, or None."""
    try:
        children = psutil.Process(kernel_pid).children()
    except psutil.NoSuchProcess:
        return None
    for child in children:
        try:
            if CELL_AGENT in " ".join(child.cmdline()):
                return child
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return None


def living_descendants(pid):
    """Every live process below pid."""
    try:
        return [p for p in psutil.Process(pid).children(recursive=True) if alive(p)]
    except psutil.NoSuchProcess:
        return []


def living_tree(pid):
    """The process pid itself, then every live process below it. Raises psutil.NoSuchProcess when pid has
    ended: what ran below it is no longer its tree."""
    top = psutil.Process(pid)
    return [top] + living_descendants(pid)


def wait_until(predicate, seconds, step=0.05):
    """Polls predicate until it is true or the time is up; returns its last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(step)


def leftovers_below(pid, grace=5.0):
    """Processes still alive below pid after a grace period, as description lines."""
    wait_until(lambda: not living_descendants(pid), grace)
    return [describe(p) for p in living_descendants(pid)]


def still_alive(procs, grace=5.0):
    """Those of procs that are still alive after a grace period, as description lines."""
    wait_until(lambda: not any(alive(p) for p in procs), grace)
    return [describe(p) for p in procs if alive(p)]
