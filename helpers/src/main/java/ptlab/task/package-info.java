/**
 * The values of a run, the nouns a notebook uses besides {@code ptlab.Runner}:
 *
 * <ul>
 * <li>{@link ptlab.task.Task}: a named unit of work, as data (wait for a duration, or count primes);</li>
 * <li>{@link ptlab.task.Report} and {@link ptlab.task.Event}: what happened, where (PID, thread) and when;
 * {@link ptlab.task.Schedule}: how the operating system scheduled a task's thread;</li>
 * <li>{@link ptlab.task.Machine}: what this machine gives the JVM (CPUs, CPU quota);</li>
 * <li>{@link ptlab.task.Limits}: the caps on what one call may start;</li>
 * <li>{@link ptlab.task.Calibration}: how fast this machine does CPU work, for CPU tasks of a given length.</li>
 * </ul>
 *
 * Immutable values that start nothing: the run loop ({@code ptlab.run}) and every runner build on them, and they
 * use only {@code ptlab.internal} and {@code ptlab.display}.
 */
package ptlab.task;
