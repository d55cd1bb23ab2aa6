/**
 * A deadlock you can watch without hanging anything: {@link ptlab.deadlock.Deadlock#provoke()} makes two threads
 * each hold one lock and wait for the other's, finds the cycle with the JVM's own deadlock detector
 * ({@link java.lang.management.ThreadMXBean#findDeadlockedThreads()}), prints it as a {@link ptlab.deadlock.Cycle}
 * and breaks it by interrupting one thread; {@link ptlab.deadlock.Deadlock#withLockOrdering()} and
 * {@link ptlab.deadlock.Deadlock#withTryLock(java.time.Duration)} are the two usual fixes, run to completion.
 */
package ptlab.deadlock;
