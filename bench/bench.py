"""`make bench`: what the course's own machinery costs, next to the floor of what the machine can do.

Runs, in one go: the Java figures (ptlab.bench.Bench: child-JVM and thread task start, event
recording with JMH, context switches, sleep error, CPU speed-up), the kernel figures (start to
first cell result and a trivial cell's round trip, ours next to Debian's ipykernel for
/usr/bin/python3, the goal's reference, and rapaio-jupyter-kernel 3.0.1, which is fetched from
Maven Central into the build folder; where our first and a warm cell's time goes, from the
kernel's phase log; 100 starts in a row, each to its kernel_info reply; one cell of many
declarations at growing sizes; the interrupt's time to the cell's reply, bench/interrupts.py),
what one student's kernel tree holds in memory (bench/memory.py), the whole course executed
headless, and how many students at once the machine holds on notebook 09 through JupyterHub
(bench/capacity.py).
Writes one markdown table to <build>/bench.md and prints it.

Absolute times on a shared machine drift; compare the ratios. A number never fails this
program; a benchmark that crashes does (exit status 1). `--smoke` runs every figure once, small
(well under a minute), so that none of them rots: `make test` calls it.

Run with the Python of build/venv (`make bench` does):
    build/venv/bin/python bench/bench.py --build build --jdk /usr/lib/jvm/... --bench-jar bench/target/ptlab-bench.jar
"""
import argparse
import json
import os
import pathlib
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback

import interrupts  # bench/interrupts.py, next to this file
import memory  # bench/memory.py, next to this file

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from kernel_starts import kernel_starts, running, shut_down  # noqa: E402 - after the path

import capacity  # noqa: E402 - bench/capacity.py, after tools/ is on the path

RAPAIO = "io.github.padreati:rapaio-jupyter-kernel:3.0.1"
RAPAIO_JAR = "rapaio-jupyter-kernel-3.0.1.jar"
OURS = "ptlab-java"


# ------------------------------------------------------------------ numbers

def describe(values, unit, scale=1.0):
    """'412 ms (388 to 530, n=10)': the median, then min to max."""
    v = sorted(x * scale for x in values)
    return f"{num(statistics.median(v))} {unit} ({num(v[0])} to {num(v[-1])}, n={len(v)})"


def num(x):
    a = abs(x)
    if a >= 100:
        return f"{x:.0f}"
    if a >= 10:
        return f"{x:.1f}"
    if a >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def row(figure, ours, other="", ratio="", goal="", met="", note=""):
    return {"figure": figure, "ours": ours, "other": other, "ratio": ratio, "goal": goal, "met": met,
            "note": note}


def ratio(a, b):
    return f"{a / b:.2f}x" if b > 0 else ""


# ------------------------------------------------------------------ Java figures

def java_figures(jdk, classpath, smoke):
    """Runs ptlab.bench.Bench; returns its rows. Its own lines go to our stdout as they come."""
    with tempfile.TemporaryDirectory(prefix="ptlab-bench-") as tmp:
        out = pathlib.Path(tmp) / "rows.json"
        cmd = [str(pathlib.Path(jdk) / "bin" / "java"), "-cp", classpath, "ptlab.bench.Bench", "--json", str(out)]
        if smoke:
            cmd.append("--smoke")
        done = subprocess.run(cmd, timeout=1800, stdin=subprocess.DEVNULL)
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()] \
            if out.exists() else []
        if done.returncode != 0 and not any(r["ours"] == "CRASHED" for r in rows):
            raise subprocess.CalledProcessError(done.returncode, cmd)
        return rows


# ------------------------------------------------------------------ kernel figures

def run_cell(kc, code, timeout=60):
    """Executes code; returns (time the execute_result arrived, time the cell was done: reply and idle)."""
    msg_id = kc.execute(code)
    result_at = None
    idle = False
    deadline = time.monotonic() + timeout
    while not idle:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "execute_result":
            result_at = time.monotonic()
            data = msg["content"]["data"]
            text = data.get("text/plain") or data.get("text/html", "")  # rapaio sends text/html only
            if text.strip() != "2":
                raise RuntimeError(f"1+1 gave {text!r}")
        elif kind == "error":
            raise RuntimeError("the cell failed: " + " ".join(msg["content"].get("traceback", []))[:300])
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            idle = True
    reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
    if reply["content"]["status"] != "ok" or result_at is None:
        raise RuntimeError(f"1+1 did not give a result: {reply['content']}")
    return result_at, time.monotonic()


def kernel_figures(name, kernel_dirs, starts, trips, cwd, quiet=False, env=None):
    """Starts the kernel `starts` times: seconds from start to the first cell's result, `trips` trivial cells'
    round trips (seconds) in each (one list per kernel), seconds from start to the kernel_info reply, and what
    went wrong in the starts that did not answer within 60 s (the kernel's last stderr lines; quiet kernels'
    stderr is kept only for that). env: variables set for the kernel on top of this process's."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    ksm = KernelSpecManager(kernel_dirs=[str(d) for d in kernel_dirs])
    firsts, rounds, readies, failed = [], [], [], []
    for i in range(starts):
        km = KernelManager(kernel_name=name, kernel_spec_manager=ksm)
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as err:
            t0 = time.monotonic()
            km.start_kernel(cwd=str(cwd), env={**os.environ, **(env or {})}, **({"stderr": err} if quiet else {}))
            pid = km.provisioner.process.pid
            kc = km.blocking_client()
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=60)
                readies.append(time.monotonic() - t0)
                result_at, _ = run_cell(kc, "1+1")
                firsts.append(result_at - t0)
                mine = []
                for _ in range(trips):
                    t = time.monotonic()
                    _, done = run_cell(kc, "1+1")
                    mine.append(done - t)
                rounds.append(mine)
            except (RuntimeError, queue.Empty) as e:  # no answer, or the cell failed: count it, show why, go on
                err.seek(0)
                tail = " / ".join(line.strip() for line in err.read().splitlines()[-3:])
                failed.append(f"start {i + 1}: {e}" + (f" (stderr: {tail[:300]})" if tail else ""))
                print(f"{name}: {failed[-1]}", flush=True)
            finally:
                shut_down(name, km, kc, pid)
    if not firsts:
        raise RuntimeError(f"{name}: no start answered: " + "; ".join(failed[:3]))
    return firsts, rounds, readies, failed


def fetch_rapaio(jdk, into):
    """The rapaio kernel jar, from Maven Central through Maven (once; kept in the build folder)."""
    jar = into / RAPAIO_JAR
    if not jar.is_file():
        into.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, JAVA_HOME=str(jdk))
        subprocess.run(["mvn", "-B", "-q", "dependency:copy", f"-Dartifact={RAPAIO}", f"-DoutputDirectory={into}"],
                       check=True, env=env, cwd=into, timeout=600, stdin=subprocess.DEVNULL)
    return jar


def rapaio_kernelspec(jdk, jar, kernels):
    """A kernel.json of its own for rapaio, as its installer writes it (java -jar <jar> <connection file>)."""
    d = kernels / "rapaio-3.0.1"
    d.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [str(pathlib.Path(jdk) / "bin" / "java"), "-jar", str(jar), "{connection_file}"],
        "display_name": "rapaio-jupyter-kernel 3.0.1",
        "language": "java",
        "interrupt_mode": "message",
        "env": {"RJK_COMPILER_OPTIONS": "", "RJK_TIMEOUT_MILLIS": "-1", "RJK_INIT_SCRIPT": ""},
    }
    (d / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return d.name


FRESH = 10  # the first cells after start, while the kernel's compiler (javac in JShell) is still warming up
WARM = 10   # the last cells of each kernel, after WARM_AFTER others


def fresh(per_kernel):
    return [t for trips in per_kernel for t in trips[:FRESH]]


def warm(per_kernel):
    return [t for trips in per_kernel for t in trips[-WARM:]]


IPYTHON = "/usr/bin/python3"  # Debian's python3-ipykernel is installed for this Python


def ipykernel_kernelspec(kernels):
    """A kernel.json for Debian's ipykernel (python3-ipykernel), as its own says: python3 -m ipykernel_launcher.
    Returns (name, version), or (None, why) when this Python has no ipykernel."""
    got = subprocess.run([IPYTHON, "-c", "import ipykernel, sys; print(ipykernel.__version__, sys.version.split()[0])"],
                         capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    if got.returncode != 0:
        return None, f"{IPYTHON} has no ipykernel (Debian: apt-get install python3-ipykernel)"
    version, python = got.stdout.split()
    d = kernels / "ipykernel"
    d.mkdir(parents=True, exist_ok=True)
    spec = {"argv": [IPYTHON, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (ipykernel)", "language": "python"}
    (d / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return d.name, f"ipykernel {version} (Python {python})"


START_PHASES = [("launch", "cell JVM launch"), ("attach", "JDI attach"), ("jshell", "JShell start, warm-up and imports (the launch and attach run meanwhile)")]
CELL_PHASES = [("wait", "wait for the cell JVM"), ("split", "JShell analysis (snippet split)"),
               ("compile", "JShell compile (parse, types, wrap, javac)"), ("load", "class load/define"),
               ("invoke", "remote invoke"), ("reply", "reply")]


def phase_runs(log):
    """The kernel's phase log (PTLAB_PHASE_LOG, one JSON line per event) cut into one dict per kernel start:
    its kernel line, its first cell JVM's start line and its cell lines, in order."""
    runs = []
    if not log.is_file():
        return runs
    for line in log.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["kind"] == "kernel":
            runs.append({"kernel": entry, "start": None, "cells": []})
        elif runs and entry["kind"] == "start" and runs[-1]["start"] is None:
            runs[-1]["start"] = entry
        elif runs and entry["kind"] == "cell":
            runs[-1]["cells"].append(entry)
    return runs


def median_of(entries, key):
    values = [e.get(key, 0.0) for e in entries if e]
    return statistics.median(values) if values else 0.0


def phase_text(entries, phases, total_key=None):
    parts = [f"{label} {num(median_of(entries, key))}" for key, label in phases]
    if total_key:
        parts.append(f"kernel total {num(median_of(entries, total_key))}")
    return "; ".join(parts)


def phase_rows(runs, client_first, client_warm):
    """Where the first cell's and a warm cell's time goes, phase by phase (medians over the starts, ms)."""
    if not runs:
        return [row("where a cell's time goes", "no phase log", note="the kernel wrote no PTLAB_PHASE_LOG lines")]
    firsts = [r["cells"][0] for r in runs if r["cells"]]
    warms = [c for r in runs for c in r["cells"][-WARM:]]
    kernel = [r["kernel"] for r in runs]
    starts = [r["start"] for r in runs if r["start"]]
    boot = (f"kernel JVM boot {num(median_of(kernel, 'boot'))}; main to serving {num(median_of(kernel, 'bind'))}; "
            f"then, in the background, {phase_text(starts, START_PHASES)}")
    warm_kernel = median_of(warms, "total")
    return [
        row("where the first cell's time goes (ms, medians)", boot + "; first cell: " + phase_text(firsts, CELL_PHASES, "total"),
            note=f"from the kernel's phase log (PTLAB_PHASE_LOG); start to the first result at the client "
                 f"{num(statistics.median(client_first) * 1e3)} ms; the compile phase is JShell's eval less its calls to "
                 f"the cell JVM (load, invoke); the boot is from the process's start time, at the clock's 10 ms tick"),
        row("where a warm 1+1's time goes (ms, medians)",
            phase_text(warms, CELL_PHASES, "total") + f"; client and ZeroMQ {num(statistics.median(client_warm) * 1e3 - warm_kernel)}",
            note=f"the last {WARM} cells of each start; client and ZeroMQ is the client's round trip less the kernel's "
                 f"total (handler entry to reply sent)"),
    ]


def versus(ours, others, unit, scale):
    """'ipykernel ... 1.34 s (...); rapaio 3.0.1 2.37 s (...)' for the other kernels measured."""
    return "; ".join(f"{label} {describe(v, unit, scale)}" for label, v in others if v)


def goal_row(figure, ours, others, reference, unit, scale, limit, note):
    """A row whose goal is at most `limit` times the reference kernel's median (others[0] is that kernel)."""
    m = statistics.median(ours)
    ref = others[0][1]
    met = ("yes" if m <= limit * statistics.median(ref) else "no") if ref else "not measured"
    return row(figure, describe(ours, unit, scale), versus(ours, others, unit, scale),
               ratio(m, statistics.median(ref)) if ref else "", f"<= {limit}x ipykernel", met, note)


def kernel_rows(build, jdk, smoke):
    starts, warm_after = (1, 2) if smoke else (10, 40)
    trips = FRESH + warm_after + WARM
    ours_dir = build / "jupyter" / "kernels"
    notes = []
    with tempfile.TemporaryDirectory(prefix="ptlab-bench-kernels-") as tmp:
        tmp = pathlib.Path(tmp)
        log = tmp / "phases.jsonl"
        o_first, o_round, o_ready, o_failed = kernel_figures(OURS, [ours_dir], starts, trips, tmp,
                                                             env={"PTLAB_PHASE_LOG": str(log)})
        runs = phase_runs(log)
        print(f"ours:   start to kernel_info {describe(o_ready, 's')}; to first result {describe(o_first, 's')}; "
              f"round trip, first {FRESH} cells {describe(fresh(o_round), 'ms', 1e3)}, last {WARM} "
              f"{describe(warm(o_round), 'ms', 1e3)}", flush=True)
        many = 3 if smoke else 100
        took, late = kernel_starts(OURS, [ours_dir], many, tmp)
        print(f"ours:   {len(took)} of {many} starts answered kernel_info within 10 s"
              + (f"; start to kernel_info reply {describe(took, 's')}" if took else ""), flush=True)

        p_first = p_round = p_ready = None
        py_name, py_label = ipykernel_kernelspec(tmp / "kernels")
        if py_name is None:
            notes.append(py_label)
        else:
            try:
                p_first, p_round, p_ready, p_failed = kernel_figures(py_name, [tmp / "kernels"], starts, trips, tmp,
                                                                     quiet=True)
                if p_failed:
                    notes.append(f"{py_label}: {len(p_failed)} of {starts} starts failed: " + "; ".join(p_failed[:2]))
                print(f"ipykernel: start to kernel_info {describe(p_ready, 's')}; to first result "
                      f"{describe(p_first, 's')}; round trip, first {FRESH} cells {describe(fresh(p_round), 'ms', 1e3)}, "
                      f"last {WARM} {describe(warm(p_round), 'ms', 1e3)}", flush=True)
            except (subprocess.SubprocessError, OSError, RuntimeError) as e:
                notes.append(f"{py_label} could not be measured: {e}")

        r_first = r_round = None
        jar = build / "bench" / "rapaio" / RAPAIO_JAR
        if not smoke or jar.is_file():
            try:
                jar = fetch_rapaio(jdk, build / "bench" / "rapaio")
                name = rapaio_kernelspec(jdk, jar, tmp / "kernels")
                r_first, r_round, _, r_failed = kernel_figures(name, [tmp / "kernels"], starts, trips, tmp, quiet=True)
                if r_failed:
                    notes.append(f"rapaio: {len(r_failed)} of {starts} starts failed: " + "; ".join(r_failed[:2]))
                print(f"rapaio: start to first result {describe(r_first, 's')}; round trip, first {FRESH} cells "
                      f"{describe(fresh(r_round), 'ms', 1e3)}, last {WARM} {describe(warm(r_round), 'ms', 1e3)}",
                      flush=True)
            except (subprocess.SubprocessError, OSError, RuntimeError) as e:
                # the other kernel not answering is a finding, not a crash of this benchmark
                notes.append(f"rapaio could not be measured: {e}")
        else:
            notes.append("rapaio not measured in the smoke run (not fetched yet)")

    py = py_label if py_name else "ipykernel"
    others = lambda pick, p, r: [(py, pick(p) if p else None), ("rapaio 3.0.1", pick(r) if r else None)]
    same = lambda v: v
    how = "execute_request sent to execute_reply and idle received, in each kernel that answered"
    more = ("; " + "; ".join(notes)) if notes else ""
    if o_failed:
        more += f"; ours: {len(o_failed)} of {starts} starts failed: " + "; ".join(o_failed[:2])
    rows = [
        goal_row("kernel start to first cell result (1+1)", o_first, others(same, p_first, r_first), py, "s", 1, 0.5,
                 f"jupyter_client: start_kernel() to the execute_result of the first 1+1 (ours: its cell JVM is a "
                 f"separate process started at the kernel's start); median of {starts} starts of each kernel in this "
                 f"run; ratio to ipykernel" + more),
        row("kernel start to kernel_info reply", describe(o_ready, "s"),
            versus(o_ready, [(py, p_ready)], "s", 1), ratio(statistics.median(o_ready), statistics.median(p_ready))
            if p_ready else "", "", "", "jupyter_client: start_kernel() to the kernel_info reply (wait_for_ready)"),
        goal_row(f"trivial cell (1+1) round trip, first {FRESH} cells", fresh(o_round),
                 others(fresh, p_round, r_round), py, "ms", 1e3, 1.5, f"{how}; the {FRESH} cells after the first"),
        goal_row("trivial cell (1+1) round trip, warm", warm(o_round), others(warm, p_round, r_round), py, "ms", 1e3,
                 1.0, f"{how}; cells {FRESH + warm_after + 2} to {trips + 1} after start"),
        row(f"{many} consecutive kernel starts answer kernel_info within 10 s",
            f"{len(took)} of {many}" + (f"; median {num(statistics.median(took))} s, max {num(max(took))} s" if took else ""),
            "", "", "all within 10 s", "yes" if len(took) == many else "no",
            "jupyter_client: start_kernel() to the kernel_info reply (wait_for_ready), then shutdown and a check that "
            "no process is left; one start after another" + ("; late: " + "; ".join(late[:3]) if late else "")),
    ]
    return rows + phase_rows(runs, o_first, warm(o_round))


def timed_cell(kc, code, timeout):
    """Executes code; returns the seconds from the execute request to its reply and idle. A failed cell raises."""
    t0 = time.monotonic()
    msg_id = kc.execute(code)
    deadline = t0 + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status" \
                and msg["content"]["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"the cell failed: {reply['content'].get('evalue', '')[:200]}")
    return time.monotonic() - t0


def declaration_rows(build, smoke):
    """One cell of N lines `int vN = N;`, for growing N, each in a fresh cell JVM (and so a fresh JShell):
    the time per declaration should not grow with N. The kernel's phase log says where the largest cell's
    time went."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    sizes = (10, 30) if smoke else (30, 100, 300, 1000)
    ksm = KernelSpecManager(kernel_dirs=[str(build / "jupyter" / "kernels")])
    km = KernelManager(kernel_name=OURS, kernel_spec_manager=ksm)
    took, phases = {}, {}
    with tempfile.TemporaryDirectory(prefix="ptlab-bench-decl-") as tmp:
        log = pathlib.Path(tmp) / "phases.jsonl"
        km.start_kernel(cwd=tmp, env={**os.environ, "PTLAB_PHASE_LOG": str(log)})
        pid = km.provisioner.process.pid
        kc = km.blocking_client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=60)
            for k, n in enumerate(sizes):
                timed_cell(kc, "1 + 1", 60)  # the compiler is warm and a cell JVM is there
                took[n] = timed_cell(kc, "\n".join(f"int v{i} = {i};" for i in range(n)), 900)
                print(f"ours:   {n} declarations in one cell: {num(took[n])} s", flush=True)
                try:  # a fresh cell JVM and JShell for the next size
                    timed_cell(kc, "System.exit(0);", 60)
                except RuntimeError:
                    pass  # the cell reports the exit as its error
                # three cells per size; the kernel writes a cell's phases just after its reply, so the
                # declarations' line is there once the next cell has been answered
                cells = [c for r in phase_runs(log) for c in r["cells"]]
                phases[n] = cells[3 * k + 1] if len(cells) > 3 * k + 1 else {}
        finally:
            shut_down(OURS, km, kc, pid)
    big = sizes[-1]
    small = max([n for n in sizes if n * 10 <= big] or [sizes[0]])  # small cells' fixed costs would hide the growth
    growth = (took[big] / big) / (took[small] / small)
    per = lambda n, key: num(phases[n].get(key, 0.0) / n)
    split = "; ".join(f"{n}: {per(n, 'compile')} compile, {per(n, 'load')} define, {per(n, 'invoke')} run, "
                      f"{per(n, 'split')} split" for n in (small, big) if phases.get(n))
    return [row(f"{big} declarations in one cell (int vN = N;)",
                ", ".join(f"{n}: {num(t)} s" for n, t in took.items()), "", f"{growth:.1f}x per declaration",
                "linear (1x per declaration); <= 5 s for 1,000", "yes" if growth < 2 and (smoke or took[big] <= 5) else "no",
                f"execute_request to reply and idle, each size in a fresh cell JVM; the ratio is the time per declaration "
                f"at {big} over that at {small}. Per declaration (ms, from the kernel's phase log): {split}. The time is "
                f"JShell's: each declaration is a class of its own, which JShell parses, analyses and compiles in three "
                f"javac runs (the last two import every declaration made before it) and then defines and runs in the "
                f"cell JVM; JShell compiles the snippets of one eval one by one, so joining declarations does not "
                f"share these costs")]


# ------------------------------------------------------------------ the whole course

RUN_TITLE = re.compile(r"^(sequential|threads|virtual threads|pool of (\d+)|processes): \d+ tasks?, ")
TASK_ROW = re.compile(r"^\S+\s+(io|cpu)\s+\S+\s+\S+\s+[\d.]+ s\s+[\d.]+ s\s+([\d.]+) s\s.*?(?:slept (\d+\.\d+) s)?\s*$")


def texts(nb):
    """Every text/plain output of a notebook's code cells, in order."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                yield out.text
            elif out.output_type in ("display_data", "execute_result"):
                yield out.data.get("text/plain", "")


def least_wall(kind, pool, seconds):
    """The least wall time a run of tasks taking these seconds can have: the sum in sequence, the longest when
    all run at once, at least sum/k on a pool of k."""
    if not seconds:
        return 0.0
    if kind == "sequential":
        return sum(seconds)
    if pool:
        return max(max(seconds), sum(seconds) / pool)
    return max(seconds)


def own_time(nb):
    """(sleep, work): seconds the notebook's runs take by design, from their report tables. sleep counts the
    I/O tasks' requested sleeps; work counts every task's measured duration (CPU tasks too). Per run, the least
    wall time (see least_wall). Runs shown without a table (quiet runs, plain Thread.sleep) are not counted."""
    sleep = work = 0.0
    for text in texts(nb):
        lines = text.splitlines()
        i = 0
        while i < len(lines):
            m = RUN_TITLE.match(lines[i])
            if not m:
                i += 1
                continue
            slept, took = [], []
            i += 2  # title, header
            while i < len(lines) and not RUN_TITLE.match(lines[i]):
                t = TASK_ROW.match(lines[i])
                if not t:
                    break
                took.append(float(t.group(2)))
                if t.group(1) == "io" and t.group(3):
                    slept.append(float(t.group(3)))
                i += 1
            pool = int(m.group(2)) if m.group(2) else 0
            sleep += least_wall(m.group(1), pool, slept)
            work += least_wall(m.group(1), pool, took)
    return sleep, work


def cell_time(nb):
    """Seconds the notebook's cells ran in the kernel (busy to idle, from nbclient's timing metadata), summed: the
    demos' own time, sleeps, CPU work and child programs alike, without kernel start and message round trips."""
    from datetime import datetime
    total = 0.0
    for cell in nb.cells:
        t = cell.get("metadata", {}).get("execution", {})
        if "iopub.status.busy" in t and "iopub.status.idle" in t:
            busy, idle = (datetime.fromisoformat(t[k].replace("Z", "+00:00")) for k in ("iopub.status.busy", "iopub.status.idle"))
            total += (idle - busy).total_seconds()
    return total


PER_NOTEBOOK = 0.5  # seconds a notebook may take beyond its cells' own time: kernel start, round trips, nbclient


def course_rows(build, smoke):
    import run_notebooks
    notebooks = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    if smoke:
        notebooks = notebooks[:1]
    if not notebooks:
        return [row("whole course executed headless", "no notebooks", note="notebooks/ has none yet")]
    sleep = work = cells = startup = shutdown = 0.0
    failed = []
    loaded = load()
    started = time.monotonic()
    for result in run_notebooks.run(notebooks):
        print(result.summary(), flush=True)
        if not result.ok:
            failed.append(result.name)
        slept, worked = own_time(result.notebook)
        sleep += slept
        work += worked
        cells += cell_time(result.notebook)
        startup += result.startup
        shutdown += result.shutdown
    total = time.monotonic() - started
    n = len(notebooks)
    bound = cells + PER_NOTEBOOK * n
    what = "first notebook only (smoke)" if smoke else f"{n} notebooks"
    note = (f"tools/run_notebooks.py run(), one kernel per notebook, {what}, wall time from the first kernel's start "
            f"until the last kernel and everything below it are gone; load average {loaded} at the start; the cells' "
            f"own run time in the kernel (busy to idle, summed; every demo's sleeps, CPU work and child programs) "
            f"{num(cells)} s; goal bound = {num(cells)} s + {n} x {PER_NOTEBOOK} s = {num(bound)} s; the rest of the "
            f"total, {num(total - cells)} s ({num((total - cells) / n)} s per notebook), is kernel starts, message round "
            f"trips, the runner's checks for leftovers and nbclient. Per notebook, waiting for the kernel's kernel_info "
            f"reply took {num(startup / n)} s (each kernel after the first was started after the last cell of the one "
            f"before), and a shutdown {num(shutdown / n)} s from the request until the kernel and all below it were "
            f"gone (in the background, while the next notebook ran); own sleep time from the I/O tasks in the runs' "
            f"report tables (the least wall time of each run's sleeps) {num(sleep)} s, all tasks' own time, CPU tasks "
            f"included, {num(work)} s")
    if failed:
        note += "; FAILED: " + ", ".join(failed)
        if smoke:
            raise RuntimeError("notebooks failed: " + ", ".join(failed))
    return [row("whole course executed headless", f"{num(total)} s",
                f"cells' own busy time {num(cells)} s (own sleep time {num(sleep)} s, all tasks {num(work)} s)",
                ratio(total, cells) if cells > 0 else "",
                f"<= cells' busy time + {PER_NOTEBOOK} s per notebook", "yes" if total <= bound else "no", note)]


def load():
    """The machine's 1-minute load average (the machine may be shared)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


# ------------------------------------------------------------------ the table

def table(rows, header):
    cols = ["figure", "ours", "floor / other", "ratio", "goal", "met?"]
    keys = ["figure", "ours", "other", "ratio", "goal", "met"]
    lines = header + ["", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join(str(r[k]).replace("|", "\\|") for k in keys) + " |")
    lines += ["", "How each figure was measured:", ""]
    for r in rows:
        if r.get("note"):
            lines.append(f"- **{r['figure']}**: {r['note']}")
    return "\n".join(lines) + "\n"


def machine(jdk, helpers_jar):
    code = "System.out.println(ptlab.task.Machine.current().describe()); System.out.println(ptlab.task.Machine.current().cpuNote());"
    with tempfile.TemporaryDirectory() as tmp:
        src = pathlib.Path(tmp) / "M.java"
        src.write_text("public class M { public static void main(String[] a) { " + code + " } }", encoding="utf-8")
        r = subprocess.run([str(pathlib.Path(jdk) / "bin" / "java"), "-cp", str(helpers_jar), str(src)],
                           capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    return r.stdout.strip().splitlines() if r.returncode == 0 else ["(machine: unknown)"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build", help="the build folder (jars, kernelspec; bench.md goes here)")
    ap.add_argument("--jdk", required=True, help="the JDK (JAVA_HOME) the course runs on")
    ap.add_argument("--bench-jar", required=True, help="bench/<target>/ptlab-bench.jar")
    ap.add_argument("--smoke", action="store_true", help="every figure once, small: checks that nothing crashes")
    ap.add_argument("--only", default="java,kernel,interrupt,memory,course,class",
                    help="comma-separated parts: java, kernel, interrupt, memory, course, class; kernel-speed is the "
                         "kernel part without the declaration cells, declarations those cells alone")
    args = ap.parse_args(argv)
    build = pathlib.Path(args.build).resolve()
    os.environ["JUPYTER_PATH"] = str(build / "jupyter")  # the course's kernelspec, nothing from $HOME
    helpers = build / "lib" / "ptlab-helpers.jar"
    parts = set(args.only.split(","))
    started = time.monotonic()
    rows, crashed = [], []
    steps = [("java", lambda: java_figures(args.jdk, f"{helpers}{os.pathsep}{pathlib.Path(args.bench_jar).resolve()}",
                                           args.smoke)),
             ("kernel", lambda: kernel_rows(build, args.jdk, args.smoke) + declaration_rows(build, args.smoke)),
             ("interrupt", lambda: interrupts.interrupt_rows(build, args.smoke)),
             ("kernel-speed", lambda: kernel_rows(build, args.jdk, args.smoke)),
             ("declarations", lambda: declaration_rows(build, args.smoke)),
             ("memory", lambda: memory.memory_rows(build, args.smoke)),
             ("course", lambda: course_rows(build, args.smoke)),
             ("class", lambda: capacity.class_rows(build, row, num, args.smoke))]
    for name, step in steps:
        if name not in parts:
            continue
        print(f"--- {name} figures", flush=True)
        try:
            got = step()
            rows += got
            crashed += [f"{name}: {r['figure']}: {r['note']}" for r in got if r.get("ours") == "CRASHED"]
        except Exception as e:  # noqa: BLE001 - report every crashed part, then fail
            traceback.print_exc()
            crashed.append(f"{name}: {type(e).__name__}: {e}")
            rows.append(row(f"{name} figures", "CRASHED", note=f"{type(e).__name__}: {e}"))
    header = ["# ptlab bench" + (" (smoke run: tiny sizes, the numbers mean nothing)" if args.smoke else ""), "",
              f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} in {time.monotonic() - started:.0f} s on:",
              ""] + [f"    {line}" for line in machine(args.jdk, helpers)] + [
              "", "Absolute times drift on a shared VM; the ratios to the floors, measured in the same run, hold "
              "better. A number never fails the build."]
    text = table(rows, header)
    target = build / ("bench-smoke.md" if args.smoke else "bench.md")
    target.write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"written to {target}")
    if crashed:
        print("benchmarks that crashed: " + "; ".join(crashed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
