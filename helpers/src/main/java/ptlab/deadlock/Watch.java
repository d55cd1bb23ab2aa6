package ptlab.deadlock;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ptlab.internal.Text;

/** One run's watching: polls the detector, breaks cycles, gives up on waits that ignore interrupts. */
final class Watch {
    final Log log;
    final List<Thread> threads;
    final Duration bound;
    final List<Deadlock.Named> names;
    final Map<Long, Thread> byId = new HashMap<>();
    final List<Cycle> cycles = new ArrayList<>();
    final List<String> victims = new ArrayList<>();
    final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Optional<Duration> detectedAfter = Optional.empty();

    Watch(Log log, List<Thread> threads, Duration bound, List<Deadlock.Named> names) {
        this.log = log;
        this.threads = threads;
        this.bound = bound;
        this.names = names;
        threads.forEach(t -> byId.put(t.threadId(), t));
    }

    void watch() throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        Thread pending = null;
        long pendingSince = 0;
        while (threads.stream().anyMatch(Thread::isAlive)) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (System.nanoTime() > deadline) {
                log.say("watchdog", "its bound of " + Text.duration(bound) + " passed: interrupts "
                        + Deadlock.and(alive()));
                interruptAndWait();
                return;
            }
            long[] ids = mx.findDeadlockedThreads();
            List<Thread> stuck = ids == null ? List.of()
                    : threads.stream().filter(t -> Arrays.stream(ids).anyMatch(id -> id == t.threadId())).toList();
            if (pending != null && !stuck.contains(pending)) {
                pending = null;
            } else if (pending != null && System.nanoTime() - pendingSince > Deadlock.GRACE.toNanos()) {
                log.say("watchdog", pending.getName() + " still waits " + Text.duration(Deadlock.GRACE) + " after the interrupt:"
                        + " its wait ignores interrupts (lock() or synchronized), so nothing can break this cycle;"
                        + " the watchdog gives up and the threads stay blocked until the kernel restarts");
                return;
            }
            if (pending == null && !stuck.isEmpty()) {
                Optional<Found> found = cycleFrom(stuck.get(0));
                if (found.isPresent()) {
                    if (cycles.size() == Deadlock.MAX_BREAKS) {
                        log.say("watchdog", "the cycle formed " + Deadlock.MAX_BREAKS + " times: interrupts " + Deadlock.and(alive()));
                        interruptAndWait();
                        return;
                    }
                    Found f = found.get();
                    if (detectedAfter.isEmpty()) {
                        detectedAfter = Optional.of(log.elapsed());
                    }
                    cycles.add(f.cycle());
                    log.say("watchdog", "findDeadlockedThreads() names " + Deadlock.and(f.cycle().threads()));
                    log.say("watchdog", "cycle: " + f.cycle().describe());
                    log.say("watchdog", "breaks the cycle: interrupts " + f.victim().getName());
                    victims.add(f.victim().getName());
                    f.victim().interrupt();
                    pending = f.victim();
                    pendingSince = System.nanoTime();
                }
            }
            for (Thread t : threads) {
                if (t.isAlive()) {
                    t.join(Deadlock.POLL_MILLIS);
                    break;
                }
            }
        }
    }

    List<String> alive() {
        return threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    /** Interrupts every thread still going and waits, at most {@link #Deadlock.GRACE}, until they have ended. */
    void interruptAndWait() throws InterruptedException {
        threads.forEach(Thread::interrupt);
        long end = System.nanoTime() + Deadlock.GRACE.toNanos();
        for (Thread t : threads) {
            long left = end - System.nanoTime();
            if (left > 0) {
                t.join(Duration.ofNanos(left));
            }
        }
    }

    /** The cycle {@code first} waits in, following lock owners; and the thread of ours to interrupt. */
    Optional<Found> cycleFrom(Thread first) {
        List<ThreadInfo> path = new ArrayList<>();
        Map<Long, Integer> seen = new HashMap<>();
        long id = first.threadId();
        while (!seen.containsKey(id)) {
            ThreadInfo info = mx.getThreadInfo(id);
            // a timed wait (tryLock with a timeout) ends by itself: only waits without an end are a deadlock
            if (info == null || info.getLockOwnerId() < 0 || info.getThreadState() == Thread.State.TIMED_WAITING) {
                return Optional.empty();
            }
            seen.put(id, path.size());
            path.add(info);
            id = info.getLockOwnerId();
        }
        List<ThreadInfo> ring = new ArrayList<>(path.subList(seen.get(id), path.size()));
        // start at our first thread (thread-A before thread-B), so the cycle reads the same every time
        int startAt = 0;
        for (int i = 0; i < ring.size(); i++) {
            if (rank(ring.get(i)) < rank(ring.get(startAt))) {
                startAt = i;
            }
        }
        Collections.rotate(ring, -startAt);
        List<Cycle.Link> links = new ArrayList<>();
        for (int i = 0; i < ring.size(); i++) {
            ThreadInfo me = ring.get(i);
            ThreadInfo before = ring.get((i + ring.size() - 1) % ring.size());
            links.add(new Cycle.Link(me.getThreadName(), lockName(before), lockName(me), me.getLockOwnerName()));
        }
        Thread victim = first;
        for (ThreadInfo info : ring) {
            Thread t = byId.get(info.getThreadId());
            if (t != null) {
                victim = t;
            }
        }
        return Optional.of(new Found(new Cycle(links), victim));
    }

    private int rank(ThreadInfo info) {
        Thread t = byId.get(info.getThreadId());
        return t == null ? Integer.MAX_VALUE : threads.indexOf(t);
    }

    /** The name of the lock a thread waits for: the name it was given, else its class and identity. */
    String lockName(ThreadInfo info) {
        Thread t = byId.get(info.getThreadId());
        LockInfo li = info.getLockInfo();
        for (Deadlock.Named n : names) {
            boolean queued = t != null && (n.lock() instanceof ReentrantLock rl && rl.hasQueuedThread(t)
                    || n.lock() instanceof ReentrantReadWriteLock rw && rw.hasQueuedThread(t));
            if (queued || li != null && System.identityHashCode(n.lock()) == li.getIdentityHashCode()) {
                return n.name();
            }
        }
        if (li == null) {
            return "a lock";
        }
        String cls = li.getClassName();
        cls = cls.substring(cls.lastIndexOf('.') + 1);
        int inner = cls.indexOf('$');
        return (inner > 0 ? cls.substring(0, inner) : cls) + "@" + Integer.toHexString(li.getIdentityHashCode());
    }
}

/** A cycle and the thread of ours that the watchdog interrupts to break it. */
record Found(Cycle cycle, Thread victim) {
}
