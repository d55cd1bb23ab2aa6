"""`make lab`, the README's first command: it serves the course in JupyterLab 4 (UI=notebook:
Notebook 7) with the ptlab-java kernel, from build/venv, and installs nothing the second time.

The test runs `make lab` as a reader would (with `--no-browser` and a free port), waits for the
address Jupyter prints, asks the server for its kernelspecs, for notebook 00 and for the UI's page,
then stops it with Ctrl-C (SIGINT to the process group, as a terminal does) and checks nothing it
started is left. As root (containers, CI) Jupyter refuses to start unless told it may: `make lab`
must say so. `make test` has set everything up before, so this `make lab` is a second one.
"""
import importlib
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import time
import urllib.request

import psutil
import pytest

from ports import free_port

ROOT = pathlib.Path(__file__).resolve().parent.parent
VENV = ROOT / "build" / "venv"
# The page that each UI serves, and the application name and major version in its page config.
UIS = {"lab": ("lab", "JupyterLab", "4."), "notebook": ("tree", "Jupyter Notebook", "7.")}
URL = re.compile(r"(http://127\.0\.0\.1:\d+/\S*token=(\w+))")
START_TIMEOUT = 120  # seconds: `make lab` may first build the jars; it prints the address once serving


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)


def installed_state():
    """What `make` installed into the environment: the stamp's time and the installed packages."""
    stamp = VENV / "installed"
    site = pathlib.Path(next(VENV.glob("lib/python3*/site-packages")))
    return stamp.stat().st_mtime_ns, sorted(p.name for p in site.iterdir())


def test_the_tests_run_on_build_venvs_python_and_its_jupyter():
    """No Jupyter of the system's Python: every package of requirements.txt is build/venv's. The
    one exception is jupyter_kernel_test, which pip has no package for here: Debian's, linked in."""
    assert pathlib.Path(sys.prefix).resolve() == VENV.resolve(), f"the tests run on {sys.executable}"
    for module in ["jupyterlab", "notebook", "nbclient", "nbconvert", "nbformat", "jupyter_client",
                   "jupyter_server", "psutil", "pytest", "yaml", "playwright"]:
        path = pathlib.Path(importlib.import_module(module).__file__)
        assert path.is_relative_to(VENV), f"{module} comes from {path}"
    paths = subprocess.run([str(VENV / "bin" / "jupyter"), "--paths"], stdout=subprocess.PIPE, text=True).stdout
    print(f"\nsys.executable: {sys.executable}\njupyter --paths:\n{paths}")
    data = paths.split("data:")[1].split("runtime:")[0].split()
    assert data.index(str(VENV / "share" / "jupyter")) < min(
        [data.index(p) for p in data if p.startswith("/usr/")] or [len(data)]), "the system's Jupyter data comes first"


@pytest.mark.parametrize("ui", UIS)
def test_make_lab_serves_the_course_with_the_ptlab_kernel_and_stops_on_ctrl_c(tmp_path, ui):
    before = installed_state()
    port = free_port()
    log = tmp_path / "lab.log"
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_DATA_DIR=str(tmp_path / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    with open(log, "w") as out:
        make = subprocess.Popen(["make", "-s", "lab", f"UI={ui}", f"LAB_ARGS=--no-browser --ip=127.0.0.1 --port={port} "
                                 "--port-retries=0"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    group = [make]
    try:
        deadline = time.monotonic() + START_TIMEOUT
        found = None
        while found is None and time.monotonic() < deadline and make.poll() is None:
            found = URL.search(log.read_text(errors="replace"))
            time.sleep(0.2)
        assert found, f"`make lab` printed no address (exit {make.poll()}):\n{log.read_text()[-2000:]}"
        group = [make] + psutil.Process(make.pid).children(recursive=True)
        base, token = f"http://127.0.0.1:{port}", found.group(2)

        specs = get_json(f"{base}/api/kernelspecs?token={token}")
        assert "ptlab-java" in specs["kernelspecs"], specs["kernelspecs"].keys()
        assert specs["kernelspecs"]["ptlab-java"]["spec"]["language"] == "java"
        nb = get_json(f"{base}/api/contents/00-start-here.ipynb?token={token}")
        assert nb["type"] == "notebook" and nb["content"]["metadata"]["kernelspec"]["name"] == "ptlab-java"
        page, app, version = UIS[ui]
        with urllib.request.urlopen(f"{base}/{page}?token={token}", timeout=10) as r:
            config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', r.read().decode(), re.S).group(1))
        assert config["appName"] == app and config["appVersion"].startswith(version), (config["appName"], config["appVersion"])
        assert "00-start-here.ipynb" in log.read_text(), "`make lab` did not open notebook 00"
    finally:
        for _ in range(2):  # Jupyter Notebook asks "Shutdown this notebook server (y/[n])?" on the first Ctrl-C
            try:
                os.killpg(make.pid, signal.SIGINT)
            except ProcessLookupError:
                break
            time.sleep(0.5)
        try:
            make.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait()
            raise AssertionError("`make lab` did not stop on Ctrl-C within 20 s")
        _, alive = psutil.wait_procs(group, timeout=5)
        for p in alive:
            p.kill()
        assert not alive, f"left running after `make lab` stopped: {[p.pid for p in alive]}"
    assert installed_state() == before, "`make lab` installed something the second time"
    assert "Installing" not in log.read_text()
