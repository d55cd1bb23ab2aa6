/**
 * A deadlock you can watch without hanging anything: you write what each thread does (for example one lambda that
 * takes lock {@code a} then {@code b}, one that takes {@code b} then {@code a}); {@link ptlab.deadlock.Deadlock}
 * runs them, finds a cycle with the JVM's own deadlock detector
 * ({@link java.lang.management.ThreadMXBean#findDeadlockedThreads()}), prints it as a {@link ptlab.deadlock.Cycle}
 * and breaks it by interrupting one thread.
 */
package ptlab.deadlock;
