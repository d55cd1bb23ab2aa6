package ptlab.deadlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Timed lines, written by the threads and the watchdog, read by the calling thread. */
final class Log {
    private final long start = System.nanoTime();
    private final List<String> lines = new ArrayList<>();

    synchronized void say(String who, String what) {
        lines.add(String.format(Locale.ROOT, "%8.1f ms  %-9s %s", (System.nanoTime() - start) / 1e6, who, what));
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
