package ptlab.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import ptlab.Runner;
import ptlab.task.Calibration;
import ptlab.task.Event;
import ptlab.task.Limits;
import ptlab.task.Machine;
import ptlab.task.Report;
import ptlab.task.Task;

/**
 * Bad input for the core entry points ({@code ptlab}: Task, Calibration, Runner and its options, Event, Report):
 * 1,000 generated argument sets per property, most of them invalid (see {@link ArgumentProperties} for what each
 * try checks). {@code Runner.run} gets bad task lists for every runner, processes included, which must be
 * rejected before anything starts, and tiny valid runs (waits of at most 2 ms, 1 to 3 tasks) for the runners in
 * this JVM; child JVMs get only a handful of valid runs ({@link #runValidTinyInProcesses}), because 1,000 JVM
 * starts would take minutes.
 */
class CoreArgumentsPropertiesTest extends ArgumentProperties {

    @Provide Arbitrary<String> names() { return anyNames(); }
    @Provide Arbitrary<Duration> durations() { return anyDurations(); }
    @Provide Arbitrary<Long> longs() { return anyLongs(); }
    @Provide Arbitrary<Integer> ints() { return anyInts(); }

    @Provide
    Arbitrary<Double> seconds() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-100, 100),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1e-7, 1e-6,
                        30.0, 30.000001, Double.MAX_VALUE, Double.MIN_VALUE, -Double.MAX_VALUE));
    }

    // ---- Task ----

    @Property(tries = 1000)
    void taskIoSeconds(@ForAll("names") String name, @ForAll("seconds") double seconds) {
        validOrClear(() -> Task.io(name, seconds), "name", "seconds");
    }

    @Property(tries = 1000)
    void taskIoDuration(@ForAll("names") String name, @ForAll("durations") Duration duration) {
        validOrClear(() -> Task.io(name, duration), "name", "duration");
    }

    @Property(tries = 1000)
    void taskCpu(@ForAll("names") String name, @ForAll("longs") long n) {
        validOrClear(() -> Task.cpu(name, n), "name", "n");
    }

    @Property(tries = 1000)
    void taskOf(@ForAll("names") String name, @ForAll("longs") long size, @ForAll int kind) {
        Task.Kind k = Math.floorMod(kind, 3) == 2 ? null : Task.Kind.values()[Math.floorMod(kind, 2)];
        validOrClear(() -> Task.of(k, name, size), "kind", "name", "size", "n");
    }

    @Property(tries = 1000)
    void taskKindOfLabel(@ForAll("names") String label) {
        validOrClear(() -> Task.Kind.ofLabel(label), "label");
    }

    @Property(tries = 1000)
    void taskNamed(@ForAll("names") String name) {
        validOrClear(() -> Task.io("A", 0.001).named(name), "newName", "name");
    }

    @Property(tries = 1000)
    void taskCpuCalibrated(@ForAll("names") String name, @ForAll("durations") Duration about) {
        validOrClear(() -> Task.cpuCalibrated(name, about), "name", "about");
    }

    // ---- Calibration ----

    @Property(tries = 1000)
    void calibrationSizeFor(@ForAll("durations") Duration about) {
        validOrClear(() -> Calibration.get().sizeFor(about), "about");
    }

    @Property(tries = 1000)
    void calibrationEstimate(@ForAll("longs") long n) {
        validOrClear(() -> Calibration.get().estimate(n), "n");
    }

    // ---- Runner factories and options (nothing starts) ----

    @Property(tries = 1000)
    void runnerPool(@ForAll("ints") int threads) {
        validOrClear(() -> Runner.pool(threads), "threads");
    }

    @Property(tries = 1000)
    void runnerTimeoutAndOutput(@ForAll("durations") Duration timeout, @ForAll int which, @ForAll boolean nullOut) {
        Runner r = runners().get(Math.floorMod(which, 5));
        PrintStream out = nullOut ? null : new PrintStream(new ByteArrayOutputStream());
        validOrClear(() -> r.timeout(timeout).output(out), "timeout", "out");
    }

    @Property(tries = 1000)
    void runnerActiveProcessors(@ForAll("ints") int n) {
        validOrClear(() -> Runner.processes().activeProcessors(n), "n");
    }

    @Property(tries = 1000)
    void runnerJvmOptions(@ForAll("options") List<String> options) {
        validOrClear(() -> Runner.processes().jvmOptions(array(options)), "options");
    }

    @Provide
    Arbitrary<List<String>> options() {
        Arbitrary<String> one = Arbitraries.oneOf(anyNames(),
                Arbitraries.of("-Xmx64m", "-cp", "-jar", "--module-path", " -Xss1m", "-Dx=y", "-", "Xmx1g"));
        return Arbitraries.oneOf(one.list().ofMaxSize(40), Arbitraries.just((List<String>) null));
    }

    private static List<Runner> runners() {
        return List.of(Runner.sequential(), Runner.threads(), Runner.virtualThreads(), Runner.pool(2), Runner.processes());
    }

    // ---- Runner.run ----

    /**
     * Invalid task lists (null, empty, a null element, duplicate names, over the largest cap) for every runner,
     * processes included: each must be rejected before anything starts.
     */
    @Property(tries = 1000)
    void runRejectsBadTaskLists(@ForAll int which, @ForAll("badTaskLists") List<Task> tasks) {
        Runner r = runners().get(Math.floorMod(which, 5)).quiet();
        rejected(() -> r.run(tasks), "tasks");
    }

    @Provide
    Arbitrary<List<Task>> badTaskLists() {
        return Arbitraries.oneOf(
                Arbitraries.just((List<Task>) null),
                Arbitraries.just(List.<Task>of()),
                Arbitraries.integers().between(1, 20).flatMap(n -> Arbitraries.integers().between(0, n - 1).map(i -> {
                    List<Task> l = new ArrayList<>(distinct(n));
                    l.set(i, null);
                    return l;
                })),
                Arbitraries.integers().between(2, 20).map(n -> {
                    List<Task> l = new ArrayList<>(distinct(n));
                    l.set(n - 1, l.get(0));
                    return l;
                }),
                Arbitraries.integers().between(Limits.MAX_TASKS + 1, 12_000).map(CoreArgumentsPropertiesTest::distinct));
    }

    /** Waits over a 1 ms time bound, for every runner: rejected before anything starts, the bound in the message. */
    @Property(tries = 1000)
    void runRejectsWaitingOverTheBound(@ForAll int which, @ForAll("waits") double seconds) {
        Runner r = runners().get(Math.floorMod(which, 5)).quiet().timeout(Duration.ofMillis(1));
        rejected(() -> r.run(Task.io("A", seconds)), "time bound of 0.001 s");
    }

    @Provide
    Arbitrary<Double> waits() {
        return Arbitraries.doubles().between(0.002, 30).ofScale(6);
    }

    /** Over a mode's own cap (threads 64, virtual threads 10,000, processes 8): rejected, the cap in the message. */
    @Property(tries = 1000)
    void runRejectsOverTheModeCap(@ForAll int which, @ForAll("overCap") int extra) {
        Runner r = List.of(Runner.processes(), Runner.threads(), Runner.virtualThreads()).get(Math.floorMod(which, 3)).quiet();
        int cap = switch (Math.floorMod(which, 3)) {
            case 0 -> Limits.MAX_PROCESSES;
            case 1 -> Limits.MAX_PLATFORM_THREADS;
            default -> Limits.MAX_VIRTUAL_THREADS;
        };
        rejected(() -> r.run(distinct(cap + extra)), "over the cap of " + cap + " ");
    }

    @Provide
    Arbitrary<Integer> overCap() {
        return Arbitraries.integers().between(1, 200);
    }

    /** Tiny valid runs in this JVM (1 to 3 tasks, waits up to 2 ms, CPU tasks up to 1,000): they finish, leave nothing. */
    @Property(tries = 1000)
    void runValidTiny(@ForAll int which, @ForAll("tinyTasks") List<Task> tasks) {
        Runner r = runners().get(Math.floorMod(which, 4)).quiet().timeout(Duration.ofSeconds(TRY_BOUND_SECONDS - 1));
        validOrClear(() -> {
            Report report = r.run(tasks);
            assertEquals(tasks.size(), report.events().size(), report.toString());
            assertTrue(report.ok(), report.toString());
        }, "no exception expected");
    }

    @Provide
    Arbitrary<List<Task>> tinyTasks() {
        Arbitrary<Task> one = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 2_000).map(us -> Task.io("t", Duration.ofNanos(us * 1_000))),
                Arbitraries.longs().between(1, 1_000).map(n -> Task.cpu("t", n)));
        return one.list().ofMinSize(1).ofMaxSize(3).map(l -> {
            List<Task> named = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                named.add(l.get(i).named("T" + i));
            }
            return named;
        });
    }

    /** A handful of valid runs in child JVMs (each start costs about 0.1 s to 1 s on one CPU). */
    @Property(tries = 3)
    void runValidTinyInProcesses(@ForAll("tinyTasks") List<Task> tasks) {
        validOrClear(() -> assertTrue(Runner.processes().quiet().timeout(Duration.ofSeconds(4)).run(tasks).ok()),
                "no exception expected");
    }

    static List<Task> distinct(int n) {
        List<Task> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(Task.io("T" + i, 0.001));
        }
        return l;
    }

    // ---- Event and Report ----

    @Property(tries = 1000)
    void eventConstructor(@ForAll("longs") long pid, @ForAll("longs") long parentPid, @ForAll("names") String thread,
                          @ForAll("longs") long submitted, @ForAll("longs") long start, @ForAll("longs") long end,
                          @ForAll("longs") long cpu, @ForAll boolean nulls) {
        Task task = nulls && pid % 2 == 0 ? null : Task.io("A", 0.001);
        Event.Status status = nulls && pid % 2 != 0 ? null : Event.Status.OK;
        validOrClear(() -> new Event(task, pid, parentPid, thread, submitted, start, end, cpu, status, "done"),
                "task", "pid", "parentPid", "thread", "submittedMicros", "startMicros", "endMicros", "cpuMicros", "status");
    }

    @Property(tries = 1000)
    void eventWithStatusAndOverlaps(@ForAll("names") String result, @ForAll int status, @ForAll boolean nullOther) {
        Event e = event("A", 10, 20);
        Event.Status s = Math.floorMod(status, 5) == 4 ? null : Event.Status.values()[Math.floorMod(status, Event.Status.values().length)];
        validOrClear(() -> e.withStatus(s, result).overlaps(nullOther ? null : e), "newStatus", "newResult", "other");
    }

    @Property(tries = 1000)
    void reportOf(@ForAll("names") String runner, @ForAll("longs") long start, @ForAll("longs") long end,
                  @ForAll("eventLists") List<Event> events, @ForAll("problems") List<String> problems, @ForAll boolean nullMachine) {
        Machine m = nullMachine ? null : Machine.current();
        validOrClear(() -> Report.of(runner, start, end, m, events, problems),
                "runner", "machine", "events", "problems", "endMicros");
    }

    @Provide
    Arbitrary<List<Event>> eventLists() {
        Arbitrary<Event> one = Arbitraries.oneOf(Arbitraries.of("A", "B", "C").map(n -> event(n, 10, 20)),
                Arbitraries.just((Event) null));
        return Arbitraries.oneOf(one.list().ofMaxSize(4), Arbitraries.just((List<Event>) null));
    }

    @Provide
    Arbitrary<List<String>> problems() {
        return Arbitraries.oneOf(Arbitraries.just((List<String>) null),
                Arbitraries.strings().ofMaxLength(10).injectNull(0.2).list().ofMaxSize(3));
    }

    @Property(tries = 1000)
    void reportEvent(@ForAll("names") String name) {
        Report r = Report.of("test", 0, 30, Machine.current(), List.of(event("A", 10, 20), event("B", 10, 30)), List.of());
        validOrClear(() -> r.event(name), "name");
    }

    private static Event event(String name, long start, long end) {
        return new Event(Task.io(name, 0.001), 1, 0, "t", start, start, end, -1, Event.Status.OK, "done");
    }
}
