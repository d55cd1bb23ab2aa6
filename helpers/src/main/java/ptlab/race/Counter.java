package ptlab.race;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How the threads of a {@link Race} add 1 to their shared counter. {@link #PLAIN} and {@link #VOLATILE} are the
 * racy ones: {@code count++} is three steps (read, add, write), and two threads that read the same value both write
 * back the same sum, so one update is lost. The others make the three steps one: a monitor
 * ({@code synchronized}), an atomic read-modify-write ({@link AtomicLong}, {@link LongAdder}) or an explicit lock
 * ({@link ReentrantLock}).
 *
 * <p>Why two racy ones: with a plain field the JIT compiler may keep the count in a register and write it back
 * once per batch of increments, so a plain race loses whole batches, or nothing when the threads happen not to
 * overlap. A {@code volatile} field is read and written in memory on every increment, so the read-add-write race
 * shows every time two cores run at once; {@code volatile} makes each read and write visible to the other
 * threads, it does not make {@code count++} one step.
 */
public enum Counter {

    /** {@code count++} on a shared {@code long} field, with no lock: updates can be lost. */
    PLAIN("count++ on a plain long field, no lock", false) {
        @Override
        Shared create() {
            return new Shared() {
                private long count;

                @Override
                public void increment() {
                    count++;
                }

                @Override
                public long value() {
                    return count;
                }
            };
        }
    },

    /** {@code count++} on a shared {@code volatile long} field: every read and write goes to memory, still racy. */
    VOLATILE("count++ on a volatile long field, no lock", false) {
        @Override
        Shared create() {
            return new Shared() {
                private volatile long count;

                @Override
                @SuppressWarnings("NonAtomicOperationOnVolatileField")
                public void increment() {
                    count++;
                }

                @Override
                public long value() {
                    return count;
                }
            };
        }
    },

    /** {@code count++} inside {@code synchronized (this)}: one thread at a time. */
    SYNCHRONIZED("count++ inside synchronized", true) {
        @Override
        Shared create() {
            return new Shared() {
                private long count;

                @Override
                public synchronized void increment() {
                    count++;
                }

                @Override
                public synchronized long value() {
                    return count;
                }
            };
        }
    },

    /** {@link AtomicLong#incrementAndGet()}: one atomic instruction (a compare-and-set loop on some CPUs). */
    ATOMIC_LONG("AtomicLong.incrementAndGet()", true) {
        @Override
        Shared create() {
            AtomicLong count = new AtomicLong();
            return new Shared() {
                @Override
                public void increment() {
                    count.incrementAndGet();
                }

                @Override
                public long value() {
                    return count.get();
                }
            };
        }
    },

    /** {@link LongAdder#increment()}: a cell per contending thread, summed at the end; cheap under contention. */
    LONG_ADDER("LongAdder.increment()", true) {
        @Override
        Shared create() {
            LongAdder count = new LongAdder();
            return new Shared() {
                @Override
                public void increment() {
                    count.increment();
                }

                @Override
                public long value() {
                    return count.sum();
                }
            };
        }
    },

    /** {@code count++} between {@link ReentrantLock#lock()} and {@code unlock()} (in a {@code finally}). */
    REENTRANT_LOCK("count++ between ReentrantLock lock() and unlock()", true) {
        @Override
        Shared create() {
            ReentrantLock lock = new ReentrantLock();
            return new Shared() {
                private long count;

                @Override
                public void increment() {
                    lock.lock();
                    try {
                        count++;
                    } finally {
                        lock.unlock();
                    }
                }

                @Override
                public long value() {
                    lock.lock();
                    try {
                        return count;
                    } finally {
                        lock.unlock();
                    }
                }
            };
        }
    };

    private final String how;
    private final boolean safe;

    Counter(String how, boolean safe) {
        this.how = how;
        this.safe = safe;
    }

    /** What each thread does to add 1, in words, e.g. {@code AtomicLong.incrementAndGet()}. */
    public String how() {
        return how;
    }

    /** True when no update can be lost with this strategy; false for {@link #PLAIN} and {@link #VOLATILE}. */
    public boolean safe() {
        return safe;
    }

    /** A fresh counter at 0. */
    abstract Shared create();

    /** The counter the threads share. */
    interface Shared {
        void increment();

        long value();
    }
}
