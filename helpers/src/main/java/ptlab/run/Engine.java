package ptlab.run;

import java.time.Duration;
import java.util.List;

/**
 * What starts and stops the workers of one run: threads of this JVM, child JVMs or a CPython process. The
 * {@link RunLoop} calls it from the calling thread; the workers report through the {@link Context} it is given.
 */
public interface Engine {

    /**
     * Starts all tasks and returns at once (or, when {@link #inCallingThread()}, runs them all right here).
     *
     * @param context the run's tasks, clock, deadline and sink
     * @throws InterruptedException when the calling thread is interrupted while the tasks run in it
     */
    void start(Context context) throws InterruptedException;

    /** True when {@link #start(Context)} does the tasks itself, in the calling thread, and returns when they are done. */
    default boolean inCallingThread() {
        return false;
    }

    /** Stops everything at once (interrupt threads, kill processes); may be called more than once. */
    void cancel();

    /**
     * Waits until everything it started is gone.
     *
     * @param timeout how long to wait at most
     * @return false if something is still alive at the timeout
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    boolean awaitGone(Duration timeout) throws InterruptedException;

    /** What is still alive, in words ({@code thread worker-A}, {@code process 4122}); empty when nothing. */
    List<String> leftovers();

    /** Releases what is left (closes child stdins); called last, always. */
    void close();
}
