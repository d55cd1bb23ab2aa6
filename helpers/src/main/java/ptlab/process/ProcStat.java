package ptlab.process;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * This process's ID and its parent's, read from {@code /proc/self/stat} (one small read), or from
 * {@link ProcessHandle} where there is no {@code /proc}. A child JVM reads them as it starts: the file is cheaper
 * than {@code ProcessHandle}'s first use, which sets up its native side and a reaper.
 */
public final class ProcStat {

    private static final String STAT = "/proc/self/stat";

    private ProcStat() {
    }

    /** This process's ID. */
    public static long pid() {
        long[] ids = read();
        return ids != null ? ids[0] : ProcessHandle.current().pid();
    }

    /** This process's parent's ID now, or -1 when there is none or it cannot be seen. */
    public static long parentPid() {
        long[] ids = read();
        return ids != null ? ids[1] : ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }

    /** {pid, ppid} from {@code /proc/self/stat} ({@code pid (comm) state ppid ...}), or null when it cannot be read. */
    static long[] read() {
        byte[] b = new byte[512];
        int n;
        try (InputStream in = new FileInputStream(STAT)) {
            n = in.readNBytes(b, 0, b.length);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        int close = -1; // the command name may hold spaces and parentheses: the fields go on after its last ')'
        for (int i = 0; i < n; i++) {
            if (b[i] == ')') {
                close = i;
            }
        }
        long pid = number(b, 0, n);
        // after ") " comes the one-letter state, a space, then the parent's PID
        long ppid = close < 0 || close + 4 >= n ? -1 : number(b, close + 4, n);
        return pid <= 0 || ppid < 0 ? null : new long[] {pid, ppid == 0 ? -1 : ppid}; // 0: no parent (PID 1)
    }

    /** The decimal number at {@code from}, or -1 when there is none. */
    private static long number(byte[] b, int from, int to) {
        long v = 0;
        int i = from;
        for (; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return i == from ? -1 : v;
    }
}
