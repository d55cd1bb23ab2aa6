package ptlab.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import ptlab.os.MemoryMap;
import ptlab.os.ProcessInfo;
import ptlab.os.ProcessTree;
import ptlab.os.Program;
import ptlab.os.Sleeper;
import ptlab.os.StartCost;
import ptlab.process.ChildExit;
import ptlab.process.ChildProcess;
import ptlab.process.JavaCommand;
import ptlab.process.ParentWatch;

/**
 * Bad input for what starts and inspects processes ({@code ptlab.process}: ChildProcess, JavaCommand;
 * {@code ptlab.os}: Program, ProcessInfo, MemoryMap, ProcessTree, StartCost, ParentWatch): 1,000 generated argument
 * sets per property. {@code ChildProcess} gets real starts, since its valid commands here are {@code true} and
 * {@code echo} (a few ms each); every rejection must come before anything is started. Entry points that start a
 * JVM or the compiler ({@code Program.compile}, {@code Program.run}, {@code StartCost.measure}) get invalid sets
 * only in their 1,000 tries, plus a handful of valid tiny runs in a property of its own. {@code Sleeper} is a child's
 * main class (it exits the JVM), not a call: its arguments go through {@code ParentWatch}, tested here.
 */
class ProcessArgumentsPropertiesTest extends ArgumentProperties {

    private static Program hello;
    private static StartCost cost;

    @BeforeContainer
    static void compile() throws IOException, InterruptedException {
        cost = StartCost.measure(1, 1, 0);
        hello = Program.compile("Hello", "public class Hello { public static void main(String[] a) { System.out.println(a.length); } }");
    }

    @AfterContainer
    static void deleteProgram() {
        hello.close();
    }

    @Provide Arbitrary<String> names() { return anyNames(); }
    @Provide Arbitrary<Integer> ints() { return anyInts(); }
    @Provide Arbitrary<Long> longs() { return anyLongs(); }
    @Provide Arbitrary<Duration> durations() { return anyDurations(); }
    @Provide Arbitrary<List<String>> strings() { return stringLists(40); }

    // ---- ChildProcess ----

    @Property(tries = 1000)
    void childProcessRun(@ForAll("names") String label, @ForAll("commands") List<String> command,
                         @ForAll("environments") Map<String, String> environment, @ForAll("timeouts") Duration timeout,
                         @ForAll("ints") int maxLines) {
        validOrClear(() -> ChildProcess.run(label, command, environment, timeout, maxLines),
                "label", "command", "environment", "timeout", "maxLines");
    }

    @Property(tries = 1000)
    void childProcessStart(@ForAll("names") String label, @ForAll("commands") List<String> command,
                           @ForAll("environments") Map<String, String> environment, @ForAll("timeouts") Duration timeout,
                           @ForAll boolean nullListener) {
        ChildProcess.Listener listener = nullListener ? null : new ChildProcess.Listener() {
            @Override
            public void line(String text, boolean stderr, boolean cut) {
            }

            @Override
            public void exited(ChildExit exit) {
            }
        };
        validOrClear(() -> assertTrue(ChildProcess.start(label, command, environment, timeout, listener)
                .awaitGone(Duration.ofSeconds(3)), "child not gone in 3 s"), "label", "command", "environment", "timeout", "listener");
    }

    /** Commands: mostly bad (null, empty, null or NUL words, over the cap), else {@code true} or {@code echo} with odd words. */
    @Provide
    Arbitrary<List<String>> commands() {
        Arbitrary<String> program = Arbitraries.of("true", "/bin/true", "echo", "", "no-such-program-here", "a\u0000b");
        Arbitrary<String> word = Arbitraries.oneOf(anyNames(), Arbitraries.of("", " ", "$HOME", "; rm -rf /", "*", "\u0000"));
        return Arbitraries.oneOf(
                Arbitraries.just((List<String>) null),
                Arbitraries.just(List.<String>of()),
                Arbitraries.integers().between(ChildProcess.MAX_COMMAND_WORDS + 1, 400).map(n -> repeat("echo", n)),
                program.injectNull(0.1).flatMap(p -> word.list().ofMaxSize(4).map(w -> join(p, w))));
    }

    @Provide
    Arbitrary<Map<String, String>> environments() {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of("PATH", "LANG", "", "A=B", "X\u0000"), Arbitraries.strings().alpha().ofLength(3));
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("/usr/bin:/bin", "C.UTF-8", "", "v\u0000"), anyNames());
        return Arbitraries.oneOf(Arbitraries.just((Map<String, String>) null),
                Arbitraries.just(Map.of("PATH", "/usr/bin:/bin")),
                Arbitraries.maps(key, value).ofMaxSize(3).map(m -> {
                    Map<String, String> copy = new HashMap<>(m);
                    copy.put("PATH", "/usr/bin:/bin");
                    return copy;
                }));
    }

    /** Time bounds: the shared odd durations, or a valid 1 µs to 2 s, or the lifetime cap and just over it. */
    @Provide
    Arbitrary<Duration> timeouts() {
        return Arbitraries.oneOf(anyDurations(), Arbitraries.longs().between(1, 2_000_000).map(Duration::ofNanos),
                Arbitraries.of(ptlab.task.Limits.MAX_CHILD_LIFETIME, ptlab.task.Limits.MAX_CHILD_LIFETIME.plusNanos(1), Duration.ofDays(1)));
    }

    // ---- JavaCommand ----

    @Property(tries = 1000)
    void javaCommandOf(@ForAll("flags") List<String> flags, @ForAll("strings") List<String> args, @ForAll boolean nullClass) {
        Class<?> main = nullClass ? null : Sleeper.class;
        validOrClear(() -> JavaCommand.of(main, flags, args), "mainClass", "flags", "args");
    }

    @Provide
    Arbitrary<List<String>> flags() {
        return Arbitraries.oneOf(Arbitraries.just((List<String>) null),
                Arbitraries.oneOf(Arbitraries.of("-Xint", "-Xmx32m", "Xmx1g", "", "-"), anyNames()).list().ofMaxSize(4));
    }

    // ---- Program ----

    /** Bad class names and sources only: rejected before the compiler runs. */
    @Property(tries = 1000)
    void programCompileRejects(@ForAll("classNames") String className, @ForAll("sources") String source, @ForAll boolean badName) {
        String name = badName ? className : "Hello";
        String src = badName ? "class X {}" : source;
        rejected(() -> Program.compile(name, src), "className", "source");
    }

    @Provide
    Arbitrary<String> classNames() {
        return Arbitraries.oneOf(Arbitraries.just((String) null),
                Arbitraries.of("", "1abc", "a b", "a.b", "../x", "a/b", "A".repeat(65), "Hello\n", "class-x"),
                anyNames().filter(s -> s == null || !s.matches("[A-Za-z_$][A-Za-z0-9_$]{0,63}")));
    }

    @Provide
    Arbitrary<String> sources() {
        return Arbitraries.oneOf(Arbitraries.just((String) null), Arbitraries.just(""),
                Arbitraries.integers().between(Program.MAX_SOURCE_LENGTH + 1, Program.MAX_SOURCE_LENGTH + 1000).map("x"::repeat));
    }

    @Property(tries = 1000)
    void programFirstBytes(@ForAll("ints") int n) {
        validOrClear(() -> hello.firstBytes(n), "n");
    }

    /** Bad argument arrays only (null, null elements, over the cap): rejected before the JVM starts. */
    @Property(tries = 1000)
    void programRunRejects(@ForAll("badArgs") List<String> args) {
        rejected(() -> hello.run(array(args)), "args");
    }

    @Provide
    Arbitrary<List<String>> badArgs() {
        return Arbitraries.oneOf(Arbitraries.just((List<String>) null),
                anyNames().list().ofMinSize(1).ofMaxSize(10).filter(l -> l.contains(null)),
                Arbitraries.integers().between(Program.MAX_ARGUMENTS + 1, 100).map(n -> repeat("a", n)));
    }

    /** A handful of valid runs of a compiled program with odd (non-null) arguments: each a real JVM start. */
    @Property(tries = 3)
    void programRunValid(@ForAll("validArgs") List<String> args) {
        validOrClear(() -> assertTrue(hello.run(array(args)).stdout().equals(List.of(Integer.toString(args.size())))),
                "no exception expected");
    }

    @Provide
    Arbitrary<List<String>> validArgs() {
        return anyNames().filter(s -> s != null && s.indexOf('\0') < 0).list().ofMaxSize(Program.MAX_ARGUMENTS);
    }

    // ---- ProcessInfo, MemoryMap, ProcessTree ----

    @Property(tries = 1000)
    void processInfoOf(@ForAll("pids") long pid, @ForAll boolean nullHandle) {
        validOrClear(() -> {
            ProcessInfo.of(pid).map(ProcessInfo::commandLine);
            ProcessInfo.of(nullHandle ? null : ProcessHandle.current());
        }, "pid", "process");
    }

    /** PIDs: any long, small ones (many of them real processes), this process and its parent. */
    @Provide
    Arbitrary<Long> pids() {
        ProcessHandle me = ProcessHandle.current();
        return Arbitraries.oneOf(anyLongs(), Arbitraries.longs().between(-2, 500),
                Arbitraries.of(me.pid(), me.parent().map(ProcessHandle::pid).orElse(1L), 1L, (long) Integer.MAX_VALUE));
    }

    @Property(tries = 1000)
    void memoryMapOf(@ForAll("pids") long pid, @ForAll("names") String status, @ForAll int kind) {
        MemoryMap.Kind[] kinds = MemoryMap.Kind.values();
        MemoryMap.Kind k = Math.floorMod(kind, kinds.length + 1) == kinds.length ? null : kinds[Math.floorMod(kind, kinds.length + 1)];
        validOrClear(() -> {
            MemoryMap m = MemoryMap.of(pid);
            m.status(status);
            m.bytes(k);
        }, "pid", "name", "kind");
    }

    @Property(tries = 1000)
    void processTreeFind(@ForAll("names") String role) {
        validOrClear(() -> ProcessTree.ofThisProcess().find(role), "role");
    }

    // ---- StartCost ----

    /** Counts out of range only: rejected before any thread, JVM or program starts. */
    @Property(tries = 1000)
    void startCostRejects(@ForAll("ints") int threads, @ForAll("ints") int jvms, @ForAll("ints") int programs, @ForAll int which) {
        int t = Math.floorMod(which, 3) == 0 ? threads : 1;
        int j = Math.floorMod(which, 3) == 1 ? jvms : 1;
        int p = Math.floorMod(which, 3) == 2 ? programs : 0;
        if (t >= 1 && t <= StartCost.MAX_THREADS && j >= 1 && j <= StartCost.MAX_JVMS && p >= 0 && p <= StartCost.MAX_PROGRAMS) {
            t = -t - 1; // in range by chance: make it bad, so that nothing real starts here
        }
        int tt = t;
        rejected(() -> StartCost.measure(tt, j, p), "threads", "jvms", "programs");
    }

    /** A handful of tiny valid measurements: two threads, one JVM, one native program each. */
    @Property(tries = 2)
    void startCostValid(@ForAll boolean programs) {
        validOrClear(() -> assertTrue(StartCost.measure(2, 1, programs ? 1 : 0).jvmPerThread() > 0), "no exception expected");
    }

    @Property(tries = 1000)
    void startCostSample(@ForAll("names") String prefix) {
        validOrClear(() -> cost.sample(prefix), "prefix");
    }

    // ---- ParentWatch (the argument parsing of the children's main classes) ----

    @Property(tries = 1000)
    void parentWatchArguments(@ForAll("childArgs") List<String> args, @ForAll("names") String name) {
        validOrClear(() -> {
            ParentWatch.parentArgument(array(args));
            ParentWatch.argument(array(args), name, "x");
        }, "args", "--parent", "name");
    }

    @Provide
    Arbitrary<List<String>> childArgs() {
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of("--parent", "--hold-ms", "12", "-1", "x", "9999999999999999999999"),
                anyNames());
        return Arbitraries.oneOf(word.list().ofMaxSize(6), Arbitraries.just((List<String>) null));
    }

    private static List<String> repeat(String s, int n) {
        List<String> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(s);
        }
        return l;
    }

    private static List<String> join(String first, List<String> rest) {
        List<String> l = new ArrayList<>();
        l.add(first);
        l.addAll(rest);
        return l;
    }
}
