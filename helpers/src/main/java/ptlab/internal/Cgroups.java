package ptlab.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the CPU quota and memory limit that Linux control groups put on this process, for cgroup v2
 * ({@code cpu.max}, {@code memory.max}) and v1 ({@code cpu.cfs_quota_us} / {@code cpu.cfs_period_us},
 * {@code memory.limit_in_bytes}), including hybrid set-ups where both are mounted.
 *
 * <p>The effective limit is the smallest one on the way from this process's group up to the root, because a
 * parent group's limit applies to all its children. Files that are missing or unreadable are skipped;
 * "unlimited" and "unknown" are both an empty result. Every method takes the cgroup root directory and the
 * text of {@code /proc/self/cgroup} as arguments, so that tests can feed it sample trees.
 *
 * <p>Internal: not part of the notebook API; may change.
 */
public final class Cgroups {

    /** Where Linux mounts the control groups. */
    public static final Path ROOT = Path.of("/sys/fs/cgroup");

    /** v1 memory limits at or above this mean "no limit" (the kernel reports a page-rounded {@code LONG_MAX}). */
    private static final long V1_UNLIMITED = 1L << 62;

    private Cgroups() {
    }

    /** The CPU quota of this process in CPUs (e.g. 1.5), from the real {@code /sys/fs/cgroup}; empty when none. */
    public static OptionalDouble cpuQuota() {
        return cpuQuota(ROOT, readOrEmpty(Path.of("/proc/self/cgroup")));
    }

    /** The memory limit of this process in bytes, from the real {@code /sys/fs/cgroup}; empty when none. */
    public static OptionalLong memoryLimit() {
        return memoryLimit(ROOT, readOrEmpty(Path.of("/proc/self/cgroup")));
    }

    /**
     * The CPU quota in CPUs for a process whose {@code /proc/self/cgroup} reads {@code procSelfCgroup}, with the
     * cgroup file systems mounted at {@code root}; empty when there is none or it cannot be read.
     */
    public static OptionalDouble cpuQuota(Path root, String procSelfCgroup) {
        Checks.notNull(root, "root");
        Checks.notNull(procSelfCgroup, "procSelfCgroup");
        double best = Double.POSITIVE_INFINITY;
        for (Path dir : v2Dirs(root, procSelfCgroup)) {
            OptionalDouble q = parseCpuMax(readOrEmpty(dir.resolve("cpu.max")));
            if (q.isPresent()) {
                best = Math.min(best, q.getAsDouble());
            }
        }
        for (Path dir : v1Dirs(root, procSelfCgroup, "cpu")) {
            OptionalDouble q = parseCfs(readOrEmpty(dir.resolve("cpu.cfs_quota_us")),
                    readOrEmpty(dir.resolve("cpu.cfs_period_us")));
            if (q.isPresent()) {
                best = Math.min(best, q.getAsDouble());
            }
        }
        return best == Double.POSITIVE_INFINITY ? OptionalDouble.empty() : OptionalDouble.of(best);
    }

    /** The memory limit in bytes, like {@link #cpuQuota(Path, String)}; empty when there is none. */
    public static OptionalLong memoryLimit(Path root, String procSelfCgroup) {
        Checks.notNull(root, "root");
        Checks.notNull(procSelfCgroup, "procSelfCgroup");
        long best = Long.MAX_VALUE;
        for (Path dir : v2Dirs(root, procSelfCgroup)) {
            OptionalLong m = parseMemoryMax(readOrEmpty(dir.resolve("memory.max")));
            if (m.isPresent()) {
                best = Math.min(best, m.getAsLong());
            }
        }
        for (Path dir : v1Dirs(root, procSelfCgroup, "memory")) {
            OptionalLong m = parseMemoryMax(readOrEmpty(dir.resolve("memory.limit_in_bytes")));
            if (m.isPresent()) {
                best = Math.min(best, m.getAsLong());
            }
        }
        return best == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(best);
    }

    /**
     * Parses a cgroup v2 {@code cpu.max}: {@code "max 100000"} is no quota, {@code "150000 100000"} is 1.5 CPUs.
     * Anything else (empty, garbage, zero period) is "unknown", returned as empty.
     */
    public static OptionalDouble parseCpuMax(String content) {
        String[] parts = Checks.notNull(content, "content").trim().split("\\s+");
        if (parts.length < 1 || parts[0].isEmpty() || parts[0].equals("max")) {
            return OptionalDouble.empty();
        }
        long quota = parseLong(parts[0]);
        long period = parts.length >= 2 ? parseLong(parts[1]) : 100_000L;
        if (quota <= 0 || period <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((double) quota / period);
    }

    /**
     * Parses cgroup v1 {@code cpu.cfs_quota_us} and {@code cpu.cfs_period_us}: a quota of {@code -1} is no quota,
     * {@code 50000} over {@code 100000} is 0.5 CPUs. Unparseable values are "unknown", returned as empty.
     */
    public static OptionalDouble parseCfs(String quotaMicros, String periodMicros) {
        long quota = parseLong(Checks.notNull(quotaMicros, "quotaMicros").trim());
        long period = parseLong(Checks.notNull(periodMicros, "periodMicros").trim());
        if (quota <= 0 || period <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((double) quota / period);
    }

    /** Parses {@code memory.max} (v2, {@code "max"} is none) or {@code memory.limit_in_bytes} (v1, huge is none). */
    public static OptionalLong parseMemoryMax(String content) {
        String s = Checks.notNull(content, "content").trim();
        if (s.isEmpty() || s.equals("max")) {
            return OptionalLong.empty();
        }
        long bytes = parseLong(s);
        return bytes <= 0 || bytes >= V1_UNLIMITED ? OptionalLong.empty() : OptionalLong.of(bytes);
    }

    /** The v2 directories to read, from this process's group up to the root. */
    private static List<Path> v2Dirs(Path root, String procSelfCgroup) {
        Set<Path> dirs = new LinkedHashSet<>();
        for (String line : procSelfCgroup.split("\n")) {
            String[] f = line.trim().split(":", 3);
            if (f.length == 3 && f[0].equals("0") && f[1].isEmpty()) {
                dirs.addAll(upFrom(root, root, f[2]));
            }
        }
        return new ArrayList<>(dirs);
    }

    /** The v1 directories of one controller, from this process's group up to the controller's mount. */
    private static List<Path> v1Dirs(Path root, String procSelfCgroup, String controller) {
        Set<Path> dirs = new LinkedHashSet<>();
        for (String line : procSelfCgroup.split("\n")) {
            String[] f = line.trim().split(":", 3);
            if (f.length != 3 || f[1].isEmpty()) {
                continue;
            }
            List<String> controllers = List.of(f[1].split(","));
            if (!controllers.contains(controller)) {
                continue;
            }
            Set<String> mountNames = new LinkedHashSet<>();
            mountNames.add(f[1]);
            mountNames.add(controller);
            mountNames.add(String.join(",", controllers.reversed()));
            for (String name : mountNames) {
                Path mount = root.resolve(name).normalize();
                if (mount.startsWith(root) && Files.isDirectory(mount)) {
                    dirs.addAll(upFrom(root, mount, f[2]));
                }
            }
        }
        return new ArrayList<>(dirs);
    }

    /**
     * The group directory under {@code mount} and its parents up to {@code mount}. Inside a container the group
     * path often names the host's hierarchy, which is not visible; then only the mount itself is read (it is the
     * container's own group).
     */
    private static List<Path> upFrom(Path root, Path mount, String groupPath) {
        List<Path> dirs = new ArrayList<>();
        String relative = groupPath.startsWith("/") ? groupPath.substring(1) : groupPath;
        Path dir = relative.isEmpty() ? mount : mount.resolve(relative).normalize();
        if (!dir.startsWith(mount) || !Files.isDirectory(dir)) {
            dir = mount;
        }
        while (dir != null && dir.startsWith(mount)) {
            dirs.add(dir);
            if (dir.equals(mount)) {
                break;
            }
            dir = dir.getParent();
        }
        return dirs;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return "";
        }
    }
}
