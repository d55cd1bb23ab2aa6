/**
 * Interleavings you write and replay: real threads, one labelled step at a time, in the order a schedule such as
 * {@code "A1 B1 A2 B2"} gives. The same schedule always gives the same result, so a lost update or a deadlock
 * can be shown on purpose instead of waited for.
 *
 * <pre>{@code
 * import static ptlab.schedule.Interleaving.step;
 * class SteppedTally implements Counter {
 *     private volatile long count;
 *     public void increment() {
 *         long seen = step("read", () -> count);      // step 1: read count
 *         long next = step("add", () -> seen + 1);    // step 2: add 1
 *         step("write", () -> count = next);          // step 3: write count back
 *     }
 *     public long get() { return count; }
 * }
 * display(Interleaving.increments("A1 B1 A2 B2 A3 B3", SteppedTally::new, 2));   // one update lost
 * }</pre>
 *
 * {@link ptlab.schedule.Schedule} is the schedule, read and checked; {@link ptlab.schedule.Interleaving} replays
 * it; {@link ptlab.schedule.StepLock} is a lock whose {@code lock()} is a step; {@link ptlab.schedule.Replay} is
 * what happened, step by step.
 */
package ptlab.schedule;
