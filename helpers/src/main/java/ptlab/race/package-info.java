/**
 * Lost updates on a shared counter, and three ways to stop losing them: {@link ptlab.race.Race} runs N threads
 * that each add 1 to one shared counter M times, with a {@link ptlab.race.Counter} strategy, and reports the
 * expected and the measured count, how many updates were lost and how long it took.
 *
 * <pre>{@code
 * import ptlab.race.*;
 * display(Race.run(Counter.PLAIN, 4, 1_000_000));        // loses updates
 * display(Race.run(Counter.ATOMIC_LONG, 4, 1_000_000));  // loses none
 * }</pre>
 */
package ptlab.race;
