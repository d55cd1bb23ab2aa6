package ptlab.kernel.session;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import ptlab.kernel.output.OutputRouter;

/**
 * Keeps one {@link CellSession} going. The first one is started in the background as soon as the
 * kernel starts, in parallel with the kernel's own start-up; when a cell JVM ends (exit, halt,
 * crash, or replaced after an interrupt) a fresh one is started at once, with the class path
 * entries that magics added before.
 */
public final class Sessions implements AutoCloseable {

    private final CellJvmSpec spec;
    private final OutputRouter router;
    private final List<Path> classPath = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> deathNote = new AtomicReference<>();
    private CompletableFuture<CellSession> next; // guarded by this
    private boolean closed;                      // guarded by this

    /**
     * @param spec   how to start each cell JVM
     * @param router where the cell JVMs' output goes
     */
    public Sessions(CellJvmSpec spec, OutputRouter router) {
        this.spec = spec;
        this.router = router;
    }

    /**
     * Starts the first session in the background: JShell, its compiler and the cell JVM. Call it
     * once the kernel's own ports are bound: the cell JVM's listeners take ports from the range
     * that Jupyter chose those from.
     */
    public synchronized void start() {
        next = launch();
    }

    private CompletableFuture<CellSession> launch() {
        CompletableFuture<CellSession> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                CellSession s = CellSession.start(spec, router, List.copyOf(classPath));
                f.complete(s);
                s.addHelperSources(); // after the start: the first cell need not wait for it
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "ptlab-cell-jvm-start");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /**
     * The live session, waiting for it to start if need be. A session whose JVM has ended while
     * no cell ran is replaced, and a line for the user is kept for {@link #takeDeathNote()}.
     *
     * @throws IllegalStateException if the cell JVM cannot be started
     */
    public CellSession current() {
        CompletableFuture<CellSession> f;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the kernel is shutting down");
            }
            f = next;
        }
        CellSession s;
        try {
            s = f.join();
        } catch (CompletionException e) {
            synchronized (this) {
                if (next == f) {
                    next = launch(); // try again next time
                }
            }
            throw new IllegalStateException("The JVM for your cells could not be started: "
                    + rootMessage(e), e);
        }
        if (s.isAlive()) {
            return s;
        }
        OptionalInt status = s.jvm().exitStatus(1000);
        deathNote.set("The JVM running your cells exited with status "
                + (status.isPresent() ? status.getAsInt() : "unknown") + " while no cell was running; state was reset.");
        replace(s);
        return current();
    }

    /** @return true while a cell JVM is being started (its session is not there yet) */
    public synchronized boolean starting() {
        return !closed && next != null && !next.isDone();
    }

    /** @return the note about a cell JVM that ended between cells (once), or null */
    public String takeDeathNote() {
        return deathNote.getAndSet(null);
    }

    /**
     * Ends {@code dead} (if it is still the current session) and starts a fresh one in the
     * background.
     */
    public void replace(CellSession dead) {
        synchronized (this) {
            if (closed || next == null || !next.isDone() || next.isCompletedExceptionally() || next.join() != dead) {
                return;
            }
            next = launch();
        }
        dead.close();
    }

    /** Adds entries to the class path of this and every later cell JVM. */
    public void addToClassPath(CellSession session, List<Path> entries) {
        for (Path p : entries) {
            if (!classPath.contains(p)) {
                classPath.add(p);
                session.jshell().addToClasspath(p.toString());
            }
        }
    }

    /** Ends the current cell JVM with its descendants; no new one is started. */
    @Override
    public void close() {
        CompletableFuture<CellSession> f;
        synchronized (this) {
            closed = true;
            f = next;
        }
        if (f == null) {
            return;
        }
        // a session still starting is closed as soon as it is there
        f.thenAccept(CellSession::close);
    }

    /** The innermost message of a failure, on one line. */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m).strip();
    }
}
