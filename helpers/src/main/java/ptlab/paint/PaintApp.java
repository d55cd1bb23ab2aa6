package ptlab.paint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import ptlab.display.Displayable;
import ptlab.display.MimeBundle;
import ptlab.internal.Checks;
import ptlab.internal.Escape;
import ptlab.internal.Text;
import ptlab.internal.Tracker;

/**
 * A painting program in miniature. Its {@code ui} thread runs an event loop for {@link #RUN_TIME}: every
 * {@link #TICK} it prints {@code tick n} (standing for answering the mouse and repainting the menus). At
 * {@link #CLICK_AT} the user clicks "draw a circle"; drawing it means {@link #RENDER_TIME} of busy computing
 * (filling a 400 × 400 pixel circle again and again).
 * <ul>
 * <li>{@link #singleThreaded()}: the {@code ui} thread draws the circle itself; while it computes, no tick comes:
 * the program is frozen;</li>
 * <li>{@link #multiThreaded()}: the {@code ui} thread hands the drawing to a {@code render} thread and goes on
 * ticking; the circle is ready as late as before, but the program answered all along.</li>
 * </ul>
 * Both return when their threads are gone; an interrupt of the calling thread stops them (and throws
 * {@link InterruptedException}); they never take more than a few seconds.
 */
public final class PaintApp {

    /** How long the event loop runs: 1.6 s. */
    public static final Duration RUN_TIME = Duration.ofMillis(1600);

    /** How often the UI ticks: every 100 ms. */
    public static final Duration TICK = Duration.ofMillis(100);

    /** When the user clicks "draw a circle": 0.3 s after the start. */
    public static final Duration CLICK_AT = Duration.ofMillis(300);

    /** How long drawing the circle computes: 0.8 s. */
    public static final Duration RENDER_TIME = Duration.ofMillis(800);

    private static final int SIZE = 400;

    private PaintApp() {
    }

    /**
     * What one run showed.
     *
     * @param mode                {@code single-threaded} or {@code multi-threaded}
     * @param log                 every step, with the time since the start and the thread
     * @param ticks               how many ticks the UI printed
     * @param ticksWhileRendering how many of them came while the circle was being drawn
     * @param longestGap          the longest time between two ticks (from the start for the first)
     * @param threads             the threads the program used, in order of first appearance
     */
    public record Result(String mode, List<String> log, int ticks, int ticksWhileRendering, Duration longestGap,
                         List<String> threads) implements Displayable {

        /** Copies the lists. */
        public Result {
            Checks.notNull(mode, "mode");
            log = List.copyOf(log);
            Checks.notNull(longestGap, "longestGap");
            threads = List.copyOf(threads);
        }

        /** One line: ticks, ticks while rendering, the longest gap. */
        public String summary() {
            return mode + " (threads: " + String.join(", ", threads) + "): " + ticks + " ticks, " + ticksWhileRendering
                    + " of them while the circle was drawn; longest gap between ticks "
                    + String.format(Locale.ROOT, "%.0f ms", longestGap.toNanos() / 1e6);
        }

        /** The log, then the summary. */
        @Override
        public String toString() {
            return String.join("\n", log) + "\n" + summary();
        }

        /** The log and the summary as preformatted text. */
        @Override
        public MimeBundle toMimeBundle() {
            String text = toString();
            return MimeBundle.of(text).with("text/html", "<pre>" + Escape.markup(text) + "</pre>");
        }
    }

    /** The UI thread draws the circle itself: no tick while it draws. */
    public static Result singleThreaded() throws InterruptedException {
        return run(false);
    }

    /** The UI thread hands the drawing to a render thread and keeps ticking. */
    public static Result multiThreaded() throws InterruptedException {
        return run(true);
    }

    private static final class Run {
        final long start = System.nanoTime();
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final List<Long> tickTimes = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        volatile long renderStart = -1;
        volatile long renderEnd = -1;
        volatile Thread render;

        long now() {
            return System.nanoTime() - start;
        }

        void say(String what) {
            String who = Thread.currentThread().getName();
            synchronized (threads) {
                if (!threads.contains(who)) {
                    threads.add(who);
                }
            }
            log.add(String.format(Locale.ROOT, "%6.0f ms  %-7s %s", now() / 1e6, who, what));
        }

        /** Draws the circle for RENDER_TIME; returns how many times it was drawn; stops early on interrupt. */
        int draw() {
            renderStart = now();
            say("draws the circle (" + Text.duration(RENDER_TIME) + " of computing)");
            int[] pixels = new int[SIZE * SIZE];
            int passes = 0;
            long end = System.nanoTime() + RENDER_TIME.toNanos();
            int r2 = (SIZE / 2 - 10) * (SIZE / 2 - 10);
            while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                for (int y = 0; y < SIZE; y++) {
                    int dy = y - SIZE / 2;
                    for (int x = 0; x < SIZE; x++) {
                        int dx = x - SIZE / 2;
                        pixels[y * SIZE + x] = dx * dx + dy * dy <= r2 ? 0x336699 + passes : 0xFFFFFF;
                    }
                }
                passes++;
            }
            renderEnd = now();
            say("circle done (drawn " + passes + " times over, " + (pixels[SIZE * SIZE / 2 + SIZE / 2] != 0xFFFFFF ? "filled" : "empty")
                    + ")");
            return passes;
        }
    }

    private static Result run(boolean withRenderThread) throws InterruptedException {
        Run r = new Run();
        Thread ui = new Thread(() -> loop(r, withRenderThread), "ui");
        ui.setDaemon(true);
        Tracker.track(ui);
        ui.start();
        long deadline = System.nanoTime() + RUN_TIME.toNanos() + RENDER_TIME.toNanos() + 3_000_000_000L;
        try {
            ui.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            Thread render = r.render;
            if (render != null) {
                render.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            stop(ui, r.render);
            throw new InterruptedException("the painting program was interrupted; its threads are stopped");
        }
        if (ui.isAlive() || r.render != null && r.render.isAlive()) {
            stop(ui, r.render);
        }
        List<Long> ticks = List.copyOf(r.tickTimes);
        long prev = 0;
        long gap = 0;
        int during = 0;
        for (long t : ticks) {
            gap = Math.max(gap, t - prev);
            prev = t;
            if (r.renderStart >= 0 && t > r.renderStart && (r.renderEnd < 0 || t < r.renderEnd)) {
                during++;
            }
        }
        return new Result(withRenderThread ? "multi-threaded" : "single-threaded", r.log, ticks.size(), during,
                Duration.ofNanos(gap), r.threads);
    }

    private static void loop(Run r, boolean withRenderThread) {
        long tick = TICK.toNanos();
        long click = CLICK_AT.toNanos();
        long end = RUN_TIME.toNanos();
        boolean clicked = false;
        int n = 0;
        r.say("event loop starts: a tick every " + Text.duration(TICK) + " means the program answers");
        try {
            while (r.now() < end) {
                long next = (n + 1) * tick;
                if (!clicked && r.now() >= click) {
                    clicked = true;
                    r.say("click: draw a circle");
                    if (withRenderThread) {
                        Thread render = new Thread(r::draw, "render");
                        render.setDaemon(true);
                        Tracker.track(render);
                        r.render = render;
                        render.start();
                        r.say("handed the drawing to the render thread");
                    } else {
                        r.draw();
                    }
                }
                long left = next - r.now();
                if (left > 0) {
                    Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                }
                n = (int) (r.now() / tick);
                r.tickTimes.add(r.now());
                r.say("tick " + r.tickTimes.size());
            }
            r.say("event loop ends");
        } catch (InterruptedException e) {
            r.say("interrupted: the event loop stops");
        }
    }

    private static void stop(Thread ui, Thread render) {
        ui.interrupt();
        if (render != null) {
            render.interrupt();
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + 3_000_000_000L;
        while ((ui.isAlive() || render != null && render.isAlive()) && System.nanoTime() < deadline) {
            try {
                ui.join(50);
                if (render != null) {
                    render.join(50);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.interrupted();
        }
    }
}
