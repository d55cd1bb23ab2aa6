"""What can be checked here of the Binder set-up (environment.yml, postBuild).

Binder itself cannot be reached from here. These tests check that
environment.yml is valid YAML naming every package the course needs with the
versions of requirements.txt, that
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

# What the Makefile finds on a Debian machine and conda has to bring on Binder.
BUILD_TOOLS = {"python", "openjdk", "maven", "make"}
# In requirements.txt, not in environment.yml: the browser tests' driver of Debian's chromium.
NOT_ON_BINDER = {"playwright"}


def requirements():
    """requirements.txt as {name: exact version}; every line pins one."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([0-9][0-9A-Za-z.]*)", line)
            assert match, f"requirements.txt: {line!r} does not pin an exact version"
            pins[normal(match.group(1))] = match.group(2)
    return pins


def normal(name):
    """Package names compare as pip and conda do: case and -, _ do not matter."""
    return re.sub(r"[-_.]+", "_", name).lower()


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


def test_environment_names_every_package_the_course_needs():
    specs = environment()
    missing = BUILD_TOOLS - set(specs)
    assert not missing, f"environment.yml lacks {sorted(missing)}"
    assert (major(specs["openjdk"]) or 0) >= 21, f"openjdk {specs['openjdk']!r}: the course needs Java 21 or newer"


def test_binder_runs_the_java_release_the_notebooks_store():
    # JupyterLab writes the kernel's language_info into a notebook it opens: with another release on Binder,
    # every notebook would open as modified
    stored = {json.loads(nb.read_text())["metadata"]["language_info"]["version"]
              for nb in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    assert stored == {str(major(environment()["openjdk"]))}, (
        f"environment.yml's openjdk {environment()['openjdk']!r}, the notebooks store {sorted(stored)}")


def test_environment_pins_the_versions_of_requirements_txt():
    pins = requirements()
    assert pins.get("jupyterlab", "").startswith("4.") and pins.get("notebook", "").startswith("7."), pins
    conda = {normal(name): spec for name, spec in environment().items() if name not in BUILD_TOOLS}
    expected = {name: f"={version}" for name, version in pins.items() if name not in NOT_ON_BINDER}
    assert conda == expected, (f"environment.yml and requirements.txt disagree: only in environment.yml "
                               f"{sorted(set(conda.items()) - set(expected.items()))}, only in requirements.txt "
                               f"{sorted(set(expected.items()) - set(conda.items()))}")


def test_the_readme_says_how_to_open_the_first_notebook_on_binder_in_jupyterlab():
    """A Binder address needs the repository's own, which the README cannot know: it shows
    the address to fill in (not a link that cannot work), opening JupyterLab at a notebook."""
    text = (ROOT / "README.md").read_text()
    links = re.findall(r"\]\((https?://[^)\s]+)", text) + re.findall(r"<(https?://[^>\s]+)>", text)
    assert not [link for link in links if "mybinder.org/v2/" in link], \
        "README.md links to a Binder address; it cannot know the repository's own"
    templates = re.findall(r"`https://mybinder\.org/v2/gh/<owner>/<repository>/HEAD\?urlpath=lab/tree/([^`&#]+)`", text)
    assert templates, "README.md does not say which Binder address opens the course"
    for path in templates:
        assert (ROOT / path).is_file(), f"the Binder address opens {path}, which does not exist"


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
