"""Shared set-up for the Python tests: the tools on sys.path, one execution per notebook."""
import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))

import run_notebooks  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"


def pytest_configure(config):
    spec = pathlib.Path(os.environ.get("JUPYTER_PATH", "")) / "kernels" / "ptlab-java" / "kernel.json"
    if not spec.is_file():
        raise pytest.UsageError(
            "the ptlab-java kernelspec is not installed under JUPYTER_PATH; run the tests with `make test`")


@pytest.fixture(scope="session")
def executed():
    """executed(name) runs notebooks/<name>.ipynb once per test session and returns its Result."""
    cache = {}

    def run(name):
        if name not in cache:
            cache[name] = run_notebooks.execute(NOTEBOOKS / f"{name}.ipynb")
        return cache[name]

    return run
