package ptlab.crash;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import ptlab.display.Displayable;
import ptlab.display.MimeBundle;
import ptlab.display.Table;
import ptlab.internal.Checks;
import ptlab.internal.Escape;
import ptlab.process.ChildProcess;
import ptlab.process.JavaCommand;

/**
 * Runs the crash program (three tickers and a failing {@code worker}, see {@link Failure}) and reports what each
 * thread printed last and how the process ended. {@link #inChild(Failure)} runs it in a child JVM, so that even a
 * failure that ends the whole process ends only the child; {@link #inThisJvm()} runs the one harmless failure,
 * an uncaught exception, right here.
 *
 * <p>Bounds: the program ends by itself after about 1.2 s; a child is killed by its watchdog after
 * {@link #CHILD_TIMEOUT}, an in-JVM run is stopped after 5 s. An interrupt of the calling thread stops it (the
 * child is killed, the threads are interrupted and gone) and throws {@link InterruptedException}.
 */
public final class Crash {

    /** How long the child may run before its watchdog kills it: 15 s. */
    public static final Duration CHILD_TIMEOUT = Duration.ofSeconds(15);

    /** Lines kept per stream of the child: {@value}. */
    public static final int MAX_LINES = 200;

    private Crash() {
    }

    /**
     * How one thread of the program ended, as its lines tell.
     *
     * @param thread   the thread's name
     * @param ticks    how many {@code tick} lines it printed
     * @param lastLine the last line it printed
     */
    public record ThreadEnd(String thread, int ticks, String lastLine) {

        /** Checks the values. */
        public ThreadEnd {
            Checks.notNull(thread, "thread");
            Checks.notNull(lastLine, "lastLine");
        }
    }

    /**
     * What one run of the crash program showed.
     *
     * @param failure    how the worker failed
     * @param inChild    true when it ran in a child JVM, false when in this JVM
     * @param pid        the process it ran in
     * @param exitStatus the child's exit status; empty when it ran in this JVM (which goes on)
     * @param ending     how the process ended in words ({@code exited with status 42}), or that it goes on
     * @param output     the program's lines (stdout), in order
     * @param errors     what went to stderr: the default handler's report of an uncaught exception, the JVM's
     *                   own messages
     * @param threads    per thread: its ticks and its last line, in order of first appearance
     */
    public record Result(Failure failure, boolean inChild, long pid, OptionalInt exitStatus, String ending,
                         List<String> output, List<String> errors, List<ThreadEnd> threads) implements Displayable {

        /** Copies the lists. */
        public Result {
            Checks.notNull(failure, "failure");
            Checks.notNull(exitStatus, "exitStatus");
            Checks.notNull(ending, "ending");
            output = List.copyOf(output);
            errors = List.copyOf(errors);
            threads = List.copyOf(threads);
        }

        /** The tick lines of one thread, 0 if it printed none. */
        public int ticks(String thread) {
            return threads.stream().filter(t -> t.thread().equals(thread)).mapToInt(ThreadEnd::ticks).findFirst().orElse(0);
        }

        /** The table of threads: name, ticks, last line. */
        public Table table() {
            Table.Builder b = Table.builder("thread", "ticks", "its last line").alignRight(1)
                    .title((inChild ? "child JVM, pid " : "this JVM, pid ") + pid + ": the worker " + failure.how());
            for (ThreadEnd t : threads) {
                b.row(t.thread(), t.ticks(), t.lastLine().strip());
            }
            return b.footer(ending).build();
        }

        /** The lines, the stderr lines, then the table. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            output.forEach(l -> s.append(l).append('\n'));
            if (!errors.isEmpty()) {
                s.append("stderr:\n");
                errors.forEach(l -> s.append("  ").append(l).append('\n'));
            }
            return s.append(table()).toString();
        }

        /** The lines as preformatted text, then the table as HTML. */
        @Override
        public MimeBundle toMimeBundle() {
            StringBuilder lines = new StringBuilder();
            output.forEach(l -> lines.append(l).append('\n'));
            if (!errors.isEmpty()) {
                lines.append("stderr:\n");
                errors.forEach(l -> lines.append("  ").append(l).append('\n'));
            }
            return MimeBundle.of(toString()).with("text/html", "<pre>" + Escape.markup(lines.toString()) + "</pre>" + table().toHtml());
        }
    }

    /**
     * Runs the crash program in a child JVM (started with {@link JavaCommand}, watching this JVM) and waits until
     * it is gone.
     *
     * @param failure how the worker fails
     * @throws InterruptedException if the calling thread is interrupted (the child is killed and gone first)
     */
    public static Result inChild(Failure failure) throws InterruptedException {
        Checks.notNull(failure, "failure");
        List<String> cmd = JavaCommand.of(CrashChild.class, failure.jvmFlags(),
                List.of("--parent", Long.toString(ProcessHandle.current().pid()), "--failure", failure.name()));
        ChildProcess.Result r = ChildProcess.run("crash", cmd, JavaCommand.environment(), CHILD_TIMEOUT, MAX_LINES);
        return new Result(failure, true, r.pid(), OptionalInt.of(r.exit().code()), "the child " + r.exit().describe(),
                r.stdout(), r.stderr(), threadEnds(r.stdout()));
    }

    /**
     * Runs the crash program with {@link Failure#EXCEPTION} in this JVM: the worker throws, and the tickers (and
     * this JVM) go on. The report of the uncaught exception is what the JVM's default handler prints
     * ({@code Exception in thread "worker" ...} and the stack trace); here it is collected and returned with the
     * rest, so that it shows in order, instead of going to stderr from the dying thread.
     *
     * @throws InterruptedException if the calling thread is interrupted (the threads are stopped and gone first)
     */
    public static Result inThisJvm() throws InterruptedException {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        Scenario program = new Scenario(Failure.EXCEPTION, lines::add, (t, e) -> {
            StringWriter w = new StringWriter();
            PrintWriter p = new PrintWriter(w);
            p.print("Exception in thread \"" + t.getName() + "\" ");
            e.printStackTrace(p);
            p.flush();
            errors.addAll(w.toString().lines().toList());
        });
        long pid = ProcessHandle.current().pid();
        program.say(Thread.currentThread().getName(), "pid " + pid + "; starts " + String.join(", ", program.names())
                + " (the worker " + Failure.EXCEPTION.how() + ")");
        program.start();
        boolean ended;
        try {
            ended = program.join(System.nanoTime() + 5_000_000_000L);
        } catch (InterruptedException e) {
            program.stop();
            throw new InterruptedException("the crash program was interrupted; its threads are stopped");
        }
        if (!ended) {
            program.stop();
        }
        program.say(Thread.currentThread().getName(), "every thread of the program has ended; this JVM goes on");
        List<String> out = List.copyOf(lines);
        return new Result(Failure.EXCEPTION, false, pid, OptionalInt.empty(),
                "this JVM (pid " + pid + ") is still running", out, List.copyOf(errors), threadEnds(out));
    }

    /** Per thread, from lines {@code "  350 ms  ticker-1  tick 3"}: its ticks and its last line. */
    static List<ThreadEnd> threadEnds(List<String> lines) {
        Map<String, String> last = new LinkedHashMap<>();
        Map<String, Integer> ticks = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.strip().split("\\s+", 4);
            if (parts.length < 4 || !parts[1].equals("ms")) {
                continue;
            }
            String who = parts[2];
            last.put(who, line);
            ticks.merge(who, parts[3].startsWith("tick ") ? 1 : 0, Integer::sum);
        }
        List<ThreadEnd> ends = new ArrayList<>();
        last.forEach((who, line) -> ends.add(new ThreadEnd(who, ticks.get(who), line)));
        return List.copyOf(ends);
    }
}
