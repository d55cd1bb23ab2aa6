"""What can be checked here of the Binder set-up (environment.yml, postBuild).

Binder itself cannot be reached from here. These tests check that
environment.yml is valid YAML naming every package the course needs, that
postBuild is executable and only calls Makefile targets, and that a run of
postBuild against this machine's JDK and Maven into a temporary prefix
installs a kernelspec that starts the kernel and runs a cell.
"""
import json
import os
import pathlib
import re
import subprocess

import jupyter_client
import yaml
from jupyter_client.kernelspec import KernelSpecManager

import proctree

ROOT = pathlib.Path(__file__).resolve().parent.parent
POSTBUILD = ROOT / "postBuild"

# The conda-forge package for each Debian package the Makefile installs.
CONDA_FOR_DEBIAN = {
    "jupyter-notebook": "jupyterlab",
    "python3-nbclient": "nbclient",
    "jupyter-nbconvert": "nbconvert",
    "python3-jupyter-kernel-test": "jupyter_kernel_test",
    "python3-pytest": "pytest",
    "python3-psutil": "psutil",
    "python3-yaml": "pyyaml",
}
# What the Makefile finds on a Debian machine and conda has to bring on Binder.
BUILD_TOOLS = {"python", "openjdk", "maven", "make"}


def environment():
    """environment.yml's dependencies as {name: version spec}."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"][0] == "conda-forge"
    specs = {}
    for dep in env["dependencies"]:
        assert isinstance(dep, str), f"not a conda package: {dep!r} (no pip section: Binder builds from conda-forge)"
        name, spec = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(.*)", dep).groups()
        specs[name] = spec
    return specs


def major(spec):
    """The first version number in a conda spec such as '=21' or '>=4,<5'."""
    match = re.search(r"\d+", spec)
    return int(match.group()) if match else None


def debian_packages():
    text = (ROOT / "Makefile").read_text()
    match = re.search(r"^DEBIAN_PACKAGES\s*:=((?:.*\\\n)*.*)$", text, re.MULTILINE)
    return match.group(1).replace("\\\n", " ").split()


def test_environment_names_every_package_the_course_needs():
    specs = environment()
    missing = (BUILD_TOOLS | set(CONDA_FOR_DEBIAN.values())) - set(specs)
    assert not missing, f"environment.yml lacks {sorted(missing)}"
    assert (major(specs["openjdk"]) or 0) >= 21, f"openjdk {specs['openjdk']!r}: the course needs Java 21 or newer"
    assert major(specs["jupyterlab"]) == 4, f"jupyterlab {specs['jupyterlab']!r}: the course is tested with JupyterLab 4"


def test_every_debian_package_of_the_makefile_has_its_conda_package():
    unmapped = [p for p in debian_packages() if p not in CONDA_FOR_DEBIAN]
    assert debian_packages(), "no DEBIAN_PACKAGES found in the Makefile"
    assert not unmapped, f"add these to environment.yml and to CONDA_FOR_DEBIAN here: {unmapped}"


def test_the_readme_badge_opens_the_first_notebook_in_jupyterlab():
    links = re.findall(r"\]\((https://mybinder\.org/v2/gh/[^)]+)\)", (ROOT / "README.md").read_text())
    assert links, "README.md has no Binder link"
    for link in links:
        path = re.search(r"[?&]urlpath=lab/tree/([^&#]+)", link)
        assert path, f"{link}: should open JupyterLab (urlpath=lab/tree/...)"
        assert (ROOT / path.group(1)).is_file(), f"{link}: {path.group(1)} does not exist"


def test_postbuild_is_executable_and_only_calls_makefile_targets():
    assert os.access(POSTBUILD, os.X_OK), "postBuild must be executable (git update-index --chmod=+x postBuild)"
    commands = [line.strip() for line in POSTBUILD.read_text().splitlines()
                if line.strip() and not line.strip().startswith("#")]
    assert not [c for c in commands if re.match(r"(mvn|java|jupyter)\b", c)], \
        "postBuild builds and installs through the Makefile only"
    targets = [t for c in commands if c.startswith("make ")
               for t in c.split()[1:] if "=" not in t and not t.startswith("-")]
    assert "binder" in targets
    for target in targets:
        dry = run(["make", "-n", target, "PREFIX=/nonexistent"])
        assert dry.returncode == 0, f"make -n {target}: {dry.stdout}"
        if target == "binder":
            assert "ptlab.kernel.Install --prefix" in dry.stdout


def test_postbuild_without_an_environment_says_so():
    result = run([str(POSTBUILD)], PTLAB_PREFIX="", NB_PYTHON_PREFIX="", CONDA_PREFIX="")
    assert result.returncode != 0
    assert "PTLAB_PREFIX" in result.stdout


def test_postbuild_into_a_temporary_prefix_installs_a_kernel_that_runs(tmp_path):
    result = run([str(POSTBUILD)], PTLAB_PREFIX=str(tmp_path))
    assert result.returncode == 0, result.stdout
    kernels = tmp_path / "share" / "jupyter" / "kernels"
    spec = json.loads((kernels / "ptlab-java" / "kernel.json").read_text())
    assert spec["language"] == "java"
    assert spec["interrupt_mode"] == "message"
    for arg in spec["argv"]:
        if arg.endswith(".jar"):
            assert pathlib.Path(arg).is_file(), f"kernel.json names a missing jar: {arg}"

    # Only the temporary prefix's kernelspec, not the one under build/.
    km = jupyter_client.KernelManager(
        kernel_name="ptlab-java", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))
    assert pathlib.Path(km.kernel_spec.resource_dir) == kernels / "ptlab-java"
    km.start_kernel(cwd=str(tmp_path))
    kernel = proctree.psutil.Process(km.provisioner.process.pid)
    started = [kernel]
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        printed = []
        reply = kc.execute_interactive(
            'System.out.println("6 * 7 = " + (6 * 7));', timeout=60,
            output_hook=lambda msg: printed.append(msg["content"].get("text", "")))
        assert reply["content"]["status"] == "ok"
        assert "6 * 7 = 42" in "".join(printed)
        started += kernel.children(recursive=True)
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=False)
    assert proctree.still_alive(started) == []


def run(command, **env):
    """Runs command in the checkout with env changed (a value of "" removes the
    variable), outside of any make that runs the tests."""
    environ = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    for key, value in env.items():
        if value:
            environ[key] = value
        else:
            environ.pop(key, None)
    return subprocess.run(command, cwd=ROOT, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=600)
