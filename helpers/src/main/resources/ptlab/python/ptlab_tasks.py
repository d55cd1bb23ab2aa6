"""ptlab's tasks in CPython: the same work as the Java helper, reported in the same lines.

Started by ptlab.python.Python from a private temporary folder; not meant to be run by hand, though it can be:

    python3 ptlab_tasks.py --mode threads --parent PID --submitted US --deadline US cpu:200000:A cpu:200000:B

Modes:
  threads    every task on a thread of its own in this one process (named worker-<task>), all started at once
  processes  every task in a process of its own (multiprocessing, start method "spawn"), all started at once
  about      print the hello line (with the Python version and whether the GIL is on) and exit
  calibrate  time counting the primes below --probe N (best of two, after a warm-up) and print it in the hello line

A task is one argument kind:size:name (io:MICROSECONDS:name or cpu:N:name, the name percent-encoded), as the
Java child JVMs get it. Every task prints a "start" line when it starts and an "event" line when it ends, in the
@ptlab/1 line protocol (ptlab.child.Protocol): tab-separated key=value fields, times in microseconds since the
epoch on a monotonic clock anchored once per process, CPU time of the task's own thread.

Safety: the process exits (status 3) within a quarter of a second when its parent is gone (a thread polls
os.getppid()) or its stdin reaches end of file; every worker process watches its own parent the same way. Tasks
stop at the --deadline as timed out. Exit status: 0 when every task ended well, 1 when one did not, 2 for bad
arguments, 3 when the parent went away.
"""
import multiprocessing
import os
import sys
import threading
import time
import urllib.parse

PREFIX = "@ptlab/1"
POLL_SECONDS = 0.25

# The clock: epoch microseconds, derived from a monotonic counter anchored once per process.
_ANCHOR_US = time.time_ns() // 1000
_ANCHOR_NS = time.perf_counter_ns()
_EMIT_LOCK = threading.Lock()
_exiting = False


def to_us(counter_ns):
    return _ANCHOR_US + (counter_ns - _ANCHOR_NS) // 1000


def to_counter_ns(epoch_us):
    return _ANCHOR_NS + (epoch_us - _ANCHOR_US) * 1000


def now_us():
    return to_us(time.perf_counter_ns())


def count_primes_below(n, deadline_ns):
    """Counts the primes below n by trial division with odd divisors: the same steps as the Java helper's
    Work.countPrimesBelow. Returns -1 when the deadline (a perf_counter_ns value) passes first."""
    if n <= 2:
        return 0
    clock = time.perf_counter_ns
    count = 1  # 2
    for k in range(3, n, 2):
        if (k & 0xFFF) == 1 and clock() > deadline_ns:
            return -1
        prime = True
        d = 3
        while d * d <= k:
            if k % d == 0:
                prime = False
                break
            d += 2
        if prime:
            count += 1
    return count


def escape(value):
    out = []
    for c in str(value):
        if c == "\\":
            out.append("\\\\")
        elif c == "\t":
            out.append("\\t")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif ord(c) < 0x20 or ord(c) == 0x7F or c in "\u2028\u2029":
            out.append("\\u%04x" % ord(c))
        else:
            out.append(c)
    return "".join(out)


def line(verb, *pairs):
    return "\t".join([PREFIX, verb] + ["%s=%s" % (k, escape(v)) for k, v in pairs])


def emit(text):
    """One line in one write(2) call: lines from threads and processes never mix (they are far below PIPE_BUF)."""
    data = (text + "\n").encode("utf-8")
    with _EMIT_LOCK:
        os.write(1, data)


def seconds(micros):
    return "%.3f s" % (micros / 1e6)


def gil_state():
    probe = getattr(sys, "_is_gil_enabled", None)  # Python 3.13 and later
    if probe is None:
        return "enabled"
    return "enabled" if probe() else "disabled"


def hello(*extra):
    emit(line("hello", ("pid", os.getpid()), ("ppid", os.getppid()), ("time", now_us()),
              ("version", "%d.%d.%d" % sys.version_info[:3]), ("implementation", sys.implementation.name),
              ("gil", gil_state()), *extra))


def parse_task(argument):
    kind, size, name = argument.split(":", 2)
    if kind not in ("io", "cpu"):
        raise ValueError("kind must be io or cpu: " + argument)
    size = int(size)
    if size < 1:
        raise ValueError("size must be 1 or more: " + argument)
    return kind, size, urllib.parse.unquote(name, encoding="utf-8", errors="strict")


def run_task(task, submitted_us, deadline_ns, thread_name):
    """Does one task in the calling thread and prints its start and event lines."""
    kind, size, name = task
    pid = os.getpid()
    ppid = os.getppid()
    start_ns = time.perf_counter_ns()
    start_us = to_us(start_ns)
    emit(line("start", ("task", name), ("pid", pid), ("thread", thread_name), ("time", start_us)))
    cpu0 = time.thread_time_ns()
    status = "ok"
    count = 0
    if kind == "io":
        target = start_ns + size * 1000
        stop = min(target, deadline_ns)
        while True:
            left = stop - time.perf_counter_ns()
            if left <= 0:
                break
            time.sleep(left / 1e9)
        if stop < target:
            status = "timed_out"
    else:
        count = count_primes_below(size, deadline_ns)
        if count < 0:
            status = "timed_out"
    end_ns = time.perf_counter_ns()
    cpu = max(0, (time.thread_time_ns() - cpu0) // 1000)
    ran = seconds((end_ns - start_ns) // 1000)
    if status == "ok":
        result = ("slept " + seconds(size)) if kind == "io" else "%d primes below %d" % (count, size)
    else:
        result = "stopped at the run's time bound after " + ran + ((" of " + seconds(size)) if kind == "io" else "")
    emit(line("event", ("task", name), ("kind", kind), ("size", size), ("pid", pid), ("ppid", ppid),
              ("thread", thread_name), ("submitted", min(submitted_us, start_us)), ("start", start_us),
              ("end", to_us(end_ns)), ("cpu", cpu), ("status", status), ("result", result)))
    return status == "ok"


def watch_parent(parent, watch_stdin):
    """Exits the process (status 3) when its parent changes or, if asked, when stdin reaches end of file."""
    def poll():
        while True:
            if not _exiting and os.getppid() != parent:
                os._exit(3)
            time.sleep(POLL_SECONDS)

    threading.Thread(target=poll, name="ptlab-parent-watch", daemon=True).start()
    if watch_stdin:
        def read():
            try:
                while os.read(0, 256):
                    pass  # the parent sends nothing; reading only waits for end of file
            except OSError:
                pass
            if not _exiting:
                os._exit(3)

        threading.Thread(target=read, name="ptlab-stdin-watch", daemon=True).start()


def process_worker(task, submitted_us, deadline_us, parent):
    """The body of one worker process (spawned): watch the parent, do the task on the main thread."""
    watch_parent(parent, False)
    ok = run_task(task, submitted_us, to_counter_ns(deadline_us), threading.current_thread().name)
    sys.stdout.flush()
    os._exit(0 if ok else 1)


def main(argv):
    global _exiting
    mode = None
    parent = None
    submitted_us = None
    deadline_us = None
    probe = 30000
    tasks = []
    try:
        i = 0
        while i < len(argv):
            a = argv[i]
            if a in ("--mode", "--parent", "--submitted", "--deadline", "--probe"):
                if i + 1 >= len(argv):
                    raise ValueError(a + " needs a value")
                v = argv[i + 1]
                i += 2
                if a == "--mode":
                    mode = v
                elif a == "--parent":
                    parent = int(v)
                elif a == "--submitted":
                    submitted_us = int(v)
                elif a == "--deadline":
                    deadline_us = int(v)
                else:
                    probe = int(v)
                continue
            tasks.append(parse_task(a))
            i += 1
        if mode not in ("threads", "processes", "about", "calibrate"):
            raise ValueError("--mode must be threads, processes, about or calibrate")
        if mode in ("threads", "processes") and not tasks:
            raise ValueError("no task given")
        if not 3 <= probe <= 10_000_000:
            raise ValueError("--probe must be 3 to 10000000")
    except ValueError as e:
        sys.stderr.write("ptlab python: bad arguments: %s\n" % e)
        return 2
    watch_parent(os.getppid() if parent is None else parent, True)
    if mode == "about":
        hello()
        return 0
    if mode == "calibrate":
        never = to_counter_ns(now_us() + 3_600_000_000)
        count_primes_below(probe // 4, never)
        best = None
        for _ in range(2):
            t0 = time.perf_counter_ns()
            count_primes_below(probe, never)
            t1 = time.perf_counter_ns()
            best = t1 - t0 if best is None else min(best, t1 - t0)
        hello(("probe_n", probe), ("probe_ns", best))
        return 0
    hello()
    now = now_us()
    submitted_us = now if submitted_us is None else submitted_us
    deadline_us = now + 60_000_000 if deadline_us is None else deadline_us
    if mode == "threads":
        results = []
        deadline_ns = to_counter_ns(deadline_us)

        def work(task, name):
            results.append(run_task(task, submitted_us, deadline_ns, name))

        threads = [threading.Thread(target=work, args=(t, "worker-" + t[2]), name="worker-" + t[2], daemon=True)
                   for t in tasks]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        ok = len(results) == len(tasks) and all(results)
    else:
        context = multiprocessing.get_context("spawn")
        me = os.getpid()
        procs = [context.Process(target=process_worker, args=(t, submitted_us, deadline_us, me), name="worker-" + t[2],
                                 daemon=True) for t in tasks]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        ok = all(p.exitcode == 0 for p in procs)
    _exiting = True
    return 0 if ok else 1


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
