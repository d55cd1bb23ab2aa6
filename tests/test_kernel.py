"""The ptlab-java kernel over the real Jupyter protocol (jupyter_client), process table included.

Most tests share one kernel (module fixture `kernel`); the ones about the kernel's own life
(restart, shutdown, SIGKILL, 20 starts) start their own. Every kernel is shut down at the end,
and anything left of its process tree is killed.
"""
import os
import re
import socket
import subprocess
import threading
import time
from queue import Empty

import psutil
import pytest
from jupyter_client.manager import KernelManager

from kernel_support import HANG_GUARD, KERNEL_NAME, Kernel, frame, java_bin, print_frame
from proctree import alive, living_descendants, wait_until


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """One kernel for most tests, in a folder of its own (the notebook folder is the working directory)."""
    with Kernel(cwd=str(tmp_path_factory.mktemp("notebook"))) as k:
        yield k


def ok(result):
    assert result.status == "ok", result.error
    return result


# ------------------------------------------------------------------ basics

def test_kernel_info_describes_java(kernel):
    reply = kernel.request(lambda kc: kc.kernel_info())["content"]
    assert reply["status"] == "ok"
    assert reply["implementation"] == "ptlab"
    info = reply["language_info"]
    assert info["name"] == "java"
    assert info["mimetype"] == "text/x-java"
    assert info["file_extension"] == ".java"
    assert info["pygments_lexer"] == "java"
    assert info["codemirror_mode"] in ("java", "text/x-java")
    # the feature release of the java that runs the cells (the same binary as the kernel's), the full version in
    # the banner
    java = kernel.cell_jvm().exe()
    out = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True).stderr
    full = re.search(r"^\s*java\.version = (\S+)$", out, re.M)[1]
    assert info["version"] == full.split(".")[0].split("-")[0].split("+")[0], (info, full)
    assert f"Java {full} " in reply["banner"], reply["banner"]


def test_final_expression_is_the_execute_result(kernel):
    assert ok(kernel.execute("6 * 7")).value == "42"
    assert ok(kernel.execute('String s = "ab";\ns + "c"')).value == '"abc"'  # JShell's Java-literal form
    assert ok(kernel.execute("int unseen = 3;")).value is None
    assert ok(kernel.execute('System.out.println("no value");')).value is None
    assert ok(kernel.execute("var list = new ArrayList<Integer>();\nlist.add(7);")).value is None, "a ';' hides the value"
    assert ok(kernel.execute("list.add(8)")).value == "true"


def test_stdout_and_stderr_keep_their_order(kernel):
    r = ok(kernel.execute('System.out.println("one"); System.err.println("two"); System.out.println("three");'))
    streams = [(m["content"]["name"], m["content"]["text"]) for m in r.of_type("stream")]
    assert streams == [("stdout", "one\n"), ("stderr", "two\n"), ("stdout", "three\n")]


def test_output_streams_while_the_cell_still_runs(kernel):
    msg_id = kernel.kc.execute('System.out.println("first"); Thread.sleep(1500); System.out.println("second");')
    while True:
        msg = kernel.kc.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            break
    assert msg["content"]["text"] == "first\n"
    with pytest.raises(Empty):  # the cell is still running: no reply yet
        kernel.kc.get_shell_msg(timeout=0.3)
    kernel.shell_reply(msg_id)
    kernel.iopub_until_idle(msg_id)


def test_a_loop_of_prints_arrives_whole_in_few_messages(kernel):
    r = ok(kernel.execute("for (int i = 0; i < 5000; i++) System.out.println(i);"))
    assert r.stream() == "".join(f"{i}\n" for i in range(5000))
    assert len(r.of_type("stream")) < 500


def test_children_that_inherit_the_cell_jvms_output_show_up_in_the_cell(kernel):
    r = ok(kernel.execute('new ProcessBuilder("sh", "-c", "echo to out; echo to err >&2").inheritIO().start().waitFor();'))
    assert r.stream("stdout") == "to out\n"
    assert r.stream("stderr") == "to err\n"


def test_unicode_output(kernel):
    assert ok(kernel.execute('System.out.println("é ü 日本 😀");')).stream() == "é ü 日本 😀\n"


def test_several_snippets_in_one_cell_run_in_order(kernel):
    r = ok(kernel.execute("int a = 20;\nint b = a + 1;\nSystem.out.println(b);\na + b"))
    assert r.stream() == "21\n"
    assert r.value == "41"


def test_a_cell_of_many_declarations_leaves_each_usable_in_the_next_cell(kernel):
    n = 150
    cell = "\n".join(f"int v{i} = {i};" for i in range(n)) + '\nString v7 = "seven";\nint twice(int x) { return 2 * x; }'
    ok(kernel.execute(cell, timeout=600))
    total = " + ".join(f"v{i}" for i in range(n) if i != 7)
    assert ok(kernel.execute(f"{total} + twice(v{n - 1}) + v7.length()")).value == str(sum(range(n)) - 7 + 2 * (n - 1) + 5)
    # each can be declared again, as another type
    ok(kernel.execute(f'String v{n - 1} = "last";'))
    assert ok(kernel.execute(f"v{n - 1} + v0")).value == '"last0"'


def test_errors_after_many_declarations_name_their_own_line(kernel):
    many = "\n".join(f"int w{i} = {i};" for i in range(120))
    r = kernel.execute(many + '\nint wrong = "a";', timeout=600)
    assert r.status == "error" and r.error["traceback"][0] == "Compile error in line 121:"
    r = kernel.execute(many + '\nint fails = Integer.parseInt("x");', timeout=600)
    assert r.status == "error" and r.error["ename"] == "NumberFormatException"
    assert "\n".join(r.error["traceback"]).rstrip().endswith(", line 121")


# ------------------------------------------------------------------ errors

def test_compile_error_shows_line_caret_and_message(kernel):
    r = kernel.execute('int fine = 1;\nint w = "a";')
    assert r.status == "error"
    e = r.error
    assert e["ename"] == "CompileError"
    assert "incompatible types" in e["evalue"]
    tb = e["traceback"]
    assert tb[0] == "Compile error in line 2:"
    assert tb[1].strip() == 'int w = "a";'
    assert tb[2].strip() == "^^^" and tb[2].index("^") == tb[1].index('"a"')


def test_exception_shows_class_message_and_user_frames_only(kernel):
    ok(kernel.execute("int parse(String s) {\n    return Integer.parseInt(s);\n}"))
    r = kernel.execute('int n = 1;\nparse("x")')
    assert r.status == "error"
    e = r.error
    assert e["ename"] == "NumberFormatException"
    assert e["evalue"] == 'For input string: "x"'
    tb = "\n".join(e["traceback"])
    assert tb.startswith('java.lang.NumberFormatException: For input string: "x"')
    assert "at parse (cell [" in tb and ", line 2)" in tb
    assert tb.rstrip().endswith(", line 2")  # the cell's own line
    for internal in ("jdk.jshell", "ptlab.kernel", "jdk.internal.reflect", "REPL.$JShell"):
        assert internal not in tb


def test_an_error_stops_the_cell(kernel):
    r = kernel.execute('System.out.println("before");\nthrow new IllegalStateException("stop");\nSystem.out.println("after");')
    assert r.status == "error"
    assert r.stream() == "before\n"
    assert r.error["ename"] == "IllegalStateException"


def test_unresolved_declaration_is_an_error_until_resolved(kernel):
    r = kernel.execute("void usesLater() { later(); }")
    assert r.status == "error"
    assert r.error["ename"] == "UnresolvedReference"
    assert "later()" in r.error["evalue"]
    r = kernel.execute("usesLater()")
    assert r.status == "error" and r.error["ename"] == "UnresolvedReference"
    ok(kernel.execute("void later() { System.out.println(\"resolved\"); }"))
    assert ok(kernel.execute("usesLater()")).stream() == "resolved\n"
    # forward references within one cell are fine
    ok(kernel.execute("void ping(int n) { if (n > 0) pong(n - 1); }\nvoid pong(int n) { ping(n); }\nping(3)"))


# ------------------------------------------------------------------ display frames

def test_display_frames_become_display_data(kernel):
    html = {"data": {"text/plain": "p", "text/html": "<b>p</b>"}, "metadata": {}, "display_id": "shown"}
    r = ok(kernel.execute('System.out.println("before");\n' + print_frame("display", html)
                          + '\nSystem.out.println("after");'))
    kinds = [m["msg_type"] for m in r.messages]
    assert kinds == ["stream", "display_data", "stream"]
    d = r.of_type("display_data")[0]["content"]
    assert d["data"] == {"text/plain": "p", "text/html": "<b>p</b>"}
    assert d["transient"] == {"display_id": "shown"}
    assert r.stream() == "before\nafter\n"

    upd = ok(kernel.execute(print_frame("update", {"data": {"text/plain": "q"}, "metadata": {}, "display_id": "shown"})))
    assert [m["msg_type"] for m in upd.messages] == ["update_display_data"]
    assert upd.messages[0]["content"]["transient"] == {"display_id": "shown"}

    clr = ok(kernel.execute(print_frame("clear", {"wait": True})))
    assert [(m["msg_type"], m["content"]) for m in clr.messages] == [("clear_output", {"wait": True})]


def test_a_frame_split_across_many_writes_is_still_one_display(kernel):
    svg = {"data": {"text/plain": "svg", "image/svg+xml": "<svg xmlns='http://www.w3.org/2000/svg'>" + "x" * 3000 + "</svg>"}}
    code = ("String f = %s;\nfor (char c : f.toCharArray()) System.out.print(c);\nSystem.out.println();"
            % frame("display", svg))
    r = ok(kernel.execute(code))
    assert [m["msg_type"] for m in r.messages] == ["display_data"]
    assert r.messages[0]["content"]["data"] == svg["data"]


def test_a_malformed_frame_is_text(kernel):
    r = ok(kernel.execute('System.out.print("\\u001B]ptlab;display;!!no-base64\\u0007\\n");'))
    assert r.stream() == "\x1b]ptlab;display;!!no-base64\x07\n"
    assert not r.of_type("display_data")


# ------------------------------------------------------------------ late output

def test_output_after_a_cell_ended_appears_in_the_next_cell_marked_late(kernel):
    r = ok(kernel.execute('new Thread(() -> {\n  try { Thread.sleep(400); } catch (InterruptedException e) {}\n'
                          '  System.out.println("late hello");\n}).start();'))
    ended = r.reply["content"]["execution_count"]
    assert r.stream() == ""
    time.sleep(1.5)
    nxt = ok(kernel.execute("1 + 1"))
    text = nxt.stream()
    assert text.splitlines()[0] == f"[late output: printed after cell [{ended}] had finished]"
    assert text.splitlines()[1] == "late hello"
    assert nxt.value == "2"
    assert ok(kernel.execute("2 + 2")).stream() == "", "late output is shown once"


# ------------------------------------------------------------------ interrupt

INTERRUPT_CASES = {
    "sleep": "Thread.sleep(100_000);",
    "join": "Thread t = new Thread(() -> { try { Thread.sleep(100_000); } catch (InterruptedException e) { } });\n"
            "t.start();\nt.join();",
    "waitFor": 'Process p = new ProcessBuilder("sleep", "100").start();\np.waitFor();',
    "busy loop": "while (true) { }",
    "IntStream": "java.util.stream.IntStream.range(0, Integer.MAX_VALUE).map(i -> Integer.toString(i).hashCode()).sum()",
    "parallel IntStream": "java.util.stream.IntStream.range(0, Integer.MAX_VALUE).parallel()"
                          ".filter(i -> Integer.toString(i).hashCode() == 7).count()",
    "LongStream": "java.util.stream.LongStream.range(0, Long.MAX_VALUE).map(i -> i * i % 7).sum()",
}


@pytest.mark.parametrize("case", list(INTERRUPT_CASES))
def test_interrupt_stops_the_cell(kernel, case):
    ok(kernel.execute("int kept = 41;"))
    jvm = kernel.cell_jvm()
    # every case runs for minutes or forever: a reply within the hang guard, saying Interrupted, is the interrupt's
    r = kernel.execute(INTERRUPT_CASES[case], interrupt_after=1.0, timeout=HANG_GUARD)
    assert r.status == "error"
    assert r.error["ename"] == "Interrupted"
    assert living_descendants(jvm.pid) == [], "a process below the cell JVM was left behind"
    assert ok(kernel.execute("kept + 1")).value == "42", "the next cell works and state is kept"
    assert kernel.cell_jvm().pid == jvm.pid
    # nothing the interrupted cell started goes on burning CPU
    assert jvm.cpu_percent(interval=0.5) < 70  # a runaway thread would show about 100


def test_a_cell_that_refuses_to_stop_gets_a_fresh_jvm(kernel):
    jvm = kernel.cell_jvm()
    r = kernel.execute("while (true) { try { Thread.sleep(5); } catch (Throwable t) { } }", interrupt_after=1.0,
                       timeout=HANG_GUARD)
    assert r.status == "error" and r.error["ename"] == "Interrupted"
    assert "state was reset" in r.error["evalue"]
    assert ok(kernel.execute("1 + 1")).value == "2"
    assert not alive(jvm)
    assert kernel.cell_jvm().pid != jvm.pid


def test_interrupt_while_idle_changes_nothing(kernel):
    ok(kernel.execute("int idle = 6;"))
    jvm = kernel.cell_jvm()
    kernel.km.interrupt_kernel()
    time.sleep(1.0)
    assert ok(kernel.execute("idle * 7")).value == "42"
    assert kernel.cell_jvm().pid == jvm.pid


def test_an_interrupt_sent_after_a_cell_ended_does_not_reach_the_next_cell(kernel):
    # the cell ends at 0.3 s; the interrupt is sent at 0.6 s, and the next cell right after it:
    # the interrupt arrives on the control socket, the cell on the shell socket, in either order
    for _ in range(5):
        done = kernel.execute("Thread.sleep(300); 5", interrupt_after=0.6)
        assert (done.status, done.value) == ("ok", "5")
        after = kernel.execute("6 * 7")
        assert (after.status, after.value) == ("ok", "42"), after.error


def test_queued_cells_are_aborted_after_an_error(kernel):
    first = kernel.kc.execute("Thread.sleep(500); throw new RuntimeException(\"x\");")
    second = kernel.kc.execute('System.out.println("must not run");')
    assert kernel.shell_reply(first)["content"]["status"] == "error"
    assert kernel.shell_reply(second)["content"]["status"] == "aborted"
    kernel.iopub_until_idle(first)
    assert ok(kernel.execute("1 + 1")).value == "2"


# ------------------------------------------------------------------ the cell JVM ends

@pytest.mark.parametrize("code, status", [("System.exit(3);", 3), ("Runtime.getRuntime().halt(1);", 1)])
def test_exit_and_halt_reset_the_cell_jvm_and_the_kernel_lives_on(kernel, code, status):
    jvm = kernel.cell_jvm()
    r = kernel.execute(code)
    assert r.status == "error"
    assert r.error["evalue"] == f"The JVM running your cells exited with status {status}; state was reset."
    assert psutil.Process(kernel.pid).is_running()
    assert ok(kernel.execute("1 + 1")).value == "2"
    assert kernel.cell_jvm().pid != jvm.pid


def test_a_cell_jvm_that_ends_between_cells_is_replaced_and_the_next_cell_says_so(kernel):
    ok(kernel.execute("new Thread(() -> {\n  try { Thread.sleep(300); } catch (InterruptedException e) { }\n"
                      "  System.exit(5);\n}).start();"))
    jvm = kernel.cell_jvm()
    assert wait_until(lambda: not alive(jvm), 10)
    r = ok(kernel.execute("1 + 1"))
    assert r.stream("stderr") == "The JVM running your cells exited with status 5 while no cell was running; state was reset.\n"
    assert r.value == "2"


def test_a_crash_of_the_cell_jvm_is_reported_and_leaves_no_file_in_the_notebook_folder(kernel):
    jvm = kernel.cell_jvm()
    folder = set(os.listdir(jvm.cwd()))
    r = kernel.execute('var f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");\nf.setAccessible(true);\n'
                       '((sun.misc.Unsafe) f.get(null)).putAddress(0, 0);')
    assert r.status == "error"
    assert r.error["evalue"].startswith("The JVM running your cells exited with status ")
    assert "state was reset. It crashed; its report is " in r.error["evalue"]
    assert ok(kernel.execute("1 + 1")).value == "2"
    assert set(os.listdir(kernel.cell_jvm().cwd())) == folder, "the crash report went to the notebook folder"
    os.remove(r.error["evalue"].split("its report is ")[1])


def test_stack_overflow_is_a_clear_error_and_the_next_cell_works(kernel):
    r = kernel.execute("int down(int n) { return down(n + 1) + 1; }\ndown(0)")
    assert r.status == "error"
    assert r.error["ename"] == "StackOverflowError"
    assert "recursion" in r.error["evalue"]
    assert any("repeats" in line for line in r.error["traceback"]), "the recursion is collapsed"
    assert len(r.error["traceback"]) < 60
    assert ok(kernel.execute("1 + 1")).value == "2"


def test_out_of_memory_is_an_error_and_the_next_cell_works(kernel):
    r = kernel.execute("{ var hog = new ArrayList<long[]>(); while (true) hog.add(new long[1_000_000]); }")
    assert r.status == "error"
    assert r.error["ename"] in ("OutOfMemoryError", "CellJvmExited")
    assert ok(kernel.execute("1 + 1")).value == "2"


# ------------------------------------------------------------------ magics

def test_lsmagic_lists_the_magics(kernel):
    out = ok(kernel.execute("%lsmagic")).stream()
    for name in ("%jars", "%classpath", "%maven", "%load", "%time", "%%time"):
        assert name in out


@pytest.mark.parametrize("cell, words", [
    ("%jars", "%jars needs"),
    ("%jars no/such/*.jar", "no jar file matches"),
    ("%classpath no-such-folder", "does not exist"),
    ("%maven commons-lang3", "is not group:artifact:version"),
    ("%load", "exactly one file"),
    ("%load no-such.jsh", "no file"),
    ("%nosuchmagic", "unknown magic"),
    ("%%time", "needs code"),
])
def test_a_magic_with_bad_arguments_gets_a_one_line_error(kernel, cell, words):
    r = kernel.execute(cell)
    assert r.status == "error"
    assert r.error["ename"] == "MagicError"
    assert words in r.error["evalue"]
    assert len(r.error["traceback"]) == 1 and "\n" not in r.error["traceback"][0]


def test_time_prints_wall_and_cpu_time(kernel):
    r = ok(kernel.execute("%%time\nlong x = 0;\nfor (int i = 0; i < 50_000_000; i++) x += i;\nx"))
    assert "Wall time:" in r.stream() and "CPU time:" in r.stream()
    assert r.value == str(sum(range(50_000_000)))
    assert "Wall time:" in ok(kernel.execute("%time Thread.sleep(10)")).stream()


@pytest.fixture(scope="module")
def libraries(tmp_path_factory):
    """A folder with lib/greet.jar (demo.Greet), classes/ (demo.Shout) and setup.jsh, built with the JDK.

    (Snippets live in a package, so they cannot use classes of the unnamed package.)
    """
    root = tmp_path_factory.mktemp("notebook folder")
    src = root / "src"
    src.mkdir()
    (src / "Greet.java").write_text('package demo; public class Greet { public static String hi() { return "hi from a jar"; } }')
    (src / "Shout.java").write_text('package demo; public class Shout { public static String it(String s) { return s.toUpperCase(); } }')
    (root / "jarclasses").mkdir()
    (root / "classes").mkdir()
    (root / "lib").mkdir()
    subprocess.run([java_bin("javac"), "-d", str(root / "jarclasses"), str(src / "Greet.java")], check=True)
    subprocess.run([java_bin("javac"), "-d", str(root / "classes"), str(src / "Shout.java")], check=True)
    subprocess.run([java_bin("jar"), "cf", str(root / "lib" / "greet.jar"), "-C", str(root / "jarclasses"), "."], check=True)
    (root / "setup.jsh").write_text('String loaded() { return "from setup.jsh"; }\nSystem.out.println("setup ran");\n')
    return root


def test_jars_classpath_and_load_work_relative_to_the_notebook_folder(libraries):
    with Kernel(cwd=str(libraries)) as k:
        ok(k.execute("%jars lib/*.jar"))
        assert ok(k.execute("demo.Greet.hi()")).value == '"hi from a jar"'
        ok(k.execute("%classpath classes"))
        assert ok(k.execute('import demo.Shout;\nShout.it("x")')).value == '"X"'
        r = ok(k.execute("%load setup.jsh\nloaded()"))
        assert r.stream() == "setup ran\n"
        assert r.value == '"from setup.jsh"'
        # the class path survives a new cell JVM
        k.execute("System.exit(0);")
        assert ok(k.execute("demo.Greet.hi()")).value == '"hi from a jar"'


def test_maven_resolves_an_artifact_with_a_cache(kernel):
    r = kernel.execute("%maven org.apache.commons:commons-lang3:3.17.0")
    if r.status == "error" and "could not resolve" in r.error["evalue"]:
        pytest.skip("Maven Central is not reachable and the artifact is not cached: " + r.error["evalue"])
    ok(r)
    assert "commons-lang3-3.17.0.jar" in r.stream()
    assert ok(kernel.execute('org.apache.commons.lang3.StringUtils.capitalize("maven")')).value == '"Maven"'


# ------------------------------------------------------------------ the kernel's own life

def start_child_below_cell_jvm(k):
    ok(k.execute('Process child = new ProcessBuilder("sleep", "60").start();'))
    jvm = k.cell_jvm()
    children = living_descendants(jvm.pid)
    assert [p.name() for p in children] == ["sleep"]
    return jvm, children[0]


def test_the_links_to_the_cell_jvm_leave_their_ports_to_the_next_kernel(kernel):
    """Jupyter picks a new kernel's five ports among the free ones, lets go of them, and the kernel
    binds them a moment later (with SO_REUSEADDR, as ZeroMQ does). Another server's kernel may take
    a port in that moment for its own links to its cell JVM (the command socket, JDWP): a link that
    holds its port without SO_REUSEADDR then stops the new kernel's bind for as long as it lives, and
    Jupyter's restarts, which keep the ports, all fail the same way."""
    ok(kernel.execute("1"))
    jvm = kernel.cell_jvm()
    jvm_ports = {c.laddr.port for c in jvm.net_connections("tcp")}
    # the kernel JVM's ends of the links: it listened, the cell JVM connected
    links = [c for c in psutil.Process(kernel.pid).net_connections("tcp")
             if c.status == psutil.CONN_ESTABLISHED and c.raddr and c.raddr.port in jvm_ports]
    assert len(links) >= 2, f"expected the command socket and JDWP between the two JVMs, found {links}"
    held = []
    for link in links:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((link.laddr.ip, link.laddr.port))
                s.listen()
            except OSError as e:
                held.append(f"{link.laddr.port}: {e}")
    assert not held, f"the kernel JVM's links to its cell JVM keep these ports from a new kernel: {held}"


def taken_port():
    """A loopback port that a listening socket of this process holds, as another program may."""
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    return holder, holder.getsockname()[1]


def manager_with_shell_port(port):
    def manager(**kwargs):
        km = KernelManager(**kwargs)
        km.cache_ports = False  # else the port cache picks all five ports anew
        km.shell_port = port
        return km
    return manager


def test_a_port_taken_at_start_is_waited_for_and_the_kernel_starts_once_it_is_free():
    holder, port = taken_port()
    release = threading.Timer(2, holder.close)
    release.start()
    try:
        with Kernel(manager=manager_with_shell_port(port)) as k:
            assert k.km.shell_port == port
            assert ok(k.execute("1 + 1")).value == "2"
    finally:
        release.cancel()
        holder.close()


def test_a_port_still_taken_after_the_wait_ends_the_kernel_with_a_message_naming_it(tmp_path):
    holder, port = taken_port()
    km = manager_with_shell_port(port)(kernel_name=KERNEL_NAME)
    try:
        with open(tmp_path / "stderr", "w") as err:
            km.start_kernel(stderr=err)
        process = km.provisioner.process
        assert wait_until(lambda: process.poll() is not None, HANG_GUARD), "the kernel is still waiting"
        said = (tmp_path / "stderr").read_text()
        assert process.poll() == 75, said
        assert f"the kernel cannot start: port {port} (shell) of the connection file is taken by pid {os.getpid()}" \
            in said, said
        assert "Shut this kernel down and start a new one" in said, said
    finally:
        holder.close()
        km.cleanup_resources()


def test_shutdown_leaves_no_jvm_or_child_behind():
    k = Kernel()
    try:
        kernel_proc = psutil.Process(k.pid)
        jvm, child = start_child_below_cell_jvm(k)
        k.kc.stop_channels()
        k.km.shutdown_kernel(now=False)
        for p in (kernel_proc, jvm, child):
            assert wait_until(lambda: not alive(p), 5), f"{p} is still running"
    finally:
        k.close()


def test_restart_leaves_no_jvm_or_child_behind_and_the_new_kernel_works():
    k = Kernel()
    try:
        old_kernel = psutil.Process(k.pid)
        jvm, child = start_child_below_cell_jvm(k)
        k.km.restart_kernel(now=False)
        for p in (old_kernel, jvm, child):
            assert wait_until(lambda: not alive(p), 5), f"{p} is still running"
        k.kc.wait_for_ready(timeout=60)
        assert ok(k.execute("1 + 1")).value == "2"
    finally:
        k.close()


def test_sigkill_of_the_kernel_takes_the_cell_jvm_and_its_children():
    k = Kernel()
    try:
        jvm, child = start_child_below_cell_jvm(k)
        ok(k.execute('new Thread(() -> { while (true) { } }).start();'))  # a busy cell JVM too
        os.kill(k.pid, 9)
        # the child sleeps far longer and the busy thread never ends: only the kill ends them
        assert wait_until(lambda: not alive(jvm) and not alive(child), HANG_GUARD), \
            f"still alive {HANG_GUARD} s after the kill: {[p for p in (jvm, child) if alive(p)]}"
    finally:
        k.close()


def test_twenty_starts_in_a_row_each_answer_kernel_info_with_their_own_cell_jvm():
    """How long a start takes is measured by `make bench` (and `make soak`'s starts); here every start works."""
    pids = set()
    for i in range(20):
        k = Kernel()
        try:
            reply = k.request(lambda kc: kc.kernel_info(), timeout=HANG_GUARD)
            assert reply["content"]["status"] == "ok", f"start {i + 1}: {reply['content']}"
            jvm = k.cell_jvm(wait=HANG_GUARD)
            assert jvm is not None, f"start {i + 1}: no cell JVM below the kernel"
            pids |= {k.pid, jvm.pid}
        finally:
            k.close()
    assert len(pids) == 40, "every start has a kernel process and a cell JVM of its own"
