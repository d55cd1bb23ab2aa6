"""Every notebook: stored clean, executes through the real kernel, leaves nothing running."""
import pathlib

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
NAMES = [p.stem for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_stored_without_outputs_for_the_ptlab_kernel(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata.kernelspec.name == "ptlab-java"
    assert nb.metadata.kernelspec.language == "java"
    for c in nb.cells:
        if c.cell_type == "code":
            assert c.outputs == [], f"cell {c.get('id')} has stored outputs"
            assert c.execution_count is None, f"cell {c.get('id')} has an execution count"


@pytest.mark.parametrize("name", NAMES)
def test_executes_cleanly_and_leaves_nothing_running(executed, name):
    result = executed(name)
    assert result.error is None, result.summary()
    assert result.leftovers == [], result.summary()
