package ptlab.race;

/**
 * A counter that several threads share: each calls {@link #increment()}, and {@link #get()} says how many
 * increments it counted. Write your own and race it:
 *
 * <pre>{@code
 * class Tally implements Counter {
 *     private long count;
 *     public void increment() { count++; }   // read, add 1, write back: three steps, not one
 *     public long get() { return count; }
 * }
 * Race.threads(4).increments(1_000_000).tries(3).run(Tally::new);
 * }</pre>
 *
 * A counter is safe when no increment can be lost however the threads' steps interleave: the three steps of
 * {@code count++} must be made one, with {@code synchronized}, a lock, or an atomic class
 * ({@link java.util.concurrent.atomic.AtomicLong}, {@link java.util.concurrent.atomic.LongAdder}).
 */
public interface Counter {

    /** Adds 1. Called by many threads at once. */
    void increment();

    /** The count, read after every thread has finished. */
    long get();
}
