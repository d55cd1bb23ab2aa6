package ptlab.os;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import ptlab.display.Displayable;
import ptlab.display.MimeBundle;
import ptlab.display.Table;
import ptlab.internal.Checks;

/**
 * The threads of this JVM at one moment, seen twice: as Java sees them ({@link Thread#getAllStackTraces()} and
 * {@link ThreadMXBean}: name, state, daemon, CPU time) and, where the OS has {@code /proc/self/task}, as the OS
 * sees them: every native thread of the process, including the JVM's own that Java never lists (the VM thread,
 * the JIT compilers, garbage collector workers). Virtual threads are not OS threads and appear in neither list.
 * Immutable.
 *
 * <pre>{@code
 * ThreadSnapshot t = ThreadSnapshot.now();
 * display(t.javaTable());
 * display(t.nativeTable());
 * }</pre>
 */
public final class ThreadSnapshot implements Displayable {

    /** The most threads listed in a table: {@value}; the rest are counted in a footer. */
    public static final int MAX_ROWS = 60;

    /**
     * A thread as Java sees it.
     *
     * @param id        {@link Thread#threadId()}
     * @param name      its name
     * @param state     {@link Thread.State} as text
     * @param daemon    true for a daemon thread (does not keep the JVM alive)
     * @param kind      who it belongs to: {@code JVM}, {@code kernel (ptlab)}, {@code cells}, {@code helper}, {@code other}
     * @param cpuMillis CPU time it used so far in ms, or -1 when not measured
     */
    public record JavaThread(long id, String name, String state, boolean daemon, String kind, long cpuMillis) {
        /** Checks the values. */
        public JavaThread {
            Checks.notNull(name, "name");
            Checks.notNull(state, "state");
            Checks.notNull(kind, "kind");
        }
    }

    /**
     * A thread as the OS sees it ({@code /proc/self/task/<tid>}).
     *
     * @param tid      the OS thread ID (the first one equals the process ID)
     * @param name     the OS name ({@code comm}: at most 15 characters, the start of the Java name)
     * @param state    the scheduler state letter and its meaning, e.g. {@code S (sleeping)}
     * @param javaSeen true when a Java thread has this name, false for a thread Java does not list
     * @param job      what a JVM-internal thread does, or empty
     */
    public record NativeThread(long tid, String name, String state, boolean javaSeen, String job) {
        /** Checks the values. */
        public NativeThread {
            Checks.notNull(name, "name");
            Checks.notNull(state, "state");
            Checks.notNull(job, "job");
        }
    }

    private final long pid;
    private final List<JavaThread> javaThreads;
    private final List<NativeThread> nativeThreads;
    private final String nativeNote;

    private ThreadSnapshot(long pid, List<JavaThread> javaThreads, List<NativeThread> nativeThreads, String nativeNote) {
        this.pid = pid;
        this.javaThreads = List.copyOf(javaThreads);
        this.nativeThreads = List.copyOf(nativeThreads);
        this.nativeNote = nativeNote;
    }

    /** The threads of this JVM, now. */
    public static ThreadSnapshot now() {
        return now(Path.of("/proc/self/task"));
    }

    /** The threads, the OS's read from {@code tasks} (normally {@code /proc/self/task}; tests give a missing one). */
    static ThreadSnapshot now(Path tasks) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpu = mx.isThreadCpuTimeSupported() && mx.isThreadCpuTimeEnabled();
        List<JavaThread> java = new ArrayList<>();
        Set<String> javaNames = new HashSet<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            long nanos = cpu ? mx.getThreadCpuTime(t.threadId()) : -1;
            java.add(new JavaThread(t.threadId(), t.getName(), t.getState().toString(), t.isDaemon(), kindOf(t),
                    nanos < 0 ? -1 : nanos / 1_000_000));
            javaNames.add(t.getName());
        }
        java.sort(Comparator.comparingLong(JavaThread::id));
        List<NativeThread> os = new ArrayList<>();
        String note = "";
        if (!Files.isDirectory(tasks)) {
            note = "this OS has no /proc/self/task, so the JVM's native threads (compiler, GC, VM thread) cannot be listed here";
        } else {
            try (Stream<Path> list = Files.list(tasks)) {
                for (Path task : (Iterable<Path>) list::iterator) {
                    NativeThread n = nativeThread(task, javaNames);
                    if (n != null) {
                        os.add(n);
                    }
                }
            } catch (IOException | RuntimeException e) {
                note = "could not read /proc/self/task: " + e.getMessage();
            }
            os.sort(Comparator.comparingLong(NativeThread::tid));
        }
        return new ThreadSnapshot(ProcessHandle.current().pid(), java, os, note);
    }

    private static NativeThread nativeThread(Path task, Set<String> javaNames) {
        long tid;
        try {
            tid = Long.parseLong(task.getFileName().toString());
        } catch (NumberFormatException e) {
            return null;
        }
        String name;
        String state = "?";
        try {
            name = Files.readString(task.resolve("comm")).strip();
            String stat = Files.readString(task.resolve("stat"));
            int close = stat.lastIndexOf(')');
            if (close > 0 && close + 2 < stat.length()) {
                state = stateText(stat.charAt(close + 2));
            }
        } catch (IOException e) {
            return null; // the thread ended while we looked
        }
        boolean seen = false;
        if (name.equals("java") && tid != ProcessHandle.current().pid() && javaNames.contains("main")) {
            // the thread that runs Java's main thread keeps the launcher's OS name
            return new NativeThread(tid, name, state, true, "Java's \"main\" thread (the OS still calls it java)");
        }
        for (String j : javaNames) {
            if (j.equals(name) || j.length() > 15 && j.startsWith(name) && name.length() == 15) {
                seen = true;
                break;
            }
        }
        return new NativeThread(tid, name, state, seen, seen ? "" : jobOf(name));
    }

    private static String stateText(char c) {
        return switch (c) {
            case 'R' -> "R (running)";
            case 'S' -> "S (sleeping)";
            case 'D' -> "D (waiting for I/O)";
            case 'T', 't' -> c + " (stopped)";
            case 'Z' -> "Z (zombie)";
            default -> String.valueOf(c);
        };
    }

    /** What a native-only JVM thread does, by its OS name. */
    static String jobOf(String name) {
        if (name.equals("VM Thread")) {
            return "the JVM's own thread: stops all others at safepoints; with Serial GC it also collects garbage";
        }
        if (name.startsWith("C2 CompilerThre")) {
            return "JIT compiler (C2): turns hot bytecode into optimised machine code";
        }
        if (name.startsWith("C1 CompilerThre")) {
            return "JIT compiler (C1): turns bytecode into machine code quickly";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("GC ")) {
            return "garbage collector worker";
        }
        if (name.startsWith("VM Periodic")) {
            return "the JVM's timer for periodic housekeeping";
        }
        if (name.startsWith("Service Thread")) {
            return "JVM housekeeping (e.g. memory-pool notifications)";
        }
        if (name.startsWith("Monitor Deflati")) {
            return "frees the memory of locks no longer used";
        }
        if (name.equals("java")) {
            return "the launcher's first thread: started the JVM, then waits for it to end";
        }
        if (name.startsWith("JDWP")) {
            return "the debugger link (JDWP) the kernel uses to start and stop cells";
        }
        if (name.startsWith("Sweeper")) {
            return "cleans the JIT's code cache";
        }
        return "a native thread Java does not list";
    }

    private static String kindOf(Thread t) {
        String name = t.getName();
        ThreadGroup g = t.getThreadGroup();
        if (g != null && g.getName().equals("system") || name.equals("Common-Cleaner") || name.startsWith("process reaper")
                || name.equals("Attach Listener") || name.equals("Notification Thread")) {
            return "JVM";
        }
        if (name.startsWith("ptlab-kernel") || name.equals("ptlab-interrupter") || name.equals("output reader")
                || name.startsWith("JShell") || name.startsWith("JDI")) {
            return "kernel (ptlab)";
        }
        if (name.equals("main")) {
            return System.getProperty(ProcessTree.KERNEL_PID_PROPERTY) != null ? "cells" : "main";
        }
        if (name.startsWith("ptlab-") || name.startsWith("-ptlab-") || name.startsWith("CommonsExec")) {
            return "helper";
        }
        return "other";
    }

    /** The process these threads belong to. */
    public long pid() {
        return pid;
    }

    /** The threads Java lists, by ID. */
    public List<JavaThread> javaThreads() {
        return javaThreads;
    }

    /** The threads the OS lists, by thread ID; empty when the OS does not show them (see {@link #nativeNote()}). */
    public List<NativeThread> nativeThreads() {
        return nativeThreads;
    }

    /** The OS threads that Java does not list (the JVM's internal ones). */
    public List<NativeThread> nativeOnly() {
        return nativeThreads.stream().filter(n -> !n.javaSeen()).toList();
    }

    /** True when the OS thread list could be read. */
    public boolean hasNativeView() {
        return nativeNote.isEmpty();
    }

    /** Why there is no OS thread list, or empty when there is one. */
    public String nativeNote() {
        return nativeNote;
    }

    /** The Java threads: id, name, kind, state, daemon, CPU time. */
    public Table javaTable() {
        Table.Builder b = Table.builder("id", "name", "belongs to", "state", "daemon", "CPU ms").alignRight(0, 5)
                .title(javaThreads.size() + " threads Java lists in pid " + pid);
        int shown = 0;
        for (JavaThread t : javaThreads) {
            if (shown++ == MAX_ROWS) {
                break;
            }
            b.row(t.id(), t.name(), t.kind(), t.state(), t.daemon() ? "yes" : "no", t.cpuMillis() < 0 ? "?" : Long.toString(t.cpuMillis()));
        }
        if (javaThreads.size() > MAX_ROWS) {
            b.footer("… and " + (javaThreads.size() - MAX_ROWS) + " more");
        }
        return b.build();
    }

    /** The OS threads: tid, name, state, whether Java lists it, and what the JVM-internal ones do. */
    public Table nativeTable() {
        Table.Builder b = Table.builder("tid", "OS name", "state", "Java lists it", "what it does").alignRight(0);
        if (!hasNativeView()) {
            return b.title(nativeNote).build();
        }
        b.title(nativeThreads.size() + " threads the OS lists in /proc/" + pid + "/task (" + nativeOnly().size()
                + " of them Java does not list)");
        int shown = 0;
        for (NativeThread t : nativeThreads) {
            if (shown++ == MAX_ROWS) {
                break;
            }
            b.row(t.tid(), t.name(), t.state(), t.javaSeen() ? "yes" : "no", t.job());
        }
        if (nativeThreads.size() > MAX_ROWS) {
            b.footer("… and " + (nativeThreads.size() - MAX_ROWS) + " more");
        }
        return b.build();
    }

    /** Both tables, Java's first. */
    @Override
    public MimeBundle toMimeBundle() {
        Table j = javaTable();
        Table n = nativeTable();
        return MimeBundle.of(j + "\n\n" + n).with("text/html", j.toHtml() + "<br>" + n.toHtml());
    }

    /** Counts in one line. */
    @Override
    public String toString() {
        return "pid " + pid + ": " + javaThreads.size() + " Java threads"
                + (hasNativeView() ? ", " + nativeThreads.size() + " OS threads (" + nativeOnly().size() + " not listed by Java)" : "");
    }
}
