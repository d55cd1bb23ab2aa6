package ptlab.race;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import ptlab.task.Machine;

/**
 * The counters of the terminal demo ({@link Race#demo}): two racy ones and four fixes, the same classes notebook 06
 * writes in its cells. Why two racy ones: the JIT compiler may keep a plain field in a register and write it back
 * once per batch, so a plain race loses whole batches or nothing; a {@code volatile} field is read and written in
 * memory on every increment, so the read-add-write race shows whenever two cores run at once.
 */
enum Examples {

    PLAIN(false, PlainTally::new),
    VOLATILE(false, Tally::new),
    SYNCHRONIZED(true, SyncTally::new),
    ATOMIC_LONG(true, AtomicTally::new),
    LONG_ADDER(true, AdderTally::new),
    REENTRANT_LOCK(true, LockTally::new);

    final boolean safe;
    final Supplier<Counter> factory;

    Examples(boolean safe, Supplier<Counter> factory) {
        this.safe = safe;
        this.factory = factory;
    }

    /** The demo's lesson: the machine, each racy counter twice, then each fix once; the threads are checked by the caller. */
    static void demo(PrintStream out, int threads) throws InterruptedException {
        Machine m = Machine.current();
        out.println(m.describe());
        out.println(m.cpuNote());
        out.println((threads == 1 ? "1 thread adds" : threads + " threads each add")
                + " 1 to one shared counter 1,000,000 times: expected " + threads * Race.DEFAULT_INCREMENTS);
        Race race = Race.threads(threads).increments(Race.DEFAULT_INCREMENTS);
        List<Race.Result> results = new ArrayList<>();
        long racyLost = 0;
        long fixLost = 0;
        for (Examples e : values()) {
            List<Race.Result> r = (e.safe ? race : race.tries(2)).run(e);
            long lost = r.stream().mapToLong(Race.Result::lost).max().orElse(0);
            if (e.safe) {
                fixLost = Math.max(fixLost, lost);
            } else {
                racyLost = Math.max(racyLost, lost);
            }
            results.addAll(r);
        }
        out.println(Race.table(results));
        String fixes = fixLost == 0 ? "every fix lost none." : "a fix lost " + fixLost + ", which is a bug.";
        out.println(racyLost > 0 ? "The racy counters lost updates; " + fixes
                : threads == 1 ? "One thread alone cannot race: no counter lost an update."
                : "The racy counters lost no update this time (one CPU, or the threads did not overlap); " + fixes);
        out.flush();
    }

    /** {@code count++} on a plain field. */
    static final class PlainTally implements Counter {
        private long count;

        @Override
        public void increment() {
            count++;
        }

        @Override
        public long get() {
            return count;
        }
    }

    /** {@code count++} on a volatile field: each read and write in memory, still three steps. */
    static final class Tally implements Counter {
        private volatile long count;

        @Override
        @SuppressWarnings("NonAtomicOperationOnVolatileField")
        public void increment() {
            count++;
        }

        @Override
        public long get() {
            return count;
        }
    }

    /** One thread at a time inside {@code increment()}. */
    static final class SyncTally implements Counter {
        private long count;

        @Override
        public synchronized void increment() {
            count++;
        }

        @Override
        public synchronized long get() {
            return count;
        }
    }

    /** One atomic read-add-write. */
    static final class AtomicTally extends AtomicLong implements Counter {
        private static final long serialVersionUID = 1L;

        @Override
        public void increment() {
            incrementAndGet();
        }
    }

    /** A cell per contending thread, summed when read; {@link LongAdder#increment()} is the interface's method. */
    static final class AdderTally extends LongAdder implements Counter {
        private static final long serialVersionUID = 1L;

        @Override
        public long get() {
            return sum();
        }
    }

    /** An explicit lock, released in {@code finally}. */
    static final class LockTally implements Counter {
        private final ReentrantLock lock = new ReentrantLock();
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
        public long get() {
            lock.lock();
            try {
                return count;
            } finally {
                lock.unlock();
            }
        }
    }
}
