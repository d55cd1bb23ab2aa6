package ptlab.task;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Supplier;

import ptlab.internal.Cgroups;
import ptlab.internal.Checks;

/**
 * What this machine gives this JVM, read at one moment: the CPUs the JVM may use, the CPU quota of its control
 * group (a container's CPU limit), the memory limit, the operating system, the Java version, and this process's
 * ID and its parent's. Notebooks print {@link #describe()} before any speed-up, since the speed-up depends on it.
 *
 * <p>Two numbers matter for parallelism: {@link #cpus()} ({@link Runtime#availableProcessors()}, which already
 * honours CPU affinity and, in recent JVMs, the container quota) and {@link #cpuQuota()} (read from
 * {@code /sys/fs/cgroup} directly, cgroup v2 {@code cpu.max} or v1 {@code cpu.cfs_quota_us}). A quota of 1.5
 * means the processes of the container together get 1.5 CPUs' worth of time per period, however many cores
 * there are.
 */
public final class Machine {

    private final int cpus;
    private final OptionalDouble cpuQuota;
    private final OptionalLong memoryLimit;
    private final String os;
    private final String java;
    private final long pid;
    private final long parentPid;

    Machine(int cpus, OptionalDouble cpuQuota, OptionalLong memoryLimit, String os, String java, long pid, long parentPid) {
        this.cpus = Checks.range(cpus, 1, 1 << 20, "cpus", "");
        this.cpuQuota = Checks.notNull(cpuQuota, "cpuQuota");
        this.memoryLimit = Checks.notNull(memoryLimit, "memoryLimit");
        this.os = Checks.notNull(os, "os");
        this.java = Checks.notNull(java, "java");
        this.pid = pid;
        this.parentPid = parentPid;
    }

    /**
     * How old a reading {@link #current()} returns may be: 1 s. Reading the control group files takes tens of
     * microseconds, which every run would otherwise pay; a quota or CPU count changed while a notebook runs shows
     * within this time.
     */
    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private static final Cache CACHE = new Cache(MAX_AGE, Machine::read);

    /** This machine, as read at most {@link #MAX_AGE} ago (read again when the last reading is older). */
    public static Machine current() {
        return CACHE.get(System.nanoTime());
    }

    /** Keeps the last reading and reads again when it is older than its maximum age. */
    static final class Cache {
        private record Reading(Machine machine, long atNanos) {
        }

        private final long maxAgeNanos;
        private final Supplier<Machine> read;
        private volatile Reading last;

        Cache(Duration maxAge, Supplier<Machine> read) {
            this.maxAgeNanos = maxAge.toNanos();
            this.read = read;
        }

        /** The last reading, or a fresh one when there is none or it is older than the maximum age at {@code nowNanos}. */
        Machine get(long nowNanos) {
            Reading r = last;
            if (r == null || nowNanos - r.atNanos() >= maxAgeNanos) {
                r = new Reading(read.get(), nowNanos);
                last = r; // two threads may both read: either reading is fresh
            }
            return r.machine();
        }
    }

    private static Machine read() {
        ProcessHandle me = ProcessHandle.current();
        return new Machine(Runtime.getRuntime().availableProcessors(), Cgroups.cpuQuota(), Cgroups.memoryLimit(),
                System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " "
                        + System.getProperty("os.arch", "?"),
                Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")",
                me.pid(), me.parent().map(ProcessHandle::pid).orElse(-1L));
    }

    /** The CPUs this JVM may use ({@link Runtime#availableProcessors()}). */
    public int cpus() {
        return cpus;
    }

    /** The control group's CPU quota in CPUs (e.g. 1.5); empty when there is none or it cannot be read. */
    public OptionalDouble cpuQuota() {
        return cpuQuota;
    }

    /** The quota in words: {@code 1.5 CPUs}, {@code 1 CPU} or {@code none}. */
    public String cpuQuotaText() {
        if (cpuQuota.isEmpty()) {
            return "none";
        }
        double q = cpuQuota.getAsDouble();
        String n = q == Math.rint(q) ? Long.toString((long) q) : String.format(Locale.ROOT, "%.2f", q).replaceAll("0$", "");
        return n + (q == 1.0 ? " CPU" : " CPUs");
    }

    /**
     * How many CPU-bound tasks can really run at the same time: the CPUs, lowered to the quota rounded up
     * (a quota of 1.5 lets two tasks run at once for part of each period).
     */
    public int effectiveCpus() {
        if (cpuQuota.isEmpty()) {
            return cpus;
        }
        return (int) Math.max(1, Math.min(cpus, Math.ceil(cpuQuota.getAsDouble() - 1e-9)));
    }

    /** The control group's memory limit in bytes; empty when there is none or it cannot be read. */
    public OptionalLong memoryLimit() {
        return memoryLimit;
    }

    /** Operating system name, version and architecture, e.g. {@code Linux 6.8.0 amd64}. */
    public String os() {
        return os;
    }

    /** Java version and vendor, e.g. {@code 25+36-LTS (Eclipse Adoptium)}. */
    public String java() {
        return java;
    }

    /** This process's ID. */
    public long pid() {
        return pid;
    }

    /** This process's parent's ID, or -1 when unknown. */
    public long parentPid() {
        return parentPid;
    }

    /**
     * One line for the top of a notebook, e.g.
     * {@code 2 CPUs, CPU quota none, memory limit none, Linux 6.8.0 amd64, Java 25+36-LTS (Eclipse Adoptium), pid 4121, parent pid 4100}.
     */
    public String describe() {
        return cpus + (cpus == 1 ? " CPU" : " CPUs") + ", CPU quota " + cpuQuotaText() + ", memory limit "
                + (memoryLimit.isEmpty() ? "none" : memoryLimit.getAsLong() / (1024 * 1024) + " MB") + ", " + os + ", Java " + java
                + ", pid " + pid + ", parent pid " + (parentPid < 0 ? "?" : Long.toString(parentPid));
    }

    /**
     * What to expect from running tasks at the same time here, in one sentence. With one effective CPU:
     * {@code with 1 CPU, threads take turns: expect no speed-up for CPU-bound work}.
     */
    public String cpuNote() {
        int n = effectiveCpus();
        if (n == 1) {
            return "with 1 CPU, threads take turns: expect no speed-up for CPU-bound work";
        }
        return "with " + n + " CPUs, up to " + n + " CPU-bound tasks can run at the same time: expect a speed-up of at most "
                + n + "x for CPU-bound work";
    }

    /** Same as {@link #describe()}. */
    @Override
    public String toString() {
        return describe();
    }
}
