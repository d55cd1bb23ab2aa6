package ptlab.os;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ptlab.display.Displayable;
import ptlab.display.MimeBundle;
import ptlab.display.Table;
import ptlab.internal.Checks;

/**
 * A process's memory as the OS maps it, read from {@code /proc/<pid>/maps} and {@code /proc/<pid>/status} (Linux):
 * every region of its address space with its permissions and what backs it, summed up by kind (code, data, heap,
 * stack, the JVM's anonymous memory, reserved space). Where the OS has no {@code /proc}, {@link #available()} is
 * false and {@link #note()} says so in one line. Immutable.
 *
 * <pre>{@code
 * MemoryMap m = MemoryMap.current();
 * display(m.summary());
 * m.status("VmRSS");
 * }</pre>
 */
public final class MemoryMap implements Displayable {

    /** The most regions read from one process: {@value} (a JVM has a few hundred). */
    public static final int MAX_REGIONS = 100_000;

    /** The kinds of region, in the order {@link #summary()} lists them. */
    public enum Kind {
        /** Machine code from a file: the program and its shared libraries ({@code r-x}, file-backed). */
        CODE("code", "machine code of the program and its libraries (read + execute, from files)"),
        /** Constants from a file ({@code r--}, file-backed). */
        READ_ONLY_DATA("read-only data", "constants and tables of the program and its libraries (from files)"),
        /** Global and static variables of the native code ({@code rw-}, file-backed). */
        DATA("data", "global and static variables of the native code (writable copies of file pages)"),
        /** The C heap ({@code [heap]}): {@code malloc}. */
        HEAP("C heap [heap]", "memory the C library hands out with malloc"),
        /** The main thread's stack ({@code [stack]}). */
        STACK("main stack [stack]", "the first thread's stack: calls, local variables, return addresses"),
        /** Anonymous executable memory: in a JVM, the JIT's code cache. */
        JIT_CODE("anonymous code", "code written at run time: in a JVM, the JIT's code cache (compiled Java methods)"),
        /** Anonymous writable memory: the Java heap, thread stacks, metaspace, malloc arenas. */
        ANONYMOUS("anonymous data", "memory asked for at run time: in a JVM the Java heap, thread stacks, class metadata"),
        /** Reserved address space without access ({@code ---}): guard pages, the heap's room to grow. */
        RESERVED("reserved", "address space set aside but not usable yet: room for the heap to grow, guard pages"),
        /** Pages the OS kernel provides ({@code [vdso]}, {@code [vvar]}, ...). */
        KERNEL("from the OS kernel", "pages the OS kernel maps in for fast system calls ([vdso], [vvar])"),
        /** Shared memory and anything else. */
        OTHER("other", "shared memory and other mappings");

        private final String label;
        private final String meaning;

        Kind(String label, String meaning) {
            this.label = label;
            this.meaning = meaning;
        }

        /** The short name shown in tables. */
        public String label() {
            return label;
        }

        /** What such regions hold. */
        public String meaning() {
            return meaning;
        }
    }

    /**
     * One region: a range of addresses with one set of permissions and one backing.
     *
     * @param start       first address
     * @param end         first address after the region
     * @param permissions e.g. {@code r-xp} (read, write, execute, private or shared)
     * @param path        the file or pseudo-name behind it ({@code [heap]}, {@code [stack]}), or empty
     */
    public record Region(long start, long end, String permissions, String path) {
        /** Checks the values. */
        public Region {
            Checks.notNull(permissions, "permissions");
            Checks.notNull(path, "path");
            if (Long.compareUnsigned(end, start) < 0) {
                throw new IllegalArgumentException("end = " + Long.toHexString(end) + " is before start = " + Long.toHexString(start));
            }
        }

        /** Its size in bytes. */
        public long size() {
            return end - start;
        }

        /** What kind of memory it is. */
        public Kind kind() {
            boolean read = permissions.length() > 0 && permissions.charAt(0) == 'r';
            boolean write = permissions.length() > 1 && permissions.charAt(1) == 'w';
            boolean exec = permissions.length() > 2 && permissions.charAt(2) == 'x';
            if (path.equals("[heap]")) {
                return Kind.HEAP;
            }
            if (path.startsWith("[stack")) {
                return Kind.STACK;
            }
            if (path.equals("[vdso]") || path.equals("[vvar]") || path.equals("[vsyscall]") || path.startsWith("[vvar")) {
                return Kind.KERNEL;
            }
            if (!read && !write && !exec) {
                return Kind.RESERVED;
            }
            boolean file = path.startsWith("/") && !path.startsWith("/dev/shm") && !path.startsWith("/memfd:");
            if (file) {
                return exec ? Kind.CODE : write ? Kind.DATA : Kind.READ_ONLY_DATA;
            }
            if (path.isEmpty() || path.startsWith("[anon")) {
                return exec ? Kind.JIT_CODE : Kind.ANONYMOUS;
            }
            return Kind.OTHER;
        }
    }

    private final long pid;
    private final List<Region> regions;
    private final Map<String, String> status;
    private final String note;

    private MemoryMap(long pid, List<Region> regions, Map<String, String> status, String note) {
        this.pid = pid;
        this.regions = List.copyOf(regions);
        this.status = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(status));
        this.note = note;
    }

    /** This process's memory map. */
    public static MemoryMap current() {
        return of(ProcessHandle.current().pid());
    }

    /**
     * The memory map of the process with this ID (it must be this user's; the OS hides others').
     *
     * @param pid a process ID, 1 or more
     */
    public static MemoryMap of(long pid) {
        return of(pid, Path.of("/proc"));
    }

    /** The memory map read from {@code proc} (normally {@code /proc}; tests give a folder without one). */
    static MemoryMap of(long pid, Path proc) {
        Checks.range(pid, 1, Long.MAX_VALUE, "pid", "");
        Path dir = proc.resolve(Long.toString(pid));
        Path maps = dir.resolve("maps");
        if (!Files.isReadable(maps)) {
            String why = Files.isDirectory(proc.resolve("self")) ? "process " + pid + " is gone or its /proc/" + pid + "/maps cannot be read"
                    : "this OS (" + System.getProperty("os.name") + ") has no /proc, so the memory map of a process cannot be shown here";
            return new MemoryMap(pid, List.of(), Map.of(), why);
        }
        List<Region> regions = new ArrayList<>();
        Map<String, String> status = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(maps)) {
                Region r = parse(line);
                if (r != null && regions.size() < MAX_REGIONS) {
                    regions.add(r);
                }
            }
            Path st = dir.resolve("status");
            if (Files.isReadable(st)) {
                for (String line : Files.readAllLines(st)) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        status.put(line.substring(0, colon), line.substring(colon + 1).strip());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new MemoryMap(pid, List.of(), Map.of(), "could not read /proc/" + pid + "/maps: " + e.getMessage());
        }
        return new MemoryMap(pid, regions, status, "");
    }

    /** One line of {@code /proc/<pid>/maps}: {@code start-end perms offset dev inode [path]}; null if malformed. */
    static Region parse(String line) {
        String[] f = line.strip().split("\\s+", 6);
        if (f.length < 5) {
            return null;
        }
        int dash = f[0].indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            long start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
            long end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
            return new Region(start, end, f[1], f.length == 6 ? f[5].strip() : "");
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The process. */
    public long pid() {
        return pid;
    }

    /** True when the map could be read. */
    public boolean available() {
        return note.isEmpty();
    }

    /** Why there is no map (one line), or empty when there is one. */
    public String note() {
        return note;
    }

    /** Every region, by address. */
    public List<Region> regions() {
        return regions;
    }

    /** The lines of {@code /proc/<pid>/status}, name to value (e.g. {@code VmRSS} to {@code 123456 kB}). */
    public Map<String, String> status() {
        return status;
    }

    /** One line of {@code /proc/<pid>/status}, e.g. {@code status("VmRSS")}, or {@code ?}. */
    public String status(String name) {
        Checks.notNull(name, "name");
        return status.getOrDefault(name, "?");
    }

    /** The total size of the regions of one kind, in bytes. */
    public long bytes(Kind kind) {
        Checks.notNull(kind, "kind");
        return regions.stream().filter(r -> r.kind() == kind).mapToLong(Region::size).sum();
    }

    /** The number of regions of one kind. */
    public long count(Kind kind) {
        Checks.notNull(kind, "kind");
        return regions.stream().filter(r -> r.kind() == kind).count();
    }

    /**
     * One row per kind of region present: count, total size (address space, not memory in use) and meaning, with
     * the process's {@code VmSize}, {@code VmRSS} and {@code Threads} below. Without {@code /proc}: the note.
     */
    public Table summary() {
        Table.Builder b = Table.builder("kind", "regions", "size", "what it holds").alignRight(1, 2);
        if (!available()) {
            return b.title(note).build();
        }
        b.title("memory map of pid " + pid + ": " + regions.size() + " regions");
        for (Kind k : Kind.values()) {
            long n = count(k);
            if (n > 0) {
                b.row(k.label(), n, size(bytes(k)), k.meaning());
            }
        }
        b.footer("VmSize " + status("VmSize") + " (address space), VmRSS " + status("VmRSS") + " (in RAM now), Threads "
                + status("Threads"));
        return b.build();
    }

    /**
     * The JVM's own account of this JVM's memory (heap, code cache, class metadata; thread count), for comparing
     * with the OS's map: these live inside the anonymous regions.
     */
    public static Table jvmView() {
        Table.Builder b = Table.builder("JVM memory", "in use", "committed", "max").alignRight(1, 2, 3)
                .title("the same memory as this JVM accounts for it");
        Runtime rt = Runtime.getRuntime();
        b.row("Java heap (objects)", size(rt.totalMemory() - rt.freeMemory()), size(rt.totalMemory()), size(rt.maxMemory()));
        long codeUsed = 0;
        long codeCommitted = 0;
        long metaUsed = 0;
        long metaCommitted = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.NON_HEAP) {
                continue;
            }
            if (pool.getName().startsWith("CodeHeap") || pool.getName().equals("Code Cache")) {
                codeUsed += pool.getUsage().getUsed();
                codeCommitted += pool.getUsage().getCommitted();
            } else if (pool.getName().equals("Metaspace")) {
                metaUsed += pool.getUsage().getUsed();
                metaCommitted += pool.getUsage().getCommitted();
            }
        }
        b.row("code cache (JIT-compiled methods)", size(codeUsed), size(codeCommitted), "");
        b.row("metaspace (loaded classes)", size(metaUsed), size(metaCommitted), "");
        b.row("threads (each with its own stack)", ManagementFactory.getThreadMXBean().getThreadCount() + " threads", "", "");
        return b.build();
    }

    /** A size in KiB, MiB or GiB with one decimal, e.g. {@code 12.5 MiB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes / 1024.0;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** The summary table. */
    @Override
    public MimeBundle toMimeBundle() {
        return summary().toMimeBundle();
    }

    /** One line: {@code pid 4121: 412 regions, VmSize 3.1 GB, VmRSS 80 MB, Threads 21}, or the note. */
    @Override
    public String toString() {
        if (!available()) {
            return note;
        }
        return "pid " + pid + ": " + regions.size() + " regions, VmSize " + status("VmSize") + ", VmRSS " + status("VmRSS")
                + ", Threads " + status("Threads");
    }
}
