package ptlab.kernel.session;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * How a cell JVM is started: its class path, system properties and JVM flags.
 *
 * @param cellJar    {@code ptlab-cell.jar} (the agent)
 * @param helpersJar {@code ptlab-helpers.jar}; may be missing, then cells run without it
 * @param kernelPid  the kernel JVM's PID, which the cell JVM watches
 */
public record CellJvmSpec(Path cellJar, Path helpersJar, long kernelPid) {

    /** Heap of the cell JVM: several JVMs must fit a 2 GB Binder pod. */
    static final String CELL_HEAP = "-Xmx512m";

    /** The jars next to the kernel jar (the layout of {@code build/lib/}). */
    public static CellJvmSpec nextTo(Path kernelJarDir) {
        return new CellJvmSpec(kernelJarDir.resolve("ptlab-cell.jar"),
                kernelJarDir.resolve("ptlab-helpers.jar"), ProcessHandle.current().pid());
    }

    /** @return true if the helper jar exists */
    boolean hasHelpers() {
        return Files.isRegularFile(helpersJar);
    }

    /** @return true if the helper jar has {@code ptlab.display.Display} (for the hidden static import) */
    boolean hasDisplayClass() {
        if (!hasHelpers()) {
            return false;
        }
        try (ZipFile zip = new ZipFile(helpersJar.toFile())) {
            return zip.getEntry("ptlab/display/Display.class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the crash report a cell JVM with this PID wrote, or null if there is none */
    public static Path crashReport(long pid) {
        Path report = Path.of(System.getProperty("java.io.tmpdir"), "ptlab-cell-hs_err_pid" + pid + ".log");
        try {
            // a report from a long-gone JVM with the same PID does not count
            boolean recent = Files.getLastModifiedTime(report).toInstant().isAfter(java.time.Instant.now().minusSeconds(60));
            return recent ? report : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** @return the JVM options for the cell JVM (everything before the main class) */
    List<String> vmOptions() {
        List<String> o = new ArrayList<>();
        String cp = cellJar.toAbsolutePath().toString();
        if (hasHelpers()) {
            cp += File.pathSeparator + helpersJar.toAbsolutePath();
        }
        o.add("-cp");
        o.add(cp);
        o.add("-Dptlab.kernel.pid=" + kernelPid);
        o.add("-Dptlab.display=frames");
        o.add("-Dstdout.encoding=UTF-8");
        o.add("-Dstderr.encoding=UTF-8");
        o.add(CELL_HEAP);
        o.add("-Xms16m"); // grow to need, not from 1/64 of the machine's memory
        o.add("-XX:+UseSerialGC");
        // keep safepoint polls in long counted loops (Serial GC drops them by default), so that
        // a stop reaches e.g. a long IntStream.range(...).sum() quickly
        o.add("-XX:+UseCountedLoopSafepoints");
        o.add("-XX:LoopStripMiningIter=1000");
        // a crash must not litter the notebook folder (the working directory)
        o.add("-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), "ptlab-cell-hs_err_pid%p.log"));
        o.add("-XX:-CreateCoredumpOnCrash");
        o.add("-Xshare:auto");
        // the JDK's class archive mapped unrelocated: its pages are shared by every JVM on the machine
        o.add("-XX:+UnlockDiagnosticVMOptions");
        o.add("-XX:ArchiveRelocationMode=0");
        return o;
    }
}
