/**
 * Lost updates on a shared counter: you write a {@link ptlab.race.Counter} (a class with {@code count++}, or one
 * that is safe), and {@link ptlab.race.Race} races it: N threads each call {@code increment()} M times, the race
 * is repeated, and each try's expected count, measured count and lost updates are counted and drawn.
 *
 * <pre>{@code
 * import ptlab.race.*;
 * class Tally implements Counter {
 *     private long count;
 *     public void increment() { count++; }
 *     public long get() { return count; }
 * }
 * display(Race.table(Race.threads(4).increments(1_000_000).tries(3).run(Tally::new)));
 * }</pre>
 */
package ptlab.race;
