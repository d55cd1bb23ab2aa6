"""What one student costs in memory: the kernel tree (kernel JVM, cell JVM, every process below) measured with psutil.

Three points of one kernel running notebook 09 (idle after start and a first 1+1, after the last cell, and the peak
sampled while the cells run), and what two students share when their kernels run at once, with and without the
class-data-sharing archives. USS is what a process holds alone (what one more student adds to a machine); PSS splits
each shared page among the processes that map it (what a student costs when many share the pages); RSS counts shared
pages in full for every process (what `top` shows, and an over-count when many run the same JVM).

bench.py calls memory_rows(); `python bench/memory.py --build build` prints the figures alone.
"""
import json
import pathlib
import statistics
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

MiB = 1024 * 1024  # figures are in MiB, as Kubernetes sizes ("512M") are
NOTEBOOK = "09-simple-demonstration.ipynb"
IDLE_GOAL_MIB = 150   # USS of the whole tree, idle after start and 1+1
PEAK_GOAL_MIB = 300   # USS of the whole tree at its highest while notebook 09 runs
SETTLE = 3.0         # seconds of quiet before an idle figure: the cell JVM's start and the first compile are over
SAMPLE_EVERY = 0.1   # seconds between two samples of the tree while the notebook runs


def footprint(pid):
    """Bytes of the tree below pid, summed: {"uss", "pss", "rss", "processes", "parts": {role: uss}}, and "cpu":
    CPU seconds the tree has used (its processes' own, and their children's that they have waited for)."""
    import psutil
    from proctree import CELL_AGENT, living_tree
    total = {"uss": 0, "pss": 0, "rss": 0, "processes": 0, "parts": {}, "cpu": 0.0}
    for p in living_tree(pid):
        try:
            info = p.memory_full_info()
            cmd = " ".join(p.cmdline())
            total["cpu"] += sum(p.cpu_times()[:4])  # user, system, children_user, children_system
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue  # a child that ended between the listing and the reading
        role = "kernel JVM" if p.pid == pid else "cell JVM" if CELL_AGENT in cmd else "children"
        total["uss"] += info.uss
        total["pss"] += info.pss
        total["rss"] += info.rss
        total["processes"] += 1
        total["parts"][role] = total["parts"].get(role, 0) + info.uss
    return total


class Peak(threading.Thread):
    """Samples the tree below pid until stopped; keeps the sample with the highest USS sum, and the most CPUs the
    tree kept busy over one second (CPU seconds used between two samples a second or more apart)."""

    def __init__(self, pid):
        super().__init__(daemon=True, name="memory-peak")
        self.pid = pid
        self.top = None
        self.samples = 0
        self.cpus = 0.0
        self.stopping = threading.Event()

    def run(self):
        window = []  # (time, cpu seconds) of the samples of the last second
        while not self.stopping.is_set():
            try:
                now = footprint(self.pid)
            except Exception:  # noqa: BLE001 - the kernel ended under us: keep what was sampled
                break
            at = time.monotonic()
            self.samples += 1
            if self.top is None or now["uss"] > self.top["uss"]:
                self.top = now
            window.append((at, now["cpu"]))
            while len(window) > 1 and at - window[1][0] >= 1.0:
                window.pop(0)
            if at - window[0][0] >= 1.0:
                self.cpus = max(self.cpus, (now["cpu"] - window[0][1]) / (at - window[0][0]))
            self.stopping.wait(SAMPLE_EVERY)

    def stop(self):
        self.stopping.set()
        self.join()
        return self.top


def settled(pid):
    time.sleep(SETTLE)
    return footprint(pid)


def one_student(notebook):
    """Runs the notebook in a fresh kernel; returns (idle, after, peak sampler, failed cell or None)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.util import run_sync
    import run_notebooks

    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, kernel_name=run_notebooks.KERNEL, timeout=run_notebooks.CELL_TIMEOUT,
                            startup_timeout=60, resources={"metadata": {"path": str(notebook.parent)}})
    failed = None
    with client.setup_kernel():
        pid = run_notebooks.kernel_process(client).pid
        reply = run_sync(client.kc.execute_interactive)("1+1", store_history=False, timeout=60,
                                                         output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError("1+1 failed in a fresh kernel")
        idle = settled(pid)
        peak = Peak(pid)
        peak.start()
        started = time.monotonic()
        try:
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
        except Exception as e:  # noqa: BLE001 - the figures still stand; the row says the notebook failed
            failed = f"{type(e).__name__}: {str(e).strip().splitlines()[-1][:200] if str(e).strip() else ''}"
        peak.wall = time.monotonic() - started
        peak.stop()
        after = footprint(pid)
        peak.used = after["cpu"] - idle["cpu"]
        after = settled(pid)
    return idle, after, peak, failed


def server_footprint(cwd):
    """USS, PSS and RSS of an idle Jupyter server with JupyterLab, as every student has one: started headless,
    asked for its API and the lab page once, then left quiet."""
    import subprocess
    import urllib.request
    from ports import free_port
    port = free_port()
    token = "bench"
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={cwd}", "--allow-root"]
    server = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        for path in ("api/status", "lab", "api/kernelspecs"):
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}?token={token}", timeout=5).read()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError(f"the Jupyter server did not answer /{path} ({' '.join(cmd[:3])})")
                    time.sleep(0.2)
        return settled(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def kernelspec_without_archives(build, into):
    """A copy of the ptlab-java kernelspec that runs every JVM of the tree with class data sharing off."""
    spec = json.loads((build / "jupyter" / "kernels" / "ptlab-java" / "kernel.json").read_text(encoding="utf-8"))
    spec["argv"] = [a for a in spec["argv"] if not a.startswith(("-XX:SharedArchiveFile=", "-Xlog:cds", "-XX:AOTCache="))]
    # The java launcher puts JDK_JAVA_OPTIONS before the command line's options: the kernel JVM and the cell JVM
    # (started by the same launcher) both run without the JDK's and our archives.
    spec["env"] = dict(spec.get("env", {}), JDK_JAVA_OPTIONS="-Xshare:off")
    spec["display_name"] += " (no class data sharing)"
    d = into / "ptlab-java-noshare"
    d.mkdir(parents=True)
    (d / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return d.name


def students_at_once(kernel_dirs, name, count, cwd):
    """Starts `count` kernels at once, runs 1+1 in each, waits until quiet; returns one footprint per kernel."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    import bench

    ksm = KernelSpecManager(kernel_dirs=[str(d) for d in kernel_dirs])
    running = []
    try:
        for _ in range(count):
            km = KernelManager(kernel_name=name, kernel_spec_manager=ksm)
            km.start_kernel(cwd=str(cwd))
            kc = km.blocking_client()
            kc.start_channels()
            running.append((km, kc, km.provisioner.process.pid))
        for km, kc, pid in running:
            kc.wait_for_ready(timeout=60)
            bench.run_cell(kc, "1+1")
        time.sleep(SETTLE)
        return [footprint(pid) for _, _, pid in running]
    finally:
        for km, kc, pid in running:
            bench.shut_down(name, km, kc, pid)


def course_row():
    """Every notebook in a fresh kernel: the highest USS peak and CPUs over one second, and which notebook."""
    import bench
    peaks, failed = {}, []
    for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        _, _, peak, fail = one_student(path)
        peaks[path.stem] = peak
        print(f"memory: {path.stem}: peak USS {mb(peak.top['uss'])} MiB (RSS {mb(peak.top['rss'])} MiB), "
              f"{peak.cpus:.2f} CPUs at most over 1 s" + (f"; FAILED: {fail}" if fail else ""), flush=True)
        if fail:
            failed.append(f"{path.stem}: {fail}")
    worst = max(peaks, key=lambda k: peaks[k].top["uss"])
    busiest = max(peaks, key=lambda k: peaks[k].cpus)
    return bench.row("one student, highest peak over the whole course: USS (RSS) of the kernel tree",
                     f"{mb(peaks[worst].top['uss'])} MiB ({mb(peaks[worst].top['rss'])} MiB) in {worst}",
                     f"most CPUs over 1 s: {peaks[busiest].cpus:.2f} in {busiest}", "",
                     "no notebook fails", "no" if failed else "yes",
                     "each notebook in a fresh kernel, sampled as for notebook 09; by notebook: " + ", ".join(
                         f"{k} {mb(p.top['uss'])} MiB" for k, p in peaks.items())
                     + (f"; FAILED: {'; '.join(failed)}" if failed else ""))


def mb(x):
    return f"{x / MiB:.0f}"


def parts(f):
    return ", ".join(f"{role} {mb(b)}" for role, b in sorted(f["parts"].items()))


def memory_rows(build, smoke):
    """The bench rows: idle, after notebook 09, peak during it, and what two students share."""
    import bench
    row = bench.row
    idle, after, peak, failed = one_student(ROOT / "notebooks" / NOTEBOOK)
    top, samples = peak.top, peak.samples
    for label, f in (("idle", idle), ("after nb 09", after), ("peak in nb 09", top)):
        print(f"memory: {label}: USS {mb(f['uss'])} MiB, PSS {mb(f['pss'])} MiB, RSS {mb(f['rss'])} MiB "
              f"in {f['processes']} processes (USS: {parts(f)})", flush=True)
    how = ("psutil memory_full_info of the kernel JVM and every process below it, summed; idle = "
           f"{SETTLE:.0f} s after the first 1+1 of a fresh kernel")
    rows = [
        row("one student, idle after start and 1+1: USS (RSS) of the kernel tree",
            f"{mb(idle['uss'])} MiB ({mb(idle['rss'])} MiB)", f"USS by process: {parts(idle)}", "",
            f"<= {IDLE_GOAL_MIB} MiB USS", "yes" if idle["uss"] <= IDLE_GOAL_MIB * MiB else "no", how),
        row(f"one student, after notebook {NOTEBOOK[:2]}: USS (RSS) of the kernel tree",
            f"{mb(after['uss'])} MiB ({mb(after['rss'])} MiB)", f"USS by process: {parts(after)}", "",
            "no notebook fails", "no" if failed else "yes",
            f"{how}; the same kernel {SETTLE:.0f} s after the notebook's last cell"
            + (f"; the notebook FAILED: {failed}" if failed else "")),
        row(f"one student, peak while notebook {NOTEBOOK[:2]} runs: USS (RSS) of the kernel tree",
            f"{mb(top['uss'])} MiB ({mb(top['rss'])} MiB)", f"USS by process: {parts(top)}; {top['processes']} processes",
            "", f"<= {PEAK_GOAL_MIB} MiB USS", "yes" if top["uss"] <= PEAK_GOAL_MIB * MiB else "no",
            f"the highest USS sum of {samples} samples of the tree, one every {SAMPLE_EVERY * 1e3:.0f} ms while the "
            f"cells ran (a child living less than that can be missed); RSS of that same sample"),
        row(f"one student, CPU while notebook {NOTEBOOK[:2]} runs",
            f"{peak.used / peak.wall:.2f} CPUs on average, {peak.cpus:.2f} at most over 1 s",
            f"{peak.used:.1f} CPU s in {peak.wall:.1f} s", "", "", "",
            "CPU seconds of the kernel tree (user and system, with the children each process waited for) over the "
            "notebook's wall time; the most, over any second between two samples"),
    ]
    if not smoke:
        rows.append(course_row())
    with tempfile.TemporaryDirectory(prefix="ptlab-bench-memory-") as tmp:
        tmp = pathlib.Path(tmp)
        server = server_footprint(tmp)
        print(f"memory: Jupyter server idle: USS {mb(server['uss'])} MiB, PSS {mb(server['pss'])} MiB, "
              f"RSS {mb(server['rss'])} MiB", flush=True)
        rows.append(row("one student's Jupyter server (JupyterLab), idle: USS (RSS)",
                        f"{mb(server['uss'])} MiB ({mb(server['rss'])} MiB)", "", "", "", "",
                        f"python -m jupyterlab, headless, after its API, the lab page and the kernel specs were asked "
                        f"for once, {SETTLE:.0f} s quiet; on a hub every student runs one (jupyterhub-singleuser)"))
        shared = students_at_once([build / "jupyter" / "kernels"], bench.OURS, 2, tmp)
        alone = students_at_once([tmp], kernelspec_without_archives(build, tmp), 2, tmp) if not smoke else None
    for label, fs in (("with archives", shared), ("without", alone)):
        if fs:
            print(f"memory: two students at once, {label}: " + "; ".join(
                f"USS {mb(f['uss'])} MiB, PSS {mb(f['pss'])} MiB, RSS {mb(f['rss'])} MiB" for f in fs), flush=True)

    def each(fs, key):
        return statistics.mean(f[key] for f in fs)

    note = ("two kernels started at once, 1+1 in each, then the trees' sums per student (mean of the two); PSS "
            "splits shared pages among the processes mapping them, so PSS - USS is the student's share of what "
            "both map; without = kernel and cell JVM with -Xshare:off (no JDK archive, no ptlab-kernel.jsa)")
    ours = f"PSS {mb(each(shared, 'pss'))} MiB, USS {mb(each(shared, 'uss'))} MiB, RSS {mb(each(shared, 'rss'))} MiB"
    other = saved = ""
    if alone:
        other = (f"without archives: PSS {mb(each(alone, 'pss'))} MiB, USS {mb(each(alone, 'uss'))} MiB, "
                 f"RSS {mb(each(alone, 'rss'))} MiB")
        saved = f"{mb(each(alone, 'pss') - each(shared, 'pss'))} MiB PSS less per student"
    rows.append(row("two students at once, per student (kernel tree, idle after 1+1)", ours, other, saved,
                    "archives lower PSS", ("yes" if each(alone, "pss") > each(shared, "pss") else "no") if alone else "",
                    note + ("" if alone else "; smoke: without archives not measured")))
    return rows


if __name__ == "__main__":
    import argparse
    import os
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--smoke", action="store_true")
    a = ap.parse_args()
    b = pathlib.Path(a.build).resolve()
    os.environ["JUPYTER_PATH"] = str(b / "jupyter")
    sys.path.insert(0, str(ROOT / "bench"))
    for r in memory_rows(b, a.smoke):
        print(f"{r['figure']}: {r['ours']} | {r['other']} | {r['ratio']} | goal {r['goal']} met {r['met']}")
