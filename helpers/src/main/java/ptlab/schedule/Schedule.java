package ptlab.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ptlab.internal.Checks;

/**
 * A schedule as a student writes it: steps separated by spaces, each a thread's letter and that thread's step
 * number, e.g. {@code "A1 B1 A2 B2"} (thread A's first step, then B's first, then A's second, then B's second).
 * Read and checked once; immutable.
 *
 * @param steps the steps in order, 1 to {@link #MAX_STEPS}
 */
public record Schedule(List<Step> steps) {

    /** The most steps a schedule may have: {@value}. */
    public static final int MAX_STEPS = 1_000;

    /** The most threads a schedule may name ({@code A} to {@code C}): {@value}. */
    public static final int MAX_THREADS = 3;

    private static final Pattern STEP = Pattern.compile("([A-Z])([1-9][0-9]{0,3})");

    /**
     * One step of a schedule.
     *
     * @param thread the thread's letter, {@code A} to {@code C}
     * @param number the thread's step number, counted from 1
     */
    public record Step(char thread, int number) {

        /** Checks the values. */
        public Step {
            if (thread < 'A' || thread >= 'A' + MAX_THREADS) {
                throw new IllegalArgumentException("thread is '" + thread + "'; allowed: A to " + (char) ('A' + MAX_THREADS - 1));
            }
            Checks.range(number, 1, MAX_STEPS, "number", "");
        }

        /** The thread's index: 0 for A, 1 for B, 2 for C. */
        public int index() {
            return thread - 'A';
        }

        /** As written, e.g. {@code A2}. */
        @Override
        public String toString() {
            return thread + Integer.toString(number);
        }
    }

    /** Copies the steps and checks their number. */
    public Schedule {
        steps = List.copyOf(Checks.notNull(steps, "steps"));
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("schedule is empty; allowed: 1 to " + MAX_STEPS + " steps such as \"A1 B1 A2 B2\"");
        }
        if (steps.size() > MAX_STEPS) {
            throw new IllegalArgumentException("schedule has " + steps.size() + " steps; allowed: 1 to " + MAX_STEPS);
        }
    }

    /**
     * Reads a schedule such as {@code "A1 B1 A2 B2"}: steps separated by spaces (or commas).
     *
     * @param text 1 to {@link #MAX_STEPS} steps, each a letter {@code A} to {@code C} and a step number from 1
     * @throws IllegalArgumentException naming the first step that is not one, or saying the schedule is empty or too long
     */
    public static Schedule parse(String text) {
        Checks.notNull(text, "schedule");
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("schedule is empty; allowed: 1 to " + MAX_STEPS + " steps such as \"A1 B1 A2 B2\"");
        }
        String[] words = trimmed.split("[\\s,]+");
        if (words.length > MAX_STEPS) {
            throw new IllegalArgumentException("schedule has " + words.length + " steps; allowed: 1 to " + MAX_STEPS);
        }
        List<Step> steps = new ArrayList<>(words.length);
        for (int i = 0; i < words.length; i++) {
            Matcher m = STEP.matcher(words[i]);
            if (!m.matches() || m.group(1).charAt(0) >= 'A' + MAX_THREADS || Integer.parseInt(m.group(2)) > MAX_STEPS) {
                throw new IllegalArgumentException("step " + (i + 1) + " \"" + words[i] + "\" is not a step; allowed: a thread"
                        + " letter A to " + (char) ('A' + MAX_THREADS - 1) + " and its step number from 1 to " + MAX_STEPS
                        + ", such as A1 or B2");
            }
            steps.add(new Step(m.group(1).charAt(0), Integer.parseInt(m.group(2))));
        }
        return new Schedule(steps);
    }

    /** The highest thread letter the schedule names, as a count: 2 when it names A and B. */
    public int threadsNamed() {
        return steps.stream().mapToInt(s -> s.index() + 1).max().orElseThrow();
    }

    /** As written, steps separated by one space. */
    @Override
    public String toString() {
        return String.join(" ", steps.stream().map(Step::toString).toList());
    }
}
