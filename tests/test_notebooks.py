"""The notebooks (issue 11): committed without outputs, and run top to bottom.

Each notebook runs in a fresh kernel of this very interpreter (``sys.executable``, so the
venv's vbparser): the test writes a kernel spec to a temporary Jupyter data folder and
puts it first on ``JUPYTER_PATH``, so no kernel needs to be installed on the machine.
The kernel starts in notebooks/, as in Jupyter.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

# jupyter_core warns on import unless told which directory layout to use.
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
KERNEL = "vbparser-test"
CELL_TIMEOUT = 120  # seconds for one cell
BUDGET = 60  # seconds for a whole notebook (each takes about 5–10 s)


def test_the_three_notebooks_are_there() -> None:
    assert [p.name for p in PATHS] == ["01_parse_one_plan.ipynb", "02_corpus_dataframes.ipynb",
                                       "03_hierarchy_checks.ipynb"]
    assert (NOTEBOOKS / "README.md").is_file()


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{path.name}: strip the outputs before committing")


@pytest.fixture(scope="module")
def kernel_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Jupyter data folder holding a kernel spec for this interpreter."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "vbparser (tests)", "language": "python"}), encoding="utf-8")
    return root


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # jupyter_client / zmq plumbing
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path: Path, kernel_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_PATH", os.pathsep.join(
        [str(kernel_path), os.environ.get("JUPYTER_PATH", "")]).rstrip(os.pathsep))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=KERNEL, timeout=CELL_TIMEOUT,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError, with the cell and traceback, on an error
    seconds = time.perf_counter() - start
    assert seconds < BUDGET, f"{path.name} took {seconds:.0f} s"
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []
    shown = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
             if o.output_type in ("display_data", "execute_result")]
    assert shown, "the notebook showed nothing"
    if path.stem != "01_parse_one_plan":  # the pictures are shown as images
        assert any("image/png" in o.get("data", {}) for o in shown)
