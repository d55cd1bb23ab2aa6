package ptlab.deadlock;

import java.util.ArrayList;
import java.util.List;

import ptlab.internal.Checks;

/**
 * A cycle of threads each waiting for a lock the next one holds, as the JVM's deadlock detector found it, e.g.
 * {@code thread-A holds lock 1 and waits for lock 2, held by thread-B; thread-B holds lock 2 and waits for lock 1,
 * held by thread-A}.
 *
 * @param links one link per thread in the cycle, in cycle order
 */
public record Cycle(List<Link> links) {

    /**
     * One thread of the cycle.
     *
     * @param thread   the thread's name
     * @param holds    the lock it holds
     * @param waitsFor the lock it waits for
     * @param heldBy   the thread that holds {@code waitsFor}
     */
    public record Link(String thread, String holds, String waitsFor, String heldBy) {

        /** Checks the values. */
        public Link {
            Checks.notNull(thread, "thread");
            Checks.notNull(holds, "holds");
            Checks.notNull(waitsFor, "waitsFor");
            Checks.notNull(heldBy, "heldBy");
        }

        /** {@code thread-A holds lock 1 and waits for lock 2, held by thread-B}. */
        public String describe() {
            return thread + " holds " + holds + " and waits for " + waitsFor + ", held by " + heldBy;
        }
    }

    /** Copies the links; a cycle has at least two. */
    public Cycle {
        links = List.copyOf(Checks.notNull(links, "links"));
        if (links.size() < 2) {
            throw new IllegalArgumentException("links has " + links.size() + " elements; allowed: 2 or more");
        }
    }

    /** The threads of the cycle, in cycle order. */
    public List<String> threads() {
        List<String> names = new ArrayList<>();
        links.forEach(l -> names.add(l.thread()));
        return List.copyOf(names);
    }

    /** The locks of the cycle: the one each thread holds, in cycle order. */
    public List<String> locks() {
        List<String> names = new ArrayList<>();
        links.forEach(l -> names.add(l.holds()));
        return List.copyOf(names);
    }

    /** The links, joined with {@code "; "}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        links.forEach(l -> parts.add(l.describe()));
        return String.join("; ", parts);
    }

    @Override
    public String toString() {
        return describe();
    }
}
