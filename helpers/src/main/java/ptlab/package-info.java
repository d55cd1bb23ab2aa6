/**
 * Programs, processes and threads, hands on: the nouns a notebook uses.
 *
 * <ul>
 * <li>{@link ptlab.Task}: a named unit of work, as data (wait for a duration, or count primes);</li>
 * <li>{@link ptlab.Runner}: how tasks run (sequentially, on threads, on a pool, in child processes);</li>
 * <li>{@link ptlab.Report} and {@link ptlab.Event}: what happened, where (PID, thread) and when;</li>
 * <li>{@link ptlab.Machine}: what this machine gives the JVM (CPUs, CPU quota);</li>
 * <li>{@link ptlab.Limits}: the caps on what one call may start;</li>
 * <li>{@link ptlab.Calibration}: how fast this machine does CPU work, for CPU tasks of a given length.</li>
 * </ul>
 *
 * <pre>{@code
 * import ptlab.*;
 * System.out.println(Machine.current().describe());
 * var tasks = List.of(Task.io("A", 1), Task.io("B", 1), Task.io("C", 1));
 * var seq = Runner.sequential().run(tasks);
 * var thr = Runner.threads().run(tasks);
 * var proc = Runner.processes().run(tasks);
 * }</pre>
 */
package ptlab;
