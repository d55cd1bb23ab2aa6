package ptlab.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import ptlab.Runner;
import ptlab.child.Protocol;
import ptlab.process.JavaCommand;
import ptlab.task.Report;
import ptlab.task.Task;

/**
 * The start of one child-JVM task, from the caller's {@code run(...)} to the caller seeing its first event (the
 * "Task A starting" line), next to three floors: a bare one-class JVM with the same flags (to its first line), the
 * same with an AppCDS archive of that class, and {@code /bin/true} through {@link ProcessBuilder} (to its exit).
 * Variants run interleaved, so that drift of a shared machine hits all alike.
 */
final class ChildStart {

    private static final Task TASK = Task.io("A", Duration.ofMillis(1));

    /** The goal: a child-JVM task starts within this many times the AppCDS one-class JVM's start. */
    private static final double GOAL = 1.15;

    private final Path dir;
    /** The floor's one class, in a jar: class-data archives take classes from jars only. */
    private final Path helloJar;
    /** The task's child command line, as {@code Runner.processes()} builds it: {@code java}, flags, {@code -cp} on. */
    private final List<String> command = Runner.processes().childCommand(TASK);
    /** The flags the task's child JVM gets (between {@code java} and {@code -cp}). */
    private final List<String> flags = command.subList(1, command.indexOf("-cp"));
    /** The same flags without any archive: what a child had before the child archive. */
    private final List<String> plain = new ArrayList<>(flags);

    ChildStart(Path dir) throws IOException {
        this.dir = dir;
        this.helloJar = dir.resolve("hello.jar");
        try (InputStream in = Hello.class.getResourceAsStream("Hello.class");
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(helloJar))) {
            out.putNextEntry(new JarEntry(Hello.class.getName().replace('.', '/') + ".class"));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    List<Row> measure(int n) throws Exception {
        Path childJsa = dir.resolve("child.jsa");
        Path childAot = dir.resolve("child.aot");
        Path helloJsa = dir.resolve("hello.jsa");
        Path helloAot = dir.resolve("hello.aot");
        plain.removeIf(f -> f.startsWith("-XX:AOTCache=") || f.startsWith("-XX:SharedArchiveFile=") || f.startsWith("-Xlog:"));
        if (!plain.contains("-Xshare:auto")) {
            plain.add(2, "-Xshare:auto");
        }
        List<String> noShare = new ArrayList<>(plain);
        noShare.remove("-Xshare:auto");
        // training runs: each writes its archive when its JVM exits
        raw(plain, "-XX:ArchiveClassesAtExit=" + childJsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        bare(plain, "-XX:ArchiveClassesAtExit=" + helloJsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        boolean aot = Runtime.version().feature() >= 25;
        if (aot) {
            raw(noShare, "-XX:AOTCacheOutput=" + childAot, "-Xlog:aot=off", "-Xlog:cds=off");
            bare(noShare, "-XX:AOTCacheOutput=" + helloAot, "-Xlog:aot=off", "-Xlog:cds=off");
        }
        // a missing archive would not fail a run (its error goes to the discarded stderr), only slow it down
        for (Path a : aot ? List.of(childJsa, helloJsa, childAot, helloAot) : List.of(childJsa, helloJsa)) {
            if (!Files.isRegularFile(a) || Files.size(a) == 0) {
                throw new IllegalStateException("the training run wrote no archive " + a);
            }
        }
        String[] cds = {"-XX:SharedArchiveFile=" + childJsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"};
        String[] aotFlags = {"-XX:AOTCache=" + childAot, "-Xlog:aot=off", "-Xlog:cds=off"};
        String[] helloCds = {"-XX:SharedArchiveFile=" + helloJsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"};
        String[] helloAotFlags = {"-XX:AOTCache=" + helloAot, "-Xlog:aot=off", "-Xlog:cds=off"};
        ours(); // warm the caller: its first run loads the runner's classes
        raw(plain);
        bare(plain);
        Map<String, double[]> ms = new LinkedHashMap<>();
        for (String k : List.of("ours", "delay", "raw", "raw+cds", "raw+aot", "bare", "bare+cds", "bare+aot", "true")) {
            ms.put(k, new double[n]);
        }
        for (int i = 0; i < n; i++) {
            ms.get("ours")[i] = ours();
            ms.get("delay")[i] = lastDelayMillis;
            ms.get("raw")[i] = raw(plain);
            ms.get("raw+cds")[i] = raw(plain, cds);
            ms.get("raw+aot")[i] = aot ? raw(noShare, aotFlags) : Double.NaN;
            ms.get("bare")[i] = bare(plain);
            ms.get("bare+cds")[i] = bare(plain, helloCds);
            ms.get("bare+aot")[i] = aot ? bare(noShare, helloAotFlags) : Double.NaN;
            ms.get("true")[i] = binTrue();
        }
        Stats o = Stats.of(ms.get("ours"));
        Stats d = Stats.of(ms.get("delay"));
        Stats b = Stats.of(ms.get("bare"));
        Stats bc = Stats.of(ms.get("bare+cds"));
        Stats t = Stats.of(ms.get("true"));
        List<Row> rows = new ArrayList<>();
        String goal = "<= " + GOAL + "x AppCDS floor";
        String floor = "AppCDS one-class JVM " + bc.describe("ms");
        String archive = flags.stream().anyMatch(f -> f.startsWith("-XX:AOTCache=")) ? "AOT cache"
                : flags.stream().anyMatch(f -> f.startsWith("-XX:SharedArchiveFile=")) ? "AppCDS archive" : "no archive";
        rows.add(new Row("helper: child-JVM task start to first event (as built: " + archive + ")", o.describe("ms"), floor,
                Row.ratio(o.median(), bc.median()), goal, Row.met(o.median() <= GOAL * bc.median()),
                "Runner.processes().run(io 1 ms), run() call to the caller's \"Task A starting\" line; flags "
                        + String.join(" ", flags) + "; the report's own start delay (launch to task start, child clock): "
                        + d.describe("ms") + "; every run's event has the task's CPU time"));
        String[][] variants = {{"raw", "no archive (-Xshare:auto: the JDK's own CDS)"}, {"raw+cds", "AppCDS archive of its run"},
                {"raw+aot", "JDK 25 AOT cache of its run"}};
        for (String[] v : variants) {
            if (v[0].equals("raw+aot") && !aot) {
                continue;
            }
            Stats s = Stats.of(ms.get(v[0]));
            rows.add(new Row("child JVM alone, " + v[1] + ", to its start line", s.describe("ms"), floor,
                    Row.ratio(s.median(), bc.median()), goal, Row.met(s.median() <= GOAL * bc.median()),
                    "ProcessBuilder, the task's child command line (ptlab.child.Child io:1000:A), to its protocol start line"));
        }
        rows.add(new Row("floor: bare one-class JVM, same flags, to its first line", b.describe("ms"), "/bin/true "
                + t.describe("ms"), Row.ratio(b.median(), t.median()), "", "",
                "ProcessBuilder, java " + String.join(" ", plain) + " -cp <a jar of one class> Hello"));
        rows.add(new Row("floor: the same with AppCDS", bc.describe("ms"), "bare JVM " + b.describe("ms"),
                Row.ratio(bc.median(), b.median()), "", "", "-XX:SharedArchiveFile= an archive of the one class"));
        if (aot) {
            Stats ba = Stats.of(ms.get("bare+aot"));
            rows.add(new Row("floor: the same with a JDK 25 AOT cache", ba.describe("ms"), "bare JVM " + b.describe("ms"),
                    Row.ratio(ba.median(), b.median()), "", "", "-XX:AOTCache= a cache of the one class's run; our "
                    + "child with its AOT cache: " + Row.ratio(o.median(), ba.median()) + " of this"));
        }
        rows.add(new Row("floor: /bin/true through ProcessBuilder, to its exit", t.describe("ms"), "", "", "", "",
                "fork/exec and wait: the least a new process costs from Java"));
        return rows;
    }

    /** The task's child JVM started by hand: milliseconds from start() to its protocol start line. */
    private double raw(List<String> base, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(JavaCommand.java());
        cmd.addAll(base);
        cmd.addAll(List.of(extra));
        long now = System.currentTimeMillis() * 1_000L;
        List<String> rest = new ArrayList<>(command.subList(command.indexOf("-cp"), command.size()));
        rest.set(rest.indexOf("--submitted") + 1, Long.toString(now));
        rest.set(rest.indexOf("--deadline") + 1, Long.toString(now + 60_000_000L));
        cmd.addAll(rest);
        ProcessBuilder pb = pb(cmd);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            long t1 = -1;
            String line;
            while ((line = r.readLine()) != null) {
                if (t1 < 0 && line.startsWith(Protocol.PREFIX + "\tstart\t")) {
                    t1 = System.nanoTime();
                }
            }
            if (t1 < 0) {
                throw new IllegalStateException("the child JVM printed no start line: " + cmd);
            }
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("the child JVM did not end well: " + cmd);
            }
            return (t1 - t0) / 1e6;
        } finally {
            p.destroyForcibly();
        }
    }

    private double lastDelayMillis;

    /** Our child-JVM task: milliseconds from run() to the caller's "starting" line. */
    private double ours(String... options) throws Exception {
        FirstLine sink = new FirstLine(" starting ");
        Runner runner = Runner.processes().output(sink.stream());
        if (options.length > 0) {
            runner = runner.jvmOptions(options);
        }
        long t0 = System.nanoTime();
        Report r = runner.run(TASK);
        if (!r.ok() || sink.atNanos() < 0) {
            throw new IllegalStateException("the child-JVM task did not run well:\n" + sink.text());
        }
        if (r.event("A").cpuTime().isEmpty()) {
            throw new IllegalStateException("the child-JVM task's event has no CPU time: " + r.event("A"));
        }
        lastDelayMillis = r.event("A").startDelay().toNanos() / 1e6;
        return (sink.atNanos() - t0) / 1e6;
    }

    /** The bare one-class JVM: milliseconds from start() to its first line. */
    private double bare(List<String> base, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(JavaCommand.java());
        cmd.addAll(base);
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("-cp", helloJar.toString(), Hello.class.getName()));
        ProcessBuilder pb = pb(cmd);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            long t1 = System.nanoTime();
            if (!"hello".equals(line)) {
                throw new IllegalStateException("the bare JVM printed " + line + " instead of hello");
            }
            finish(p);
            return (t1 - t0) / 1e6;
        } finally {
            p.destroyForcibly();
        }
    }

    /** /bin/true: milliseconds from start() to its exit. */
    private double binTrue() throws Exception {
        ProcessBuilder pb = pb(List.of(Files.isExecutable(Path.of("/bin/true")) ? "/bin/true" : "/usr/bin/true"));
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            p.waitFor();
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            p.destroyForcibly();
        }
    }

    private ProcessBuilder pb(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(JavaCommand.environment());
        return pb;
    }

    private static void finish(Process p) throws InterruptedException {
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the bare JVM did not end");
        }
    }
}
