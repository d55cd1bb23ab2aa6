"""`make lab`, the README's first command: it serves the course with the ptlab-java kernel.

The test runs `make lab` as a reader would (with `--no-browser` and a free port), waits for the
address Jupyter prints, asks the server for its kernelspecs and for notebook 00, then stops it
with Ctrl-C (SIGINT to the process group, as a terminal does) and checks nothing it started is
left. As root (containers, CI) Jupyter refuses to start unless told it may: `make lab` must say so.
"""
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import time
import urllib.request

import psutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
URL = re.compile(r"(http://127\.0\.0\.1:\d+/\S*token=(\w+))")
START_TIMEOUT = 120  # seconds: `make lab` may first build the jars; it prints the address once serving


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)


def test_make_lab_serves_the_course_with_the_ptlab_kernel_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    log = tmp_path / "lab.log"
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_DATA_DIR=str(tmp_path / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    with open(log, "w") as out:
        make = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS=--no-browser --ip=127.0.0.1 --port={port} "
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
