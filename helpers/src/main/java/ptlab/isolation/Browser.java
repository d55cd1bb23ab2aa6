package ptlab.isolation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import ptlab.display.Table;
import ptlab.display.Tabular;
import ptlab.internal.Checks;
import ptlab.process.ChildExit;
import ptlab.process.ChildProcess;
import ptlab.process.JavaCommand;

/**
 * A toy multi-process browser: every tab is a child JVM of its own ({@code TabChild}) that renders a frame every
 * 100 ms. {@link #crash(String)} kills one tab's process, as a crashing renderer would end; the other tabs are
 * separate processes and keep rendering. Use it in a try-with-resources block: {@link #close()} ends every tab.
 * A tab also ends by itself after {@link #LIFETIME}, and when this process is gone.
 *
 * <pre>{@code
 * try (Browser browser = Browser.open("news", "mail", "video")) {
 *     browser.crash("video");
 *     browser.await(Duration.ofMillis(500));
 *     display(browser);      // video crashed, news and mail still running with more frames
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable, Tabular {

    /** The most tabs: {@value} (each is a JVM of about 40 MB). */
    public static final int MAX_TABS = 6;

    /** The longest a tab lives before its watchdog ends it: 60 s. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);

    /** How long {@link #open(String...)} waits for every tab's first frame: 30 s (cold JVMs on one busy CPU). */
    public static final Duration OPEN_BOUND = Duration.ofSeconds(30);

    /** The longest single {@link #await(Duration)}: 10 s. */
    public static final Duration MAX_AWAIT = Duration.ofSeconds(10);

    /** Milliseconds between two frames of a tab: {@value}. */
    public static final int FRAME_MILLIS = 100;

    private final class Entry implements ChildProcess.Listener {
        final String name;
        final AtomicLong frames = new AtomicLong();
        volatile ChildProcess process;
        volatile ChildExit exit;
        volatile boolean closing;

        Entry(String name) {
            this.name = name;
        }

        @Override
        public void line(String text, boolean stderr, boolean cut) {
            if (!stderr && text.startsWith("frame ")) {
                frames.incrementAndGet();
                synchronized (Browser.this) {
                    Browser.this.notifyAll();
                }
            }
        }

        @Override
        public void exited(ChildExit e) {
            exit = e;
            synchronized (Browser.this) {
                Browser.this.notifyAll();
            }
        }

        Tab snapshot() {
            ChildExit e = exit;
            String state = e == null ? "running" : closing ? "closed" : "crashed";
            ChildProcess p = process;
            return new Tab(name, p == null ? -1 : p.pid(), state, frames.get(), e == null ? "" : e.describe());
        }
    }

    private final Map<String, Entry> tabs = new LinkedHashMap<>();

    private Browser() {
    }

    /**
     * Opens a browser with these tabs and waits until each has rendered its first frame.
     *
     * @param names 1 to {@value #MAX_TABS} distinct tab names, each 1 to 20 printable characters
     * @throws InterruptedException when interrupted (every tab is closed first)
     * @throws IllegalStateException when a tab does not start within {@link #OPEN_BOUND}
     */
    public static Browser open(String... names) throws InterruptedException {
        Checks.noNulls(names, "names");
        if (names.length == 0) {
            throw new IllegalArgumentException("names must not be empty; allowed: 1 to " + MAX_TABS + " tab names");
        }
        Checks.cap(names.length, MAX_TABS, "names", "tabs", "Browser.MAX_TABS");
        if (new LinkedHashSet<>(List.of(names)).size() != names.length) {
            throw new IllegalArgumentException("names has duplicates: " + List.of(names) + "; allowed: distinct tab names");
        }
        for (int i = 0; i < names.length; i++) {
            Checks.name(names[i], "names[" + i + "]", 20);
            if (names[i].contains(" ")) {
                throw new IllegalArgumentException("names[" + i + "] = \"" + names[i] + "\" contains a space; allowed: one word");
            }
        }
        Browser b = new Browser();
        long me = ProcessHandle.current().pid();
        try {
            for (String name : names) {
                Entry e = b.new Entry(name);
                b.tabs.put(name, e);
                List<String> cmd = JavaCommand.of(TabChild.class, List.of("-XX:TieredStopAtLevel=1"),
                        List.of("--parent", Long.toString(me), "--name", name, "--frame-ms", Integer.toString(FRAME_MILLIS)));
                e.process = ChildProcess.start("tab-" + name, cmd, JavaCommand.environment(), LIFETIME, e);
            }
            long deadline = System.nanoTime() + OPEN_BOUND.toNanos();
            synchronized (b) {
                while (b.tabs.values().stream().anyMatch(e -> e.frames.get() == 0 && e.exit == null)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("not every tab started within " + OPEN_BOUND.toSeconds() + " s");
                    }
                    b.wait(Math.max(1, left / 1_000_000));
                }
            }
            for (Entry e : b.tabs.values()) {
                if (e.exit != null) {
                    throw new IllegalStateException("tab " + e.name + " could not start: " + e.exit.describe());
                }
            }
            return b;
        } catch (InterruptedException | RuntimeException | Error e) {
            b.kill();
            throw e;
        }
    }

    /** Every tab as it is now, in the order opened. */
    public synchronized List<Tab> tabs() {
        List<Tab> list = new ArrayList<>();
        for (Entry e : tabs.values()) {
            list.add(e.snapshot());
        }
        return list;
    }

    /** One tab as it is now. */
    public Tab tab(String name) {
        return entry(name).snapshot();
    }

    private Entry entry(String name) {
        Checks.notNull(name, "name");
        Entry e = tabs.get(name);
        if (e == null) {
            throw new IllegalArgumentException("name = \"" + name + "\" is not a tab; allowed: " + tabs.keySet());
        }
        return e;
    }

    /**
     * Crashes one tab: its process is killed at once (SIGKILL on Unix), as a renderer that crashes ends. Waits
     * (at most 2 s) until it is gone.
     *
     * @throws InterruptedException when interrupted while waiting (every tab is closed first)
     */
    public void crash(String name) throws InterruptedException {
        Entry e = entry(name);
        e.process.destroy();
        try {
            e.process.awaitGone(Duration.ofSeconds(2));
        } catch (InterruptedException ex) {
            kill();
            throw ex;
        }
    }

    /**
     * Lets the tabs work for a while.
     *
     * @param time more than 0, at most {@link #MAX_AWAIT}
     * @throws InterruptedException when interrupted (every tab is closed first)
     */
    public void await(Duration time) throws InterruptedException {
        Checks.positiveDuration(time, MAX_AWAIT, "time");
        try {
            Thread.sleep(time);
        } catch (InterruptedException e) {
            kill();
            throw e;
        }
    }

    /** Kills every tab at once and waits (at most 2 s) until they are gone: the way out after an interrupt. */
    private void kill() {
        for (Entry e : tabs.values()) {
            e.closing = e.exit == null;
            if (e.process != null) {
                e.process.destroy();
            }
        }
        close();
    }

    /** Closes every tab (closes its stdin, so it ends; kills it if it has not ended within 2 s) and waits. */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        for (Entry e : tabs.values()) {
            e.closing |= e.exit == null;
            if (interrupted && e.process != null) {
                e.process.destroy(); // an interrupted cell must be free within a second
            }
            if (e.process != null) {
                e.process.closeStdin();
            }
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (Entry e : tabs.values()) {
            ChildProcess p = e.process;
            if (p == null) {
                continue;
            }
            try {
                if (!p.awaitGone(Duration.ofNanos(Math.max(1_000, deadline - System.nanoTime())))) {
                    p.destroy();
                    p.awaitGone(Duration.ofSeconds(2));
                }
            } catch (InterruptedException ex) {
                interrupted = true;
                p.destroy();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One row per tab: name, pid, state, frames rendered, how it ended. */
    @Override
    public Table table() {
        Table.Builder b = Table.builder("tab", "pid", "state", "frames", "how it ended").alignRight(1, 3)
                .title("browser in pid " + ProcessHandle.current().pid() + ", one process per tab");
        for (Tab t : tabs()) {
            b.row(t.name(), t.pid(), t.state(), t.frames(), t.exit().isEmpty() ? "-" : t.exit());
        }
        return b.build();
    }


    /** The table's text. */
    @Override
    public String toString() {
        return table().toString();
    }
}
