package ptlab.kernel.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the kernel's time goes, phase by phase, for {@code make bench}: one JSON line per cell
 * JVM start and per cell, appended to the file the environment variable {@value #VARIABLE}
 * names. Without it, nothing is recorded (each call is one check of a constant).
 *
 * <p>A start line: {@code {"kind":"start","launch":12.3,...}}; a cell line:
 * {@code {"kind":"cell","wait":0.0,"split":0.4,...}}; times in milliseconds.
 */
public final class Phases {

    /** The environment variable that names the file to append to. */
    public static final String VARIABLE = "PTLAB_PHASE_LOG";

    /** One phase; the name is its key in the JSON line. */
    public enum Phase {
        /** Kernel: its JVM, from the process's start to {@code main} (at the clock's tick, 10 ms on Linux). */
        BOOT("boot"),
        /** Kernel: from {@code main} to serving requests (sockets bound, first cell JVM launched). */
        BIND("bind"),
        /** Start: the cell JVM process, from start to JDI's connection. */
        LAUNCH("launch"),
        /** Start: JDI's connection to the agent's socket accepted, JShell's engine ready. */
        ATTACH("attach"),
        /** Start: JShell built, compiler warmed up, class path set, start-up imports run (the launch and attach run meanwhile). */
        JSHELL("jshell"),
        /** Cell: waiting for the cell JVM (only the first cell, or one after a restart). */
        WAIT("wait"),
        /** Cell: cutting the cell into snippets (JShell's completeness analysis). */
        SPLIT("split"),
        /** Cell: JShell's eval in the kernel JVM, without its calls to the cell JVM (parse, types, wrap, javac). */
        COMPILE("compile"),
        /** Cell: classes sent to the cell JVM and defined there (or redefined over JDI). */
        LOAD("load"),
        /** Cell: the snippet run in the cell JVM and its value's text returned. */
        INVOKE("invoke"),
        /** Cell: the cell's end: output flushed, result published, reply sent. */
        REPLY("reply"),
        /** Cell: from the execute request's handler to its reply. */
        TOTAL("total");

        private final String key;

        Phase(String key) {
            this.key = key;
        }
    }

    /** Linux's clock ticks per second in {@code /proc} (USER_HZ, 100 on every architecture it runs the JDK on). */
    private static final int USER_HZ = 100;
    private static final Path FILE = file();
    private static final Map<Phase, Long> CELL = new EnumMap<>(Phase.class);

    private Phases() {
    }

    private static Path file() {
        String f = System.getenv(VARIABLE);
        return f == null || f.isBlank() ? null : Path.of(f);
    }

    /** @return true if phases are recorded */
    public static boolean on() {
        return FILE != null;
    }

    /** @return a start time for {@link #since}, or 0 when nothing is recorded */
    public static long now() {
        return FILE == null ? 0 : System.nanoTime();
    }

    /** Adds the time since {@code start} (from {@link #now}) to the running cell's phase. */
    public static void since(Phase phase, long start) {
        if (FILE != null) {
            add(phase, System.nanoTime() - start);
        }
    }

    /** Adds {@code nanos} to the running cell's phase. */
    public static void add(Phase phase, long nanos) {
        if (FILE != null) {
            synchronized (CELL) {
                CELL.merge(phase, nanos, Long::sum);
            }
        }
    }

    /** Takes away {@code nanos} from the running cell's phase (time spent in a nested phase). */
    public static void subtract(Phase phase, long nanos) {
        add(phase, -nanos);
    }

    /** Writes the running cell's line and starts a new one. */
    public static void cellDone() {
        if (FILE != null) {
            Map<Phase, Long> copy;
            synchronized (CELL) {
                copy = new EnumMap<>(CELL);
                CELL.clear();
            }
            write("cell", copy);
        }
    }

    /** Writes the kernel's line: {@code main} was entered at {@code mainStart} (from {@link #now}), and requests are served now. */
    public static void serving(long mainStart) {
        if (FILE != null) {
            Map<Phase, Long> m = new EnumMap<>(Phase.class);
            long alive = sinceProcessStart();
            if (alive >= 0) {
                m.put(Phase.BOOT, alive - (System.nanoTime() - mainStart));
            }
            m.put(Phase.BIND, System.nanoTime() - mainStart);
            write("kernel", m);
        }
    }

    /**
     * Nanoseconds since this process started, or -1 if unknown. On Linux from {@code /proc}: the
     * time since boot less the process's start in clock ticks since boot (both at 10 ms).
     * {@link ProcessHandle.Info#startInstant()} adds those ticks to the boot time in whole seconds
     * ({@code btime}), which puts the start up to a second too early.
     */
    private static long sinceProcessStart() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            // fields after "pid (command) ": the 20th is field 22 of proc(5), starttime
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double startSeconds = Long.parseLong(fields[19]) / (double) USER_HZ;
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime"), StandardCharsets.US_ASCII).split(" ")[0]);
            return (long) ((uptime - startSeconds) * 1e9);
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().info().startInstant()
                    .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toNanos()).orElse(-1L);
        }
    }

    /** Writes a line for one cell JVM's start. */
    public static void started(long launchNanos, long attachNanos, long jshellNanos) {
        if (FILE != null) {
            Map<Phase, Long> m = new EnumMap<>(Phase.class);
            m.put(Phase.LAUNCH, launchNanos);
            m.put(Phase.ATTACH, attachNanos);
            m.put(Phase.JSHELL, jshellNanos);
            write("start", m);
        }
    }

    private static void write(String kind, Map<Phase, Long> phases) {
        StringBuilder line = new StringBuilder("{\"kind\":\"").append(kind).append('"');
        phases.forEach((p, nanos) -> line.append(",\"").append(p.key).append("\":")
                .append(String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6)));
        line.append("}\n");
        synchronized (Phases.class) {
            try {
                Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                // a bench aid: never a reason to fail a cell
            }
        }
    }
}
