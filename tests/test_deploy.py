"""deploy/config.yaml (Zero to JupyterHub) and the README's "For a class" agree with each other and with what
they rest on.

config.yaml states the measured figures it rests on (from `make bench`, bench/memory.py) in its header, and
the rules that turn them into the per-student memory and CPU sizes. These tests compute the sizes from those
figures and compare them with the chart's values, check that idle culling fits the kernel's own time bounds
(ptlab.task.Limits) and that the memory limit holds a cell JVM that fills its heap (CellJvmSpec), and recompute the
README's table of students per node. Change a figure in one place only, and a test here says where else.
"""
import math
import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "config.yaml"
README = ROOT / "README.md"

# The figures config.yaml's header names, "#   <name> = <number> ..." (MiB of USS, or CPUs).
FIGURES = ("server idle", "kernel tree idle", "kernel tree peak", "CPUs on average", "CPUs at peak")
OPEN_IDLE_KERNELS = 2  # notebooks a student keeps open besides the one that runs (the kernel culler ends the rest)


def figures():
    """The measured figures in config.yaml's header, by name."""
    found = {}
    for line in CONFIG.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#\s+(" + "|".join(FIGURES) + r")\s+=\s+([\d.]+)\b", line)
        if m:
            assert m.group(1) not in found, f"config.yaml states {m.group(1)!r} twice"
            found[m.group(1)] = float(m.group(2))
    assert set(found) == set(FIGURES), f"config.yaml's header misses {set(FIGURES) - set(found)}"
    return found


def config():
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def mib(size):
    """KubeSpawner's sizes: '512M', '1G' (powers of 1024) in MiB."""
    m = re.fullmatch(r"(\d+)([MG])", str(size))
    assert m, f"{size!r} is not a size like 512M or 1G"
    return int(m.group(1)) * (1024 if m.group(2) == "G" else 1)


def up(x, step):
    """x rounded up to a multiple of step (0.30000000000000004 is 0.3)."""
    return round(math.ceil(round(x / step, 9)) * step, 9)


def cell_heap_mib():
    """The cell JVM's -Xmx, from CellJvmSpec."""
    java = (ROOT / "kernel/src/main/java/ptlab/kernel/session/CellJvmSpec.java").read_text(encoding="utf-8")
    return int(re.search(r'CELL_HEAP = "-Xmx(\d+)m"', java).group(1))


def limit_seconds(name):
    """A Duration in ptlab.task.Limits, in seconds (ofSeconds(n), or another one plusSeconds(n))."""
    java = (ROOT / "helpers/src/main/java/ptlab/task/Limits.java").read_text(encoding="utf-8")
    expr = re.search(rf"Duration {name} = ([^;]+);", java).group(1)
    if m := re.fullmatch(r"Duration\.ofSeconds\((\d+)\)", expr):
        return int(m.group(1))
    m = re.fullmatch(r"(\w+)\.plusSeconds\((\d+)\)", expr)
    return limit_seconds(m.group(1)) + int(m.group(2))


def sizes(f):
    """Per-student sizes from the measured figures: (memory guarantee MiB, memory limit MiB, CPU guarantee,
    CPU limit). Guarantee: the server and one idle kernel tree. Limit: the server, one kernel tree at the
    course's peak and OPEN_IDLE_KERNELS idle ones, and at least enough for a cell JVM that fills its heap (the
    cell then gets Java's OutOfMemoryError, not the pod's OOM killer)."""
    guarantee = up(f["server idle"] + f["kernel tree idle"], 64)
    need = f["server idle"] + f["kernel tree peak"] + OPEN_IDLE_KERNELS * f["kernel tree idle"]
    heap_full = f["server idle"] + f["kernel tree idle"] + cell_heap_mib()
    limit = up(max(need, heap_full), 128)
    return guarantee, limit, up(f["CPUs on average"], 0.05), max(1, math.ceil(f["CPUs at peak"]))


def allocatable(cpus, gib):
    """What a node of this size leaves for pods after the kubelet's and system's reservation, as GKE reserves
    (memory: 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the next 112, 2% above, and
    100 MiB for eviction; CPU: 6% of the first core, 1% of the next, 0.5% of the next 2, 0.25% above 4)."""
    mem = gib * 1024
    reserved = 100.0
    for start, end, share in ((0, 4, .25), (4, 8, .20), (8, 16, .10), (16, 128, .06), (128, 10 ** 6, .02)):
        reserved += max(0, min(gib, end) - start) * 1024 * share
    cpu_reserved = 0.0
    for start, end, share in ((0, 1, .06), (1, 2, .01), (2, 4, .005), (4, 10 ** 6, .0025)):
        cpu_reserved += max(0, min(cpus, end) - start) * share
    return cpus - cpu_reserved, mem - reserved


def students(cpus, gib, f):
    """Students a node holds: by the scheduler's guarantees (memory and CPU), and all at their peak at once."""
    guarantee, _, cpu_guarantee, _ = sizes(f)
    cpu, mem = allocatable(cpus, gib)
    by_memory = math.floor(mem / guarantee)
    by_cpu = math.floor(round(cpu / cpu_guarantee, 6))
    at_peak = math.floor(mem / (f["server idle"] + f["kernel tree peak"]))
    return min(by_memory, by_cpu), by_memory, by_cpu, at_peak


def readme_section():
    text = README.read_text(encoding="utf-8")
    m = re.search(r"^## For a class\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert m, "README.md has no section '## For a class'"
    return m.group(1)


def test_config_is_a_zero_to_jupyterhub_config_with_the_course_image_and_sizes():
    c = config()
    assert set(c) <= {"hub", "proxy", "singleuser", "scheduling", "prePuller", "cull", "ingress", "debug"}, \
        f"keys the chart does not know at the top: {set(c)}"
    user = c["singleuser"]
    assert user["image"]["name"] and isinstance(user["image"]["tag"], str)
    assert user["defaultUrl"] == "/lab/tree/notebooks/00-start-here.ipynb"
    assert (ROOT / "notebooks/00-start-here.ipynb").is_file()
    # repo2docker copies the repository into the home folder: a volume there would hide the built jars
    assert not str(user["storage"]["homeMountPath"]).rstrip("/").endswith(("/jovyan", "/{username}"))


def test_memory_and_cpu_come_from_the_measured_figures():
    user = config()["singleuser"]
    guarantee, limit, cpu_guarantee, cpu_limit = sizes(figures())
    assert mib(user["memory"]["guarantee"]) == guarantee
    assert mib(user["memory"]["limit"]) == limit
    assert user["cpu"]["guarantee"] == cpu_guarantee
    assert user["cpu"]["limit"] == cpu_limit


def test_culling_fits_the_kernels_own_bounds():
    c = config()
    kernels = c["singleuser"]["extraFiles"]["kernel-culling"]
    assert kernels["mountPath"].startswith(("/etc/jupyter/", "/usr/local/etc/jupyter/"))
    cull = kernels["data"]["MappingKernelManager"]
    longest_demo = limit_seconds("MAX_CHILD_LIFETIME")  # a run's bound, and its children's end
    assert cull["cull_busy"] is False, "a running cell is never culled"
    assert cull["cull_idle_timeout"] >= 10 * longest_demo, "a kernel that just ran a demo is not culled soon after"
    # an idle student's kernels go first (each frees a kernel tree), the server later
    assert c["cull"]["enabled"] is True
    assert cull["cull_idle_timeout"] + cull["cull_interval"] < c["cull"]["timeout"]
    assert c["cull"]["every"] <= c["cull"]["timeout"] / 4


def test_readme_cites_the_figures_and_sizes_of_config_yaml():
    section = readme_section()
    f = figures()
    guarantee, limit, cpu_guarantee, cpu_limit = sizes(f)
    for name in ("server idle", "kernel tree idle", "kernel tree peak"):
        assert f"{f[name]:.0f} MiB" in section, f"the README does not cite {name} = {f[name]:.0f} MiB"
    for name in ("CPUs on average", "CPUs at peak"):
        assert f"{f[name]:g} CPU" in section, f"the README does not cite {name} = {f[name]:g}"
    assert f"memory guarantee {guarantee} MiB" in section and f"limit {limit} MiB" in section
    assert f"CPU guarantee {cpu_guarantee:g}" in section and f"CPU limit {cpu_limit}" in section
    assert "deploy/config.yaml" in section


def test_readme_table_of_students_per_node_is_computed_from_the_figures():
    f = figures()
    rows = re.findall(r"^\| (\d+) vCPU, (\d+) GiB \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", readme_section(), re.M)
    assert len(rows) >= 3, "the README's table of node sizes has fewer than three rows"
    for cpus, gib, *shown in rows:
        assert tuple(int(x) for x in shown) == students(int(cpus), int(gib), f), f"row {cpus} vCPU, {gib} GiB"
