package ptlab.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import ptlab.deadlock.Deadlock;
import ptlab.ipc.Channel;
import ptlab.ipc.RoundTrips;
import ptlab.isolation.Browser;
import ptlab.isolation.ChildCopy;
import ptlab.parallel.ChildJvm;
import ptlab.python.Python;
import ptlab.python.PythonRunner;
import ptlab.race.Counter;
import ptlab.race.Race;
import ptlab.stack.ThreadStack;
import ptlab.task.Limits;
import ptlab.task.Task;

/**
 * Bad input for the demos' entry points ({@code ptlab.race}, {@code ptlab.deadlock}, {@code ptlab.parallel},
 * {@code ptlab.ipc}, {@code ptlab.isolation}, {@code ptlab.python}, {@code ptlab.stack}): 1,000 generated argument
 * sets per property. Races run for real when valid (1 to 4 threads, at most 1,000 increments each). Calls that
 * start a child JVM or interpreter, or watch threads for a deadlock ({@code Deadlock.run},
 * {@code ChildJvm.run}, {@code RoundTrips.measure}, {@code ChildCopy.change}, {@code Browser.open},
 * {@code PythonRunner.run}, {@code Python.sizeFor}) get invalid sets only in their 1,000 tries, each rejected before
 * anything starts, plus a handful of valid tiny runs in a property of its own. {@code Crash.inChild} takes an enum
 * whose only bad value is null (CrashTest); the {@code demo(PrintStream)} methods take only the stream.
 */
class DemoArgumentsPropertiesTest extends ArgumentProperties {

    @Provide Arbitrary<String> names() { return anyNames(); }
    @Provide Arbitrary<Integer> ints() { return anyInts(); }
    @Provide Arbitrary<Long> longs() { return anyLongs(); }
    @Provide Arbitrary<Duration> durations() { return anyDurations(); }

    // ---- race ----

    /** A counter a student might write by extending a JDK class: LongAdder already has increment(). */
    static final class Tally extends java.util.concurrent.atomic.LongAdder implements Counter {
        private static final long serialVersionUID = 1L;

        @Override
        public long get() {
            return sum();
        }
    }

    @Property(tries = 1000)
    void raceRun(@ForAll("counters") Supplier<Counter> counter, @ForAll("raceThreads") int threads,
                 @ForAll("increments") long increments, @ForAll("ints") int tries, @ForAll boolean table) {
        int t = Math.floorMod(tries, 4) == 0 ? tries : 1 + Math.floorMod(tries, 2); // valid: 1 or 2 tries
        validOrClear(() -> {
            List<Race.Result> results = Race.threads(threads).increments(increments).tries(t).run(counter);
            if (table) {
                Race.table(results).toString();
            }
        }, "counters", "threads", "increments", "tries");
    }

    @Provide
    Arbitrary<Supplier<Counter>> counters() {
        return Arbitraries.<Supplier<Counter>>of(Tally::new, () -> null).injectNull(0.1);
    }

    @Provide
    Arbitrary<Integer> raceThreads() {
        return Arbitraries.oneOf(Arbitraries.integers().lessOrEqual(0), Arbitraries.integers().greaterOrEqual(Race.MAX_THREADS + 1),
                Arbitraries.integers().between(1, 4), Arbitraries.of(0, 1, Race.MAX_THREADS + 1));
    }

    @Provide
    Arbitrary<Long> increments() {
        return Arbitraries.oneOf(Arbitraries.longs().lessOrEqual(0), Arbitraries.longs().greaterOrEqual(Race.MAX_INCREMENTS + 1),
                Arbitraries.longs().between(1, 1_000), Arbitraries.of(0L, Race.MAX_INCREMENTS + 1, Long.MAX_VALUE));
    }

    /** threads x increments over the race cap, each within its own range: rejected before a thread starts. */
    @Property(tries = 1000)
    void raceRejectsOverTheTotalCap(@ForAll("overTotal") List<Long> threadsAndIncrements) {
        int threads = threadsAndIncrements.get(0).intValue();
        long increments = threadsAndIncrements.get(1);
        rejected(() -> Race.threads(threads).increments(increments).run(Tally::new), "Race.MAX_TOTAL_INCREMENTS");
    }

    @Provide
    Arbitrary<List<Long>> overTotal() {
        return Arbitraries.longs().between(Race.MAX_TOTAL_INCREMENTS / Race.MAX_INCREMENTS + 1, Race.MAX_THREADS)
                .flatMap(t -> Arbitraries.longs().between(Race.MAX_TOTAL_INCREMENTS / t + 1, Race.MAX_INCREMENTS).map(i -> List.of(t, i)));
    }

    @Property(tries = 1000)
    void raceTable(@ForAll("ints") int n, @ForAll boolean asList) {
        List<Race.Result> results = Math.floorMod(n, 3) == 0 ? null : new ArrayList<>();
        if (results != null && Math.floorMod(n, 3) == 1) {
            results.add(null);
        }
        validOrClear(() -> {
            if (asList) {
                Race.table(results);
            } else {
                Race.table(results == null ? null : results.toArray(Race.Result[]::new));
            }
        }, "results", "result");
    }

    // ---- deadlock ----

    @Property(tries = 1000)
    void deadlockRejects(@ForAll("badBounds") Duration bound, @ForAll("names") String name, @ForAll("ints") int works) {
        int n = Math.floorMod(works, 2) == 0 ? works : Deadlock.MAX_THREADS + 1 + Math.floorMod(works, 3);
        Deadlock.Work[] lambdas = new Deadlock.Work[Math.max(0, Math.min(n, 100))];
        java.util.Arrays.fill(lambdas, (Deadlock.Work) () -> { });
        switch (Math.floorMod(works, 3)) {
            case 0 -> rejected(() -> Deadlock.watchdog().bound(bound), "bound");
            case 1 -> validOrClear(() -> Deadlock.watchdog().name(new Object(), name), "name", "lock");
            default -> {
                if (n < 1 || n > Deadlock.MAX_THREADS) {
                    rejected(() -> Deadlock.watchdog().run(lambdas), "works");
                } else {
                    rejected(() -> Deadlock.watchdog().bound(bound).run(lambdas), "bound");
                }
            }
        }
    }

    @Provide Arbitrary<Duration> badBounds() { return badDurations(Deadlock.MAX_BOUND); }

    @Property(tries = 2)
    void deadlockValid(@ForAll("tinyWaits") Duration d) {
        validOrClear(() -> assertTrue(Deadlock.watchdog().bound(d.multipliedBy(200)).run(() -> Thread.sleep(d)).threadsGone()),
                "no exception expected");
    }

    @Provide
    Arbitrary<Duration> tinyWaits() {
        return Arbitraries.longs().between(1, 3).map(Duration::ofMillis);
    }

    // ---- parallel: ChildJvm ----

    @Property(tries = 1000)
    void childJvmOptions(@ForAll("ints") int k, @ForAll("durations") Duration timeout, @ForAll boolean nullOut, @ForAll boolean pin) {
        PrintStream out = nullOut ? null : new PrintStream(new ByteArrayOutputStream());
        validOrClear(() -> ChildJvm.cpus(k).pinned(pin).timeout(timeout).output(out), "k", "timeout", "out");
    }

    @Property(tries = 1000)
    void childJvmRunRejects(@ForAll("badTaskLists") List<Task> tasks) {
        rejected(() -> ChildJvm.cpus(1).quiet().timeout(Duration.ofMillis(1)).run(tasks), "tasks");
    }

    /** Null, empty, a null element, two of one name, over the cap, or a wait over a 1 ms bound. */
    @Provide
    Arbitrary<List<Task>> badTaskLists() {
        return Arbitraries.oneOf(
                Arbitraries.just((List<Task>) null),
                Arbitraries.just(List.<Task>of()),
                Arbitraries.integers().between(1, 8).map(n -> {
                    List<Task> l = new ArrayList<>(CoreArgumentsPropertiesTest.distinct(n));
                    l.set(n - 1, null);
                    return l;
                }),
                Arbitraries.integers().between(2, 8).map(n -> {
                    List<Task> l = new ArrayList<>(CoreArgumentsPropertiesTest.distinct(n));
                    l.set(n - 1, l.get(0));
                    return l;
                }),
                Arbitraries.integers().between(ChildJvm.MAX_TASKS + 1, 200).map(CoreArgumentsPropertiesTest::distinct),
                Arbitraries.longs().between(1_001, 30_000_000).map(us -> List.of(Task.io("A", Duration.ofNanos(us * 1_000)))));
    }

    @Property(tries = 1)
    void childJvmRunValid(@ForAll("tinyWaits") Duration d) {
        validOrClear(() -> assertEquals(2, ChildJvm.cpus(1).quiet().timeout(Duration.ofSeconds(4))
                .run(Task.io("A", d), Task.cpu("B", 100)).report().events().size()), "no exception expected");
    }

    // ---- ipc: RoundTrips ----

    @Property(tries = 1000)
    void roundTripsOfAndTable(@ForAll("names") String channel, @ForAll("nanos") List<Long> nanos, @ForAll boolean echoed,
                              @ForAll("ints") int rows) {
        long[] ns = nanos == null ? null : nanos.stream().mapToLong(Long::longValue).toArray();
        validOrClear(() -> {
            RoundTrips r = RoundTrips.of(channel, ns, echoed);
            List<RoundTrips> list = new ArrayList<>();
            for (int i = 0; i < Math.min(Math.floorMod(rows, 80), 70); i++) {
                list.add(r);
            }
            RoundTrips.table(list).toString();
        }, "channel", "nanos", "rows");
    }

    @Provide
    Arbitrary<List<Long>> nanos() {
        return Arbitraries.oneOf(Arbitraries.just((List<Long>) null),
                Arbitraries.oneOf(anyLongs(), Arbitraries.longs().between(0, 1_000_000)).list().ofMaxSize(20));
    }

    @Property(tries = 1000)
    void roundTripsMeasureRejects(@ForAll("channels") Channel channel, @ForAll("ints") int count, @ForAll("ints") int bytes,
                                  @ForAll int which) {
        int c = Math.floorMod(which, 3) == 0 || channel == null ? count : 1;
        int b = Math.floorMod(which, 3) == 1 || channel == null ? bytes : 1;
        boolean valid = channel != null && c >= 1 && c <= RoundTrips.MAX_COUNT && b >= 1 && b <= 1024;
        int cc = valid ? -c : c; // in range by chance: make it bad, so that nothing real starts here
        rejected(() -> RoundTrips.measure(channel, cc, b), "channel", "count", "messageBytes");
    }

    @Provide
    Arbitrary<Channel> channels() {
        return Arbitraries.of(Channel.values()).injectNull(0.2);
    }

    @Property(tries = 1)
    void roundTripsMeasureValid(@ForAll("channels") Channel channel) {
        Channel ch = channel == null ? Channel.PIPE : channel;
        validOrClear(() -> assertEquals(3, RoundTrips.measure(ch, 3, 16).count()), "no exception expected");
    }

    // ---- isolation: ChildCopy, Browser ----

    @Property(tries = 1000)
    void childCopyRejects(@ForAll("badVariables") String name, @ForAll("longs") long value, @ForAll("longs") long newValue) {
        rejected(() -> ChildCopy.change(name, value, newValue), "name");
    }

    @Provide
    Arbitrary<String> badVariables() {
        return Arbitraries.oneOf(Arbitraries.of("", "1x", "a b", "x-y", "a".repeat(33), "$x", "x\n"),
                anyNames().filter(s -> s == null || !s.matches("[A-Za-z_][A-Za-z0-9_]{0,31}")));
    }

    @Property(tries = 1000)
    void browserOpenRejects(@ForAll("badTabs") List<String> names) {
        rejected(() -> Browser.open(array(names)).close(), "names");
    }

    /** Null, empty, over the cap, duplicates, or one bad name among good ones. */
    @Provide
    Arbitrary<List<String>> badTabs() {
        return Arbitraries.oneOf(Arbitraries.just((List<String>) null), Arbitraries.just(List.<String>of()),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).list().uniqueElements()
                        .ofMinSize(Browser.MAX_TABS + 1).ofMaxSize(20),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).list().ofMinSize(1).ofMaxSize(Browser.MAX_TABS - 1)
                        .map(l -> {
                            List<String> d = new ArrayList<>(l);
                            d.add(l.get(0));
                            return d;
                        }),
                Arbitraries.oneOf(Arbitraries.of("", " ", "a\tb", "x".repeat(21)), anyNames().filter(n -> !goodTab(n)))
                        .flatMap(bad -> Arbitraries.integers().between(0, Browser.MAX_TABS - 1).map(at -> {
                            List<String> l = tabNames(Browser.MAX_TABS - 1);
                            l.add(at, bad);
                            return l;
                        })));
    }

    private static boolean goodTab(String name) {
        return name != null && !name.isBlank() && name.codePointCount(0, name.length()) <= 20
                && name.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
    }

    private static List<String> tabNames(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add("tab" + i);
        }
        return l;
    }

    /** One real browser with two tabs; 200 odd lookups, crashes and waits against it in each try. */
    @Property(tries = 1)
    void browserValid(@ForAll("lookups") List<String> lookups, @ForAll("tinyWaits") Duration wait) {
        validOrClear(() -> {
            try (Browser b = Browser.open("mail", "maps")) {
                for (String name : lookups) {
                    try {
                        b.tab(name);
                    } catch (IllegalArgumentException | NullPointerException e) {
                        assertClear(e, "name");
                    }
                }
                b.await(wait);
                b.crash("maps");
                assertEquals(2, b.tabs().size());
            }
        }, "no exception expected");
    }

    @Provide
    Arbitrary<List<String>> lookups() {
        return Arbitraries.oneOf(anyNames(), Arbitraries.of("mail", "maps", "Mail")).list().ofSize(200);
    }

    // ---- python ----

    @Property(tries = 1000)
    void pythonAt(@ForAll("programs") String program) {
        validOrClear(() -> Python.at(program), "program");
    }

    @Provide
    Arbitrary<String> programs() {
        return Arbitraries.oneOf(anyNames(), Arbitraries.of("/usr/bin/python3", "/bin/true", "/tmp", "/no/such/python3", "",
                "python3", "/proc/self/status", "a\u0000b"));
    }

    @Property(tries = 1000)
    void pythonRunnerOptionsAndRejects(@ForAll("durations") Duration timeout, @ForAll("badTaskLists") List<Task> tasks,
                                       @ForAll("badAbouts") Duration about, @ForAll boolean threads, @ForAll int which) {
        // the checks come before the interpreter runs, so any executable does where there is no python3
        Python python = Python.find().orElseGet(() -> Python.at("/bin/true"));
        PythonRunner r = threads ? python.threads() : python.processes();
        switch (Math.floorMod(which, 3)) {
            case 0 -> validOrClear(() -> r.timeout(timeout).output(new PrintStream(new ByteArrayOutputStream())).quiet(), "timeout");
            case 1 -> rejected(() -> r.quiet().timeout(Duration.ofMillis(1)).run(tasks), "tasks");
            default -> rejected(() -> python.sizeFor(about), "about");
        }
    }

    @Provide
    Arbitrary<Duration> badAbouts() {
        return Arbitraries.oneOf(badDurations(Limits.MAX_TASK_DURATION), Arbitraries.longs().between(1_000, 999_999).map(Duration::ofNanos));
    }

    // ---- stack ----

    @Property(tries = 1000)
    void threadStack(@ForAll("ints") int n, @ForAll boolean nullThread) {
        validOrClear(() -> ThreadStack.of(nullThread ? null : Thread.currentThread()).top(n), "thread", "n");
    }
}
