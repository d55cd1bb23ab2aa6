package ptlab.race;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The counters of the terminal demo ({@link Race#demo}): two racy ones and four fixes, the same as notebook 06
 * writes in its cells. Why two racy ones: the JIT compiler may keep a plain field in a register and write it
 * back once per batch, so a plain race loses whole batches or nothing; a {@code volatile} field is read and
 * written in memory on every increment, so the read-add-write race shows whenever two cores run at once.
 */
enum Examples {

    PLAIN(false, () -> new Counter() {
        private long count;

        @Override
        public void increment() {
            count++;
        }

        @Override
        public long get() {
            return count;
        }
    }),

    VOLATILE(false, () -> new Counter() {
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
    }),

    SYNCHRONIZED(true, () -> new Counter() {
        private long count;

        @Override
        public synchronized void increment() {
            count++;
        }

        @Override
        public synchronized long get() {
            return count;
        }
    }),

    ATOMIC_LONG(true, () -> new Counter() {
        private final AtomicLong count = new AtomicLong();

        @Override
        public void increment() {
            count.incrementAndGet();
        }

        @Override
        public long get() {
            return count.get();
        }
    }),

    LONG_ADDER(true, () -> new Counter() {
        private final LongAdder count = new LongAdder();

        @Override
        public void increment() {
            count.increment();
        }

        @Override
        public long get() {
            return count.sum();
        }
    }),

    REENTRANT_LOCK(true, () -> new Counter() {
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
    });

    final boolean safe;
    final Supplier<Counter> factory;

    Examples(boolean safe, Supplier<Counter> factory) {
        this.safe = safe;
        this.factory = factory;
    }
}
