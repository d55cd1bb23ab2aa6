"""Bad cells a hostile student would run, one after another in one kernel: nothing may leave it silently dead.

Each probe sends one kind of bad cell (or bad request) through a real Jupyter client and asserts: a reply
came in time; the student saw a message saying what happened (matched on its gist, not its wording); the
next cell runs and sees a variable defined before the bad cell; nothing is left running (no process below
the cell JVM, no process of this build outside the kernel's tree); the kernel JVM's memory stays bounded.

The probes share one kernel (the *walk*), started under a parent process of our own that sets
JPY_PARENT_PID as the Jupyter server does, and run in file order. A probe that leaves the kernel unable to
answer fails, and the next probe gets a fresh kernel, so that one failure does not turn every later probe
into a timeout; `test_the_walk_ran_in_one_kernel` then fails too. The last test kills the kernel and its
parent and asserts that no process of the tree survives. The kernel's own death (SIGKILL while busy, the
parent going away) and the cell JVM's start-up listener are probed on kernels of their own.

The caps and time bounds the kernel must meet are the constants below, in one place: the kernel's own
constants must agree with them.
"""
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
from queue import Empty

import psutil
import pytest
from jupyter_client.manager import KernelManager

from kernel_support import HANG_GUARD, Kernel, kill_all
from proctree import CELL_AGENT, alive, living_descendants, living_tree, wait_until

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")

# ------------------------------------------------------------------ caps and bounds (one place)

MB = 1024 * 1024
OUTPUT_CAP_MB = 5          # all output of one cell together (stdout, stderr, late output); past it one note
OUTPUT_SLACK_MB = 0.5      # room for the truncation note and the message framing around the cap
DISPLAY_CAP_MB = 10        # one display's JSON; a bigger one is refused with a message
KERNEL_RSS_CAP_MB = 640    # the kernel JVM's resident memory: its -Xmx256m heap plus javac's metaspace and code
# Hang guards, not speed claims (only a hang exceeds them; bench/ measures speeds): after the kernel JVM is
# SIGKILLed, or its parent dies, the tree below it is gone; a SIGSTOPped cell JVM's interrupt is answered; any
# bad cell is answered (a deaf kernel fails the probe after this), and so is the trivial cell after it, also
# while javac still works on a compile the interrupt abandoned.
TREE_GONE_S = PARENT_GONE_S = STOPPED_JVM_S = REPLY_S = NEXT_S = HANG_GUARD
ERROR_TEXT_MAX = 4000      # characters of a compile error's traceback, however long the line it points into
LOAD_FILE_MB = 300         # the %load file of the issue (sparse: costs no disk)
FLOOD_SECONDS = 3          # how long a background thread floods while its cell sleeps

# Cells that show what the student sees.
SEEN_RE = {
    "nested": r"(?i)(too )?deep(ly)? nested|too complex|nesting",
    "load too big": r"(?is)%load\b.*\bMB\b.*\b(limit|cap|too (big|large))\b",
    "display too big": r"(?is)display\b.*\bMB\b.*\b(limit|cap|too (big|large))\b",
    "constant string": r"(?i)constant string too long",
    "truncated": r"(?i)output (was )?(truncated|cut)|not shown",
    "replaced": r"(?i)(did not|does not|not) (respond|answer)|stopped|suspended|replaced|reset",
}


# ------------------------------------------------------------------ the kernel under a parent of our own

# The kernel's parent, as the Jupyter server is: sets JPY_PARENT_PID to itself, starts the kernel, waits.
PARENT = ("import os, subprocess, sys\n"
          "os.environ['JPY_PARENT_PID'] = str(os.getpid())\n"
          "sys.exit(subprocess.Popen(sys.argv[1:]).wait())\n")


class ParentedManager(KernelManager):
    """Starts the kernel below a small Python parent (PARENT) instead of directly below this process."""

    def format_kernel_cmd(self, extra_arguments=None):
        return [sys.executable, "-c", PARENT] + super().format_kernel_cmd(extra_arguments)


class ParentedKernel(Kernel):
    """A kernel whose parent is PARENT; `pid` is the kernel JVM's, `parent` the parent's process."""

    _pid = None

    def __init__(self, cwd=None):
        super().__init__(cwd=cwd, manager=ParentedManager)
        self._pid = self.pid

    @property
    def parent(self):
        return psutil.Process(self.km.provisioner.process.pid)

    @property
    def pid(self):
        if self._pid is None:
            kids = wait_until(lambda: self.parent.children(), 10)
            if len(kids) != 1:
                raise RuntimeError(f"the kernel's parent has children {kids}")
            self._pid = kids[0].pid
        return self._pid

    def tree(self):
        """The parent, the kernel and everything below it that is still there."""
        try:
            return [self.parent] + self.parent.children(recursive=True)
        except (psutil.NoSuchProcess, AttributeError):
            return []

    def close(self):
        tree = self.tree()
        super().close()
        kill_all(tree)


def our_processes():
    """Every live process of this checkout's build (kernels, cell JVMs, helper child JVMs)."""
    found = []
    for p in psutil.process_iter(["cmdline"]):
        try:
            if BUILD in " ".join(p.info["cmdline"] or []) and alive(p):
                found.append(p)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


class Walk:
    """The kernel the probes share; replaced (and the replacement recorded) when a probe leaves it deaf."""

    def __init__(self, folder):
        self.folder = folder
        self.replaced = []  # names of the probes after which the kernel had to be replaced
        self.kernel = ParentedKernel(cwd=folder)
        self.started = time.time()

    def answers(self):
        try:
            return self.kernel.execute("6 * 7", timeout=NEXT_S).value == "42"
        except (Empty, RuntimeError, psutil.Error):
            return False

    def replace(self, after):
        self.replaced.append(after)
        kill_all(self.kernel.tree())  # it does not answer: no polite shutdown
        self.kernel.close()
        self.kernel = ParentedKernel(cwd=self.folder)


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    w = Walk(str(tmp_path_factory.mktemp("notebook")))
    yield w
    w.kernel.close()


@pytest.fixture
def kernel(walk, request):
    """The walk's kernel; if the probe leaves it unable to answer, the next probe gets a fresh one."""
    yield walk.kernel
    if not walk.answers():
        walk.replace(request.node.name)


# ------------------------------------------------------------------ what every probe asserts

_names = iter(range(1, 1_000_000))


def remember(kernel):
    """Defines a fresh variable holding 41 and returns its name, for `assert_session_works`."""
    name = f"kept{next(_names)}"
    r = kernel.execute(f"int {name} = 41;", timeout=NEXT_S)
    assert r.status == "ok", r.error
    return name


def seen(result):
    """Everything the student sees of a cell as one text: streams, error, and text/plain of displays."""
    parts = []
    for m in result.messages:
        c = m["content"]
        if m["msg_type"] == "stream":
            parts.append(c["text"])
        elif m["msg_type"] == "error":
            parts += [c["ename"], c["evalue"]] + c["traceback"]
        elif m["msg_type"] in ("display_data", "update_display_data", "execute_result"):
            parts.append(str(c["data"].get("text/plain", "")))
    return "\n".join(parts)


def visible_chars(result):
    """How much the notebook received for the cell: stream text and display payloads, in characters."""
    n = 0
    for m in result.messages:
        c = m["content"]
        if m["msg_type"] == "stream":
            n += len(c["text"])
        elif m["msg_type"] in ("display_data", "update_display_data"):
            n += sum(len(str(v)) for v in c["data"].values())
    return n


def run(kernel, code, timeout=REPLY_S, **kw):
    """kernel.execute, failing the test (not hanging it) when no reply comes."""
    try:
        return kernel.execute(code, timeout=timeout, **kw)
    except Empty:
        pytest.fail(f"no reply within {timeout} s: the kernel is alive but deaf (cell: {code[:80]!r}...)")


def assert_session_works(kernel, name):
    """The next cell runs, sees the variable `remember` defined, and prints."""
    r = run(kernel, f'System.out.println("next");\n{name} + 1', timeout=NEXT_S)
    assert r.status == "ok", f"the next cell failed: {r.error}"
    assert r.stream() == "next\n", f"the next cell's output is missing: {seen(r)[:300]!r}"
    assert r.value == "42", f"the variable {name} defined before the bad cell is gone"


def assert_nothing_left(kernel, walk=None):
    """No process below the cell JVM; no process of this build outside the kernel's tree; memory bounded."""
    jvm = kernel.cell_jvm()
    assert jvm is not None, "no cell JVM below the kernel"
    assert wait_until(lambda: not living_descendants(jvm.pid), 5.0), \
        f"left below the cell JVM: {living_descendants(jvm.pid)}"
    if walk is not None:
        tree = {kernel.pid, jvm.pid, walk.kernel.parent.pid}
        strays = lambda: [p for p in our_processes() if p.pid not in tree and p.create_time() >= walk.started]
        assert wait_until(lambda: not strays(), 5.0), f"left running outside the kernel's tree: {strays()}"
    rss = psutil.Process(kernel.pid).memory_info().rss / MB
    assert rss < KERNEL_RSS_CAP_MB, f"the kernel JVM holds {rss:.0f} MB resident (cap {KERNEL_RSS_CAP_MB} MB)"


def big_display_cell(json_mb):
    """Java that prints one display frame (as ptlab.display does) of an SVG whose JSON is `json_mb` MB."""
    return (r'''String svg = "<svg xmlns='http://www.w3.org/2000/svg'>" + "x".repeat(%d) + "</svg>";
String json = "{\"data\": {\"text/plain\": \"a big picture\", \"image/svg+xml\": \"" + svg + "\"}, \"metadata\": {}}";
System.out.print("\u001B]ptlab;display;" + Base64.getEncoder().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\u0007\n");
svg = null; json = null;''' % int(json_mb * MB))


def assert_display_refused(r, kernel):
    text = seen(r)
    assert re.search(SEEN_RE["display too big"], text), f"no message about the display's size: {text[:300]!r}"
    assert "\x1b]ptlab" not in r.stream(), "the frame leaked into the notebook as text"
    assert visible_chars(r) < (OUTPUT_CAP_MB + OUTPUT_SLACK_MB) * MB, f"{visible_chars(r) / MB:.1f} MB reached the notebook"
    assert "exited with status" not in text, f"the cell JVM is blamed falsely: {text[:300]!r}"


# ------------------------------------------------------------------ 1. an Error on the kernel's request thread

def test_01_an_expression_too_deep_for_javac_is_an_error_and_the_kernel_goes_on(kernel, walk):
    name = remember(kernel)
    r = run(kernel, "int y = " + "+".join(["1"] * 3000) + ";")
    assert r.status == "error"
    assert re.search(SEEN_RE["nested"], seen(r)), f"the message does not name the cause: {seen(r)[:300]!r}"
    assert_session_works(kernel, name)
    assert_nothing_left(kernel, walk)


def test_01_load_of_a_300_mb_file_is_refused_naming_size_and_limit(kernel, walk, tmp_path):
    big = tmp_path / "big.jsh"
    with open(big, "wb") as f:
        f.truncate(LOAD_FILE_MB * MB)  # sparse
    name = remember(kernel)
    r = run(kernel, f"%load {big}")
    assert r.status == "error"
    assert re.search(SEEN_RE["load too big"], seen(r)), f"the message does not name size and limit: {seen(r)[:300]!r}"
    assert_session_works(kernel, name)
    assert_nothing_left(kernel, walk)


def test_01_a_display_frame_of_33_mb_is_refused_with_a_message(kernel, walk):
    name = remember(kernel)
    r = run(kernel, big_display_cell(25))  # 25 MB of JSON: 33 MB of Base64
    assert_display_refused(r, kernel)
    assert_session_works(kernel, name)
    assert_nothing_left(kernel, walk)


# ------------------------------------------------------------------ 2. a string constant javac refuses

def test_02_a_70000_character_string_literal_gives_javacs_message_and_the_session_goes_on(kernel, walk):
    name = remember(kernel)
    r = run(kernel, 'String s = "' + "x" * 70_000 + '";')
    assert r.status == "error"
    assert re.search(SEEN_RE["constant string"], seen(r)), f"not javac's message: {seen(r)[:300]!r}"
    assert_session_works(kernel, name)
    assert_nothing_left(kernel, walk)


# ------------------------------------------------------------------ 3. interrupting a loop that prints fast

def test_03_interrupting_a_fast_printing_loop_keeps_variables_and_output(kernel, walk):
    name = remember(kernel)
    jvm = kernel.cell_jvm()
    r = run(kernel, "for (long i = 0; ; i++) System.out.println(i);", interrupt_after=1.0)
    assert r.error is not None and r.error["ename"] == "Interrupted", seen(r)[-300:]
    assert "reset" not in r.error["evalue"], r.error["evalue"]
    out = r.stream()
    assert out.startswith("0\n1\n2\n"), f"the output printed before the interrupt is lost: {out[:100]!r}"
    assert len(out) < (OUTPUT_CAP_MB + OUTPUT_SLACK_MB) * MB, f"{len(out) / MB:.1f} MB of output passed the cap"
    if len(out) > (OUTPUT_CAP_MB - OUTPUT_SLACK_MB) * MB:
        assert re.search(SEEN_RE["truncated"], seen(r)), "the output was cut without a note"
    assert kernel.cell_jvm().pid == jvm.pid, "the cell JVM was replaced"
    assert_session_works(kernel, name)
    assert_nothing_left(kernel, walk)


def test_03_a_stop_inside_println_leaves_nothing_for_the_next_cell(kernel, walk):
    # Lines longer than PrintStream's 8,192-character buffer: the stop almost always lands while a line is
    # half written, which left the buffer's text to come out with the next cell's first println.
    name = remember(kernel)
    for _ in range(3):
        r = run(kernel, 'String line = "x".repeat(200_000);\nfor (long i = 0; ; i++) System.out.println(line);',
                interrupt_after=0.7)
        assert r.error is not None and r.error["ename"] == "Interrupted", seen(r)[-300:]
        assert_session_works(kernel, name)
    assert_nothing_left(kernel, walk)


# ------------------------------------------------------------------ 4. a big display

def test_04_a_display_over_the_cap_is_refused_and_one_under_it_is_shown(kernel, walk):
    name = remember(kernel)
    jvm = kernel.cell_jvm()
    r = run(kernel, big_display_cell(18))
    assert_display_refused(r, kernel)
    assert re.search(r"\b1[89](\.\d+)? ?MB", seen(r)), f"the message does not say how big: {seen(r)[:300]!r}"
    assert kernel.cell_jvm().pid == jvm.pid, "the cell JVM was replaced"
    small = run(kernel, big_display_cell(DISPLAY_CAP_MB / 4))
    shown = small.of_type("display_data")
    assert small.status == "ok" and len(shown) == 1, seen(small)[:300]
    assert len(shown[0]["content"]["data"]["image/svg+xml"]) > DISPLAY_CAP_MB / 4 * MB - 1000
    assert_session_works(kernel, name)
    assert_nothing_left(kernel, walk)


# ------------------------------------------------------------------ 7. interrupting a blocking magic or a long compile

def test_07_a_load_of_a_fifo_never_blocks_the_kernel(kernel, walk, tmp_path):
    """%load of a FIFO would block in open() until a writer comes. Either the interrupt abandons it, or
    the magic refuses anything but a regular file at once; both answer in time and keep the session."""
    fifo = tmp_path / "fifo.jsh"
    os.mkfifo(fifo)
    name = remember(kernel)
    try:
        jvm = kernel.cell_jvm()
        r = run(kernel, f"%load {fifo}", interrupt_after=1.0)
        assert r.error is not None, seen(r)[:300]
        if r.error["ename"] == "Interrupted":
            assert "reset" not in r.error["evalue"], r.error["evalue"]
        else:
            assert re.search(r"not a regular file", r.error["evalue"]), r.error["evalue"]
            assert str(fifo) in r.error["evalue"], r.error["evalue"]
        assert kernel.cell_jvm().pid == jvm.pid, "the cell JVM was replaced"
        assert_session_works(kernel, name)
    finally:
        release(fifo)
    assert_nothing_left(kernel, walk)


def release(fifo):
    """Opens the FIFO for writing and closes it, so that a reader blocked in open() reads end of file."""
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass  # no reader left


def nested_calls(depth):
    """An expression javac's overload inference needs seconds for: List.of nested `depth` deep, two per level."""
    e = "1"
    for _ in range(depth):
        e = f"List.of({e}, {e})"
    return e


def test_07_interrupt_abandons_a_long_compile(kernel, walk):
    name = remember(kernel)
    jvm = kernel.cell_jvm()
    r = run(kernel, f"Object slow = {nested_calls(8)};", interrupt_after=1.0)
    assert r.error is not None and r.error["ename"] == "Interrupted", seen(r)[:300]
    assert "reset" not in r.error["evalue"], r.error["evalue"]
    assert kernel.cell_jvm().pid == jvm.pid, "the cell JVM was replaced"
    assert_session_works(kernel, name)
    assert_nothing_left(kernel, walk)


# ------------------------------------------------------------------ 8. a stopped cell JVM

def test_08_a_stopped_cell_jvm_is_replaced_after_a_bounded_wait(kernel, walk):
    jvm = kernel.cell_jvm()
    msg_id = kernel.kc.execute("Thread.sleep(100_000);")
    time.sleep(0.5)
    jvm.send_signal(signal.SIGSTOP)
    try:
        kernel.km.interrupt_kernel()
        try:
            reply = kernel.shell_reply(msg_id, timeout=STOPPED_JVM_S)
        except Empty:
            pytest.fail(f"no reply within {STOPPED_JVM_S} s of the interrupt: the kernel waits for a stopped JVM")
        r_messages = kernel.iopub_until_idle(msg_id, timeout=NEXT_S)
        assert reply["content"]["status"] == "error"
        text = "\n".join(m["content"].get("evalue", "") + m["content"].get("text", "") for m in r_messages)
        assert re.search(SEEN_RE["replaced"], text), f"the student is not told: {text[:300]!r}"
        assert wait_until(lambda: not alive(jvm), STOPPED_JVM_S), "the stopped cell JVM was left behind"
    finally:
        try:
            jvm.send_signal(signal.SIGCONT)
        except psutil.NoSuchProcess:
            pass
    name = remember(kernel)  # a stopped JVM cannot keep its variables: the fresh one must work
    assert_session_works(kernel, name)
    assert_nothing_left(kernel, walk)


# ------------------------------------------------------------------ 9. a value whose toString() fails

@pytest.mark.parametrize("body, ename", [
    ('throw new IllegalStateException("bad toString");', "IllegalStateException"),
    ('return "x".repeat(Integer.MAX_VALUE - 8);', "OutOfMemoryError"),
])
def test_09_a_failing_tostring_is_the_cells_error(kernel, walk, body, ename):
    name = remember(kernel)
    cls = f"Shown{next(_names)}"
    assert run(kernel, f"class {cls} {{ public String toString() {{ {body} }} }}").status == "ok"
    r = run(kernel, f"new {cls}()")
    assert r.status == "error", f"a failing toString() answers {r.status!r} with {seen(r)[:200]!r}"
    assert r.error["ename"] == ename, r.error
    assert_session_works(kernel, name)
    assert_nothing_left(kernel, walk)


# ------------------------------------------------------------------ 10. background output while a cell runs

def test_10_a_background_flood_is_cut_at_the_output_cap_with_a_note(kernel, walk):
    name = remember(kernel)
    code = ('Thread flood = new Thread(() -> { String line = "x".repeat(999);\n'
            '  while (!Thread.currentThread().isInterrupted()) System.out.println(line); });\n'
            f'flood.start();\nThread.sleep({FLOOD_SECONDS * 1000});\nflood.interrupt();\nflood.join();')
    r = run(kernel, code)
    assert r.status == "ok", r.error
    got = visible_chars(r)
    assert got < (OUTPUT_CAP_MB + OUTPUT_SLACK_MB) * MB, f"{got / MB:.1f} MB reached the notebook in {FLOOD_SECONDS} s"
    assert re.search(SEEN_RE["truncated"] + r".*\bMB\b", seen(r)[-2000:], re.S), "the output was cut without a note"
    assert_session_works(kernel, name)
    assert_nothing_left(kernel, walk)


# ------------------------------------------------------------------ 12. malformed requests

def raw_request(kernel, msg_type, content):
    """Sends a request with exactly this content; returns its reply (failing the test when none comes)."""
    msg = kernel.kc.session.msg(msg_type, content)
    kernel.kc.shell_channel.send(msg)
    try:
        return kernel.shell_reply(msg["header"]["msg_id"], timeout=NEXT_S)
    except Empty:
        pytest.fail(f"no reply to a {msg_type} with {content}")


@pytest.mark.parametrize("msg_type, content, field", [
    ("complete_request", {"code": "Str", "cursor_pos": 2 ** 40}, "cursor_pos"),
    ("complete_request", {"code": "Str", "cursor_pos": "end"}, "cursor_pos"),
    ("inspect_request", {"code": "String", "cursor_pos": 2 ** 40, "detail_level": 0}, "cursor_pos"),
    ("inspect_request", {"code": "String", "cursor_pos": "end", "detail_level": 0}, "cursor_pos"),
    ("execute_request", {"silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
                         "stop_on_error": True}, "code"),
])
def test_12_a_malformed_request_gets_an_error_reply_naming_the_field(kernel, walk, msg_type, content, field):
    name = remember(kernel)
    reply = raw_request(kernel, msg_type, content)["content"]
    assert reply["status"] == "error", reply
    said = f"{reply.get('ename', '')}: {reply.get('evalue', '')}"
    assert re.search(rf"\b{field}\b", said), f"the error does not name {field}: {said}"
    assert "NullPointerException" not in said, said
    assert_session_works(kernel, name)
    assert_nothing_left(kernel, walk)


# ------------------------------------------------------------------ 14. split characters, huge error lines

def test_14_a_character_split_across_two_writes_arrives_whole(kernel, walk):
    name = remember(kernel)
    r = run(kernel, "System.out.write(0xC3); System.out.flush(); Thread.sleep(200);\n"
                    "System.out.write(0xA9); System.out.write('\\n'); System.out.flush();\n"
                    "System.err.write(new byte[] {(byte) 0xE2, (byte) 0x82}); System.err.flush(); Thread.sleep(200);\n"
                    "System.err.write(new byte[] {(byte) 0xAC, '\\n'}); System.err.flush();")
    assert r.status == "ok", r.error
    assert r.stream("stdout") == "é\n"
    assert r.stream("stderr") == "€\n"
    assert_session_works(kernel, name)
    assert_nothing_left(kernel, walk)


def test_14_a_compile_error_on_a_5_mb_line_shows_a_short_snippet(kernel, walk):
    name = remember(kernel)
    r = run(kernel, "/*" + " " * (5 * MB) + '*/ int w = "not a number";')
    assert r.status == "error" and r.error["ename"] == "CompileError", seen(r)[:300]
    assert "incompatible types" in r.error["evalue"]
    shown = "\n".join(r.error["traceback"])
    assert len(shown) < ERROR_TEXT_MAX, f"the error is {len(shown):,} characters long"
    assert '"not a number"' in shown, "the snippet around the error is missing"
    assert_session_works(kernel, name)
    assert_nothing_left(kernel, walk)


# ------------------------------------------------------------------ 15. the cell JVM's start-up listener

def agent_address(jvm):
    """Where a starting cell JVM connects to: ('tcp', port) or ('unix', path) from its command line."""
    arg = jvm.cmdline()[-1]
    return ("tcp", int(arg)) if arg.isdigit() else ("unix", arg)


def test_15_a_stranger_cannot_take_the_cell_jvms_connection(kernel, walk):
    old = kernel.cell_jvm()
    msg_id = kernel.kc.execute("System.exit(0);")  # the kernel starts a fresh cell JVM right away
    fresh = wait_until(lambda: next((p for p in psutil.Process(kernel.pid).children()
                                     if p.pid != old.pid and CELL_AGENT in " ".join(p.cmdline())), None), 10, step=0.002)
    assert fresh is not None, "no fresh cell JVM started"
    kind, where = agent_address(fresh)
    if kind == "unix":
        folder = os.path.dirname(where)
        mode = stat.S_IMODE(os.stat(folder).st_mode)
        assert mode & 0o077 == 0, f"the socket's folder {folder} is open to others ({oct(mode)})"
        if os.geteuid() == 0:  # try as a stranger (another user)
            probe = subprocess.run([sys.executable, "-c", "import socket, sys; s = socket.socket(socket.AF_UNIX);"
                                    "s.connect(sys.argv[1])", where], user="nobody", capture_output=True, timeout=10)
            assert probe.returncode != 0, "another user connected to the cell JVM's socket"
        received, closed = b"", True
    else:
        stranger = socket.create_connection(("127.0.0.1", where), timeout=5)
        try:
            received, closed = read_until_closed(stranger, seconds=5)
        finally:
            stranger.close()
    kernel.shell_reply(msg_id, timeout=REPLY_S)
    kernel.iopub_until_idle(msg_id, timeout=REPLY_S)
    assert received == b"", f"the kernel sent a stranger {len(received)} bytes meant for the cell JVM"
    assert closed, "the kernel kept a stranger's connection open as if it were the cell JVM"
    name = remember(kernel)  # System.exit reset the variables: the fresh cell JVM must work
    assert_session_works(kernel, name)
    assert_nothing_left(kernel, walk)


def read_until_closed(sock, seconds):
    """Reads what the peer sends for up to `seconds`; returns (bytes, whether the peer closed)."""
    got = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return got, False
        except OSError:
            return got, True
        if not chunk:
            return got, True
        got += chunk
    return got, False


# ------------------------------------------------------------------ the walk's end

def test_the_walk_ran_in_one_kernel(walk):
    assert walk.replaced == [], f"the kernel had to be replaced after: {walk.replaced}"


def test_killing_the_kernel_and_its_parent_leaves_no_process(walk):
    k = walk.kernel
    k.kc.execute("import ptlab.*;\nimport ptlab.task.*;\n"
                 'Runner.processes().quiet().run(Task.io("a", 20), Task.io("b", 20), Task.io("c", 20))')
    jvm = k.cell_jvm()
    assert wait_until(lambda: len(living_descendants(jvm.pid)) >= 3, 30), f"below the cell JVM: {living_descendants(jvm.pid)}"
    tree = [k.parent, psutil.Process(k.pid)] + psutil.Process(k.pid).children(recursive=True)
    k.parent.send_signal(signal.SIGKILL)
    os.kill(k.pid, signal.SIGKILL)
    try:
        assert wait_until(lambda: not any(alive(p) for p in tree), TREE_GONE_S), \
            f"still running {TREE_GONE_S} s after the kill: {[p for p in tree if alive(p)]}"
    finally:
        kill_all(tree)


# ------------------------------------------------------------------ 16. an interrupt before the cell JVM is up (own kernel)

def test_16_an_interrupt_sent_while_the_first_cell_waits_for_its_jvm_reaches_it(tmp_path):
    """The first cell of a kernel waits while its cell JVM starts; an interrupt sent then must not be lost
    (the cell would sleep its minute). The kernel's phase log says whether the cell JVM was up when the
    interrupt went out: either way the cell ends interrupted and the next cell runs."""
    log = tmp_path / "phases.jsonl"
    k = Kernel(cwd=str(tmp_path), env={"PTLAB_PHASE_LOG": str(log)})
    try:
        msg_id = k.kc.execute("long before = 1;\nThread.sleep(60_000);")
        k.km.interrupt_kernel()
        jvm_was_up = log.is_file() and '"kind":"start"' in log.read_text(encoding="utf-8")
        try:
            reply = k.shell_reply(msg_id, REPLY_S)
        except Empty:
            pytest.fail(f"no reply within {REPLY_S} s of the interrupt (cell JVM up when it was sent: {jvm_was_up}): "
                        "the interrupt was lost and the cell sleeps on")
        assert reply["content"]["status"] == "error", reply["content"]
        assert reply["content"]["ename"] == "Interrupted", reply["content"]
        after = run(k, "1 + 1", timeout=NEXT_S)
        assert after.status == "ok" and after.value == "2", f"the next cell failed: {after.error}"
    finally:
        k.close()


# ------------------------------------------------------------------ 5, 6. the kernel's own death (own kernels)

def test_05_sigkill_of_a_busy_unreaped_kernel_takes_its_whole_tree():
    k = Kernel()  # its parent is this process, which does not reap it: the kernel stays a zombie
    try:
        k.kc.execute("import ptlab.*;\nimport ptlab.task.*;\nRunner.processes().quiet().run(" +
                     ", ".join(f'Task.io("t{i}", 20)' for i in range(8)) + ")")
        jvm = k.cell_jvm()
        assert wait_until(lambda: len(living_descendants(jvm.pid)) >= 8, 60), f"below the cell JVM: {living_descendants(jvm.pid)}"
        tree = living_tree(jvm.pid)
        os.kill(k.pid, signal.SIGKILL)
        assert wait_until(lambda: not any(alive(p) for p in tree), TREE_GONE_S), \
            f"{len([p for p in tree if alive(p)])} of {len(tree)} processes still run {TREE_GONE_S} s after the kernel died"
    finally:
        k.close()


def test_06_the_kernel_and_its_tree_end_when_its_parent_dies():
    k = ParentedKernel()
    try:
        assert k.execute('Process child = new ProcessBuilder("sleep", "60").start();', timeout=REPLY_S).status == "ok"
        kernel_jvm = psutil.Process(k.pid)
        tree = [kernel_jvm] + kernel_jvm.children(recursive=True)
        assert len(tree) >= 3, tree  # kernel, cell JVM, sleep
        k.parent.send_signal(signal.SIGKILL)
        assert wait_until(lambda: not any(alive(p) for p in tree), PARENT_GONE_S), \
            f"still running {PARENT_GONE_S} s after the kernel's parent died: {[p for p in tree if alive(p)]}"
    finally:
        k.close()
