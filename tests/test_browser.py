"""The course in JupyterLab 4, in Debian's chromium (headless), as a student and a lecturer use it.

One Jupyter server (build/venv's JupyterLab) serves a scratch copy of notebooks/ and one page
at a time is open, so one kernel runs at a time. In order:

- every notebook opens unmodified, then Run All runs it (1280 px wide, side bar closed) with no
  error output, every timeline drawn and fully visible, and no console error caused by the
  kernel (09 last, kept open for:)
- 09's timeline at 1024 px wide with the file browser open: it fits the cell, no label is cut;
- a scratch notebook for the lecture's moves: the stop button ends a long demo of 09 and leaves
  no child process, then `1 + 1` answers; `Runner.` + Tab; Shift+Tab on `Runner.threads`;
  `System.exit(3)` and the next cell; Kernel > Restart Kernel;
- one smoke run of 09 in Notebook 7 (the same server).

The timelines' widths are printed next to their checks (`pytest -s`, or the log of a failure); how
long Run All, the stop or the restart took is neither printed nor checked (it says how busy the
machine was, not whether the course works). Screenshots go to build/screenshots/. The test fails if anything the server started
outlives its shutdown.
"""
import os
import pathlib
import re
import shutil

import nbformat
import psutil
import pytest

import proctree
from playwright.sync_api import sync_playwright

from browser_support import CHROMIUM_FLAGS, JupyterServer, Notebook

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / os.environ.get("BUILD", "build") / "screenshots"
NOTEBOOKS = ROOT / "notebooks"
NB09 = "09-simple-demonstration.ipynb"
# 09 last: its page stays open for the projector test that follows.
COURSE = sorted((p.name for p in NOTEBOOKS.glob("[0-9]*.ipynb")), key=lambda n: (n == NB09, n))

# JupyterLab's debugger extension asks the kernel's debug session for its state after every cell;
# the ptlab-java kernelspec says it has no debugger (metadata.debugger false), so there is no
# session and JupyterLab's own promise rejects with this message. It is the page's, not the
# kernel's: the kernel is never asked anything, so it is filtered by name and nothing else is.
UI_OWN_ERRORS = re.compile(r"No active debugger session")

# A scratch notebook with the lecture's moves, one cell each (by index below).
LONG_DEMO = ('import ptlab.*;\nimport ptlab.task.*;\nSystem.out.println("long demo: three child JVMs for 20 s");\n'
             'Report longRun = Runner.processes().run(List.of(Task.io("A", 20), Task.io("B", 20), Task.io("C", 20)));')
LECTURE = [LONG_DEMO, "1 + 1", "import ptlab.*;", "Runner.", "Runner.threads", "Thread.sleep",
           "System.exit(3);", 'System.out.println("after the exit: " + (6 * 7));']
LONG, ONE_PLUS_ONE, IMPORT, COMPLETE, HELP, JDK_HELP, EXIT, AFTER_EXIT = range(len(LECTURE))


class Lab:
    """The shared server and browser; kept holds a page left open for the next test."""

    def __init__(self, server, context):
        self.server, self.context, self.kept = server, context, {}

    def open(self, name, ui="lab", **size):
        return Notebook(self.context, self.server, name, ui, **size)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.access(chromium, os.X_OK):
        pytest.fail("chromium is not installed; `make test` installs Debian's")
    work = tmp_path_factory.mktemp("browser")
    root = work / "root"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    scratch = nbformat.v4.new_notebook(metadata=nbformat.read(NOTEBOOKS / NB09, as_version=4).metadata)
    scratch.cells = [nbformat.v4.new_code_cell(source) for source in LECTURE]
    nbformat.write(scratch, root / "lecture.ipynb")

    server = JupyterServer(root, work)
    leftovers = None
    try:
        server.start()
        with sync_playwright() as p:
            # the browser's own files (profile, certificates) stay in the scratch folder, not in $HOME
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS,
                                        env=dict(os.environ, HOME=str(work / "browser-home")))
            context = browser.new_context()
            try:
                yield Lab(server, context)
            finally:
                context.close()
                browser.close()
    finally:
        leftovers = server.stop()
    assert leftovers == [], f"still running after the server's shutdown: {leftovers}"


def code_cells(name):
    return [c for c in nbformat.read(NOTEBOOKS / name, as_version=4).cells if c.cell_type == "code"]


def kernel_errors(nb):
    return [e for e in nb.console_errors if not UI_OWN_ERRORS.search(e)]


# ---------------------------------------------------------------- every notebook

@pytest.mark.parametrize("name", COURSE)
def test_run_all_in_jupyterlab(lab, name):
    nb = lab.open(name)
    keep = False
    try:
        nb.wait_for_kernel()
        nb.page.wait_for_timeout(2000)  # JupyterLab writes language_info in about 1 s after the kernel is idle
        assert not nb.modified(), f"{name} is marked modified on opening: its stored metadata differs from the kernel's"
        nb.file_browser(show=False)  # the notebook as wide as the window allows

        nb.run_all()
        code = code_cells(name)
        assert nb.count() == len(code)
        for index, source in enumerate(code):
            shown = nb.read(index)
            if "raises-exception" in source.metadata.get("tags", []):
                assert shown["errors"], f"code cell {index} is tagged raises-exception and shows no error"
            else:
                assert not shown["errors"], f"code cell {index} shows an error: {shown['errors']}"
            if "Timeline." in source.source:
                boxes = timeline_boxes(nb, index)
                assert boxes, f"code cell {index} draws a timeline, and none is in the page"
                for box in boxes:
                    assert box["width"] > 0 and box["height"] > 0 and box["rects"] > 0, f"code cell {index}: {box}"
                    assert not box["cut"], f"code cell {index}: the timeline is not fully visible: {box}"
        assert not kernel_errors(nb), f"console errors: {kernel_errors(nb)}"
        if name == NB09:
            nb.screenshot(SCREENSHOTS / "lab-09-run-all.png", full=True)
            lab.kept[NB09] = nb
            keep = True
    finally:
        if not keep:
            nb.close()


def test_the_timeline_fits_a_projector_1024_px_wide_with_the_file_browser_open(lab):
    """At 1024 px wide with the file browser open, 09's timelines fit the cell's width, no label is
    cut, and their text would be at least ~12 px high were the picture 800 px wide.

    Drawn to a fixed width (the <svg>'s width attribute a number of pixels), the timeline is cut off
    here; drawn to the cell's width with its viewBox, it scales. While the SVG has a fixed width,
    this test measures, prints and is reported as an expected failure (xfail), waiting for the
    renderer's change; once the width is not fixed, every assertion below applies.
    """
    nb = lab.kept.pop(NB09, None)
    if nb is None:
        nb = lab.open(NB09)
        nb.wait_for_kernel()
        nb.run_all()
    try:
        nb.page.set_viewport_size({"width": 1024, "height": 768})
        nb.file_browser(show=True)
        timelines = [i for i, c in enumerate(code_cells(NB09)) if "Timeline." in c.source]
        boxes = [box for i in timelines for box in timeline_boxes(nb, i)]
        nb.cell(timelines[0]).scroll_into_view_if_needed()
        nb.screenshot(SCREENSHOTS / "lab-09-timeline-1024.png")
        for box in boxes:
            print(f"\ntimeline at 1024 px: drawn {box['width']} px wide in an output {box['room']} px wide; "
                  f"width attribute {box['fixedWidth']!r}, viewBox {box['viewBox']!r}; smallest text {box['smallestText']} px here, "
                  f"{box['textAt800']} px were it 800 px wide; cut: {box['cut']}")
        assert boxes, "09 shows no timeline"
        if any(re.fullmatch(r"[\d.]+(px)?", box["fixedWidth"]) for box in boxes):
            pytest.xfail("the timeline's SVG has a fixed width until the renderer's viewBox change: "
                         f"{[(b['width'], b['room'], b['cut']) for b in boxes]}")
        for box in boxes:
            assert box["width"] <= box["room"] + 1, f"wider than the cell: {box}"
            assert not box["cut"], f"cut off: {box}"
            assert box["textAt800"] >= 11.5, f"text under ~12 px at 800 px wide: {box}"
    finally:
        nb.close()


def timeline_boxes(nb, index):
    """Each SVG picture in a code cell, measured in the page: its drawn size, the output area's
    width, its viewBox, whether any of it (a label) lies outside what the output area shows, and
    its smallest text's height, as drawn and as it would be at 800 px wide."""
    cell = nb.cell(index)
    cell.scroll_into_view_if_needed()
    return cell.evaluate("""cell => [...cell.querySelectorAll('.jp-OutputArea-output svg')]
        .filter(svg => !svg.parentElement.closest('svg'))
        .map(svg => {
            const output = svg.closest('.jp-OutputArea-output');
            const shown = output.getBoundingClientRect();
            const box = svg.getBoundingClientRect();
            const outside = r => r.left < shown.left - 1 || r.right > shown.right + 1;
            const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
            const heights = texts.map(t => parseFloat(getComputedStyle(t).fontSize) * box.width / (svg.viewBox.baseVal?.width || box.width));
            const smallest = heights.length ? Math.min(...heights) : 0;
            return {
                width: Math.round(box.width), height: Math.round(box.height), room: Math.round(shown.width),
                rects: svg.querySelectorAll('rect').length,
                viewBox: svg.getAttribute('viewBox') ?? '',
                fixedWidth: svg.getAttribute('width') ?? '',
                cut: outside(box) || output.scrollWidth > output.clientWidth + 1
                     || texts.some(t => outside(t.getBoundingClientRect())),
                smallestText: Math.round(smallest * 10) / 10,
                textAt800: Math.round(smallest * 800 / box.width * 10) / 10,
            };
        })""")


# ---------------------------------------------------------------- the lecture's moves

@pytest.fixture(scope="module")
def lecture(lab):
    nb = lab.open("lecture.ipynb")
    nb.wait_for_kernel()
    yield nb
    nb.close()


def test_the_stop_button_ends_a_long_demo_of_09_and_the_next_cell_answers(lab, lecture):
    nb = lecture
    nb.select(LONG)
    nb.page.keyboard.press("Control+Enter")
    children = []

    def demo_running():
        children[:] = [p for p in lab.server.kernel_processes() if below_a_cell_jvm(p)]
        return len(children) >= 3
    nb.wait_until(demo_running, 60, "the long demo's three child JVMs")
    nb.screenshot(SCREENSHOTS / "lab-stop-1-running.png")
    nb.interrupt_button().click()
    # a hang guard, not a speed claim; had the stop been ignored, the demo would end on its own (20 s tasks),
    # without the Interrupted error checked below
    nb.wait_until(lambda: nb.idle() and re.fullmatch(r"\d+", nb.prompts()[LONG]), 60, "the stopped cell to end")
    shown = nb.read(LONG)
    left = proctree.still_alive(children, grace=1.0)
    assert left == [], f"child JVMs left after the stop: {[proctree.describe(p) for p in left]}"
    assert "long demo" in shown["text"]
    assert any(e.startswith("Interrupted") for e in shown["errors"]), f"the cell does not say it was stopped: {shown}"
    answer = nb.run(ONE_PLUS_ONE)
    assert answer["text"].strip() == "2", answer
    nb.screenshot(SCREENSHOTS / "lab-stop-2-after.png")


def below_a_cell_jvm(proc):
    try:
        return any(proctree.CELL_AGENT in " ".join(p.cmdline()) for p in proc.parents())
    except psutil.Error:
        return False


def test_tab_after_runner_dot_lists_its_members(lecture):
    nb = lecture
    nb.run(IMPORT)  # the stop may have reset the cell JVM's state
    nb.type_at_end(COMPLETE)
    nb.page.keyboard.press("Tab")
    items = nb.page.locator(".jp-Completer .jp-Completer-item")
    items.first.wait_for()
    names = items.evaluate_all("items => items.map(i => i.querySelector('.jp-Completer-match')?.textContent ?? i.textContent)")
    nb.screenshot(SCREENSHOTS / "lab-completion-runner.png")
    nb.page.keyboard.press("Escape")
    for member in ("threads", "processes", "sequential"):
        assert any(n.startswith(member) for n in names), f"{member} not among {names}"


def start_of_javadoc(java_class, member):
    """The start of a helper member's Javadoc, read from the helper's sources: its plain words up
    to the first inline tag, line break or period."""
    source = next((ROOT / "helpers" / "src" / "main" / "java").rglob(f"{java_class}.java")).read_text()
    comment = re.search(r"/\*\*((?:(?!\*/).)*)\*/\s*public static \S+ " + member + r"\(", source, re.S)
    assert comment, f"no Javadoc on {java_class}.{member} in the sources"
    start = re.split(r"\{@|\n|\.", comment.group(1).strip().lstrip("*").strip())[0].strip()
    assert len(start) > 20, f"too little plain text at the start of {java_class}.{member}'s Javadoc: {start!r}"
    return start


@pytest.mark.parametrize("cell, expected, picture", [
    (HELP, lambda: start_of_javadoc("Runner", "threads"), "lab-help-runner-threads.png"),
    (JDK_HELP, lambda: "Causes the currently executing thread to sleep", "lab-help-thread-sleep.png"),
])
def test_shift_tab_shows_the_javadoc(lecture, cell, expected, picture):
    nb = lecture
    nb.run(IMPORT)
    nb.type_at_end(cell)
    nb.page.keyboard.press("Shift+Tab")
    tooltip = nb.page.locator(".jp-Tooltip")
    tooltip.wait_for()
    text = " ".join(tooltip.inner_text().split())
    nb.screenshot(SCREENSHOTS / picture)
    nb.page.keyboard.press("Escape")
    assert expected() in text, f"tooltip: {text!r}"


def test_system_exit_is_reported_and_the_next_cell_runs(lecture):
    nb = lecture
    shown = nb.run(EXIT)
    assert any("exited with status 3" in e for e in shown["errors"]), shown
    assert "exited with status 3" in shown["text"], f"the page does not show the kernel's message: {shown}"
    assert "after the exit: 42" in nb.run(AFTER_EXIT)["text"]


def test_kernel_restart_comes_back(lecture):
    nb = lecture
    nb.menu("Kernel", "kernelmenu:restart")
    nb.page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept").click()
    nb.page.wait_for_timeout(100)
    nb.wait_until(nb.idle, 60, "the restarted kernel to be idle")
    answer = nb.run(ONE_PLUS_ONE)
    assert answer["text"].strip() == "2", answer
    assert not kernel_errors(nb), f"console errors: {kernel_errors(nb)}"


# ---------------------------------------------------------------- Notebook 7

def test_notebook_7_runs_09(lab):
    nb = lab.open(NB09, ui="notebook")
    try:
        nb.wait_for_kernel()
        # Notebook 7 logs two errors of its own while its page starts, before the kernel runs
        # anything ("Command 'filebrowser:open-path' not registered", "Cannot read properties of
        # undefined (reading 'schema')"): the errors counted here are those from Run All on.
        nb.console_errors.clear()
        nb.run_all()
        code = code_cells(NB09)
        for index, source in enumerate(code):
            shown = nb.read(index)
            assert not shown["errors"], f"code cell {index}: {shown}"
            if "Timeline." in source.source:
                assert sum(o["svgs"] for o in shown["outputs"]) > 0, f"code cell {index} shows no timeline"
        nb.screenshot(SCREENSHOTS / "notebook7-09-run-all.png", full=True)
        assert not kernel_errors(nb), f"console errors: {kernel_errors(nb)}"
    finally:
        nb.close()
