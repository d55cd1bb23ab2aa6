package ptlab.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.BeforeTry;

import ptlab.internal.Tracker;
import ptlab.task.Limits;
import ptlab.testing.HangGuard;
import ptlab.testing.NoLeftovers;

/**
 * What every property test of bad input checks (issue 6), as a base class: each try calls one public method
 * through {@link #validOrClear} (a value is fine, else the clear exception) or {@link #rejected} (must throw the
 * clear exception and start nothing first). The clear exception is an {@link IllegalArgumentException} whose
 * message names the parameter and says what is allowed (or names the cap), or a {@link NullPointerException}
 * naming the parameter. After every try: it took under {@value #TRY_BOUND_SECONDS} s and no child process is
 * alive; after every property: no thread or process is left (the jqwik equivalent of {@link NoLeftovers}, a
 * JUnit Jupiter extension that does not see jqwik tries). After each class: every {@code @Property} ran all its
 * tries (a property that does not run is a failure), and one line with the counts is printed.
 */
abstract class ArgumentProperties {

    /** A hang guard, not a speed claim: a try that ignores its own bounds is caught, a slow machine is not. */
    static final long TRY_BOUND_SECONDS = HangGuard.MILLIS / 1000;

    /** jqwik's own INFO lines (edge cases outnumbering tries, a rerun after a failure) are not shown. */
    private static final Logger JQWIK_LOG = Logger.getLogger("net.jqwik");

    static {
        JQWIK_LOG.setLevel(Level.WARNING);
    }

    /** Tries per property, by class and method name: counted in the checks, compared with the annotations. */
    private static final Map<Class<?>, Map<String, AtomicLong>> TRIES = new ConcurrentHashMap<>();

    private Set<Thread> before;
    private boolean counted;

    @BeforeProperty
    void snapshot() {
        before = new HashSet<>(Thread.getAllStackTraces().keySet());
        TRIES.computeIfAbsent(getClass(), c -> new ConcurrentHashMap<>());
    }

    @BeforeTry
    void newTry() {
        counted = false;
    }

    @AfterTry
    void noChildLeft() {
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "a child process is left");
    }

    @AfterProperty
    void noLeftovers() throws InterruptedException {
        assertTrue(!Thread.interrupted(), "interrupt status left set");
        long deadline = System.nanoTime() + HangGuard.MILLIS * 1_000_000L; // what ends, ends well before
        List<String> left = NoLeftovers.leftovers(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = NoLeftovers.leftovers(before);
        }
        if (!left.isEmpty()) {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            fail("left running: " + left);
        }
    }

    @AfterContainer
    static void everyPropertyRan() {
        List<String> short_ = new ArrayList<>();
        for (Map.Entry<Class<?>, Map<String, AtomicLong>> e : TRIES.entrySet()) {
            Class<?> c = e.getKey();
            long total = 0;
            int properties = 0;
            for (Method m : c.getDeclaredMethods()) {
                Property p = m.getAnnotation(Property.class);
                if (p != null) {
                    AtomicLong n = e.getValue().get(m.getName());
                    long tries = n == null ? 0 : n.get();
                    if (tries < p.tries()) { // shrinking after a failure adds tries
                        short_.add(c.getSimpleName() + "." + m.getName() + " ran " + tries + " of " + p.tries() + " tries");
                    }
                    total += tries;
                    properties++;
                }
            }
            System.out.printf(Locale.ROOT, "%s: %d properties, %,d generated cases (each try bounded by %d s, a hang guard)%n",
                    c.getSimpleName(), properties, total, TRY_BOUND_SECONDS);
        }
        TRIES.clear();
        assertTrue(short_.isEmpty(), "properties that did not run all their tries: " + short_);
    }

    /** Counts this try, once, for the calling property method (found on the stack: the first method of a subclass). */
    private void count() {
        if (counted) {
            return;
        }
        counted = true;
        String property = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(s -> s.filter(f -> f.getDeclaringClass() == getClass()).findFirst()).orElseThrow().getMethodName();
        TRIES.get(getClass()).computeIfAbsent(property, k -> new AtomicLong()).incrementAndGet();
    }

    /** A call that may throw anything. */
    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    /** Runs {@code call}: a value is fine, else the exception must be the clear one naming one of {@code params}. */
    final void validOrClear(Call call, String... params) {
        count();
        long start = System.nanoTime();
        long created = Tracker.created();
        try {
            call.run();
        } catch (NullPointerException | IllegalArgumentException e) {
            assertClear(e, params);
            assertEquals(created, Tracker.created(), "started a thread or process before rejecting: " + e.getMessage());
        } catch (Exception e) {
            fail("wrong exception type " + e, e);
        }
        bounded(start);
    }

    /** Runs {@code call}, which must be rejected with the clear exception before it starts any thread or process. */
    final void rejected(Call call, String... params) {
        count();
        long start = System.nanoTime();
        long created = Tracker.created();
        try {
            call.run();
            fail("accepted; expected a rejection naming one of " + List.of(params));
        } catch (NullPointerException | IllegalArgumentException e) {
            assertClear(e, params);
            assertEquals(created, Tracker.created(), "started a thread or process before rejecting: " + e.getMessage());
        } catch (Exception e) {
            fail("wrong exception type " + e, e);
        }
        bounded(start);
    }

    private static void bounded(long start) {
        long took = System.nanoTime() - start;
        assertTrue(took < TRY_BOUND_SECONDS * 1_000_000_000L, "one try took " + took / 1_000_000 + " ms");
    }

    static void assertClear(RuntimeException e, String... params) {
        String m = e.getMessage();
        assertTrue(m != null, "no message: " + e);
        if (List.of(params).stream().noneMatch(m::contains)) {
            fail("message names none of " + List.of(params) + ": " + m, e);
        }
        if (e instanceof IllegalArgumentException) {
            assertTrue(m.contains("allowed") || m.contains("cap"), "no allowed range or cap in: " + m);
        }
    }

    // ---- generators shared by the classes: mostly edge cases and invalid values ----

    static Arbitrary<String> anyNames() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(0).ofMaxLength(80),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10),
                Arbitraries.of("", " ", "\t", "A\nB", "A\u0000", "x\u2028", "é", "a".repeat(64), "a".repeat(65)),
                Arbitraries.just((String) null));
    }

    static Arbitrary<Duration> anyDurations() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(Duration::ofNanos),
                Arbitraries.longs().between(-5_000, 100_000).map(Duration::ofMillis),
                Arbitraries.of(Duration.ZERO, Duration.ofNanos(999), Duration.ofNanos(1000), Duration.ofMillis(1),
                        Duration.ofSeconds(30), Duration.ofSeconds(30).plusNanos(1), Duration.ofSeconds(60),
                        Duration.ofSeconds(61), Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MIN_VALUE)),
                Arbitraries.just((Duration) null));
    }

    /** Durations that are all invalid as a time bound of at least 1 µs and at most {@code max}. */
    static Arbitrary<Duration> badDurations(Duration max) {
        return Arbitraries.oneOf(
                Arbitraries.longs().lessOrEqual(999).map(Duration::ofNanos),
                Arbitraries.longs().between(max.toMillis() + 1, Long.MAX_VALUE / 1_000_000).map(Duration::ofMillis),
                Arbitraries.of(Duration.ZERO, max.plusNanos(1), Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MIN_VALUE)),
                Arbitraries.just((Duration) null));
    }

    static Arbitrary<Long> anyLongs() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-10, 1_000_000),
                Arbitraries.of(0L, 1L, -1L, Limits.MAX_CPU_SIZE, Limits.MAX_CPU_SIZE + 1, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    static Arbitrary<Integer> anyInts() {
        return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(-5, 2000),
                Arbitraries.of(0, 1, -1, 64, 65, 1024, 1025, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    /** Lists of strings: null, with null elements, long, or ordinary. */
    static Arbitrary<List<String>> stringLists(int maxSize) {
        return Arbitraries.oneOf(anyNames().list().ofMaxSize(maxSize), Arbitraries.just((List<String>) null));
    }

    static String[] array(List<String> list) {
        return list == null ? null : list.toArray(String[]::new);
    }

    static <T> List<T> copy(List<T> list) {
        return list == null ? null : new ArrayList<>(list);
    }
}
