package ptlab.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

/** This process's IDs from {@code /proc/self/stat} are the ones {@link ProcessHandle} knows. */
class ProcStatTest {

    @Test
    void pidAndParentAreThoseOfProcessHandle() {
        assertNotNull(ProcStat.read(), "this test runs on Linux, with /proc");
        assertEquals(ProcessHandle.current().pid(), ProcStat.pid());
        assertEquals(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L), ProcStat.parentPid());
    }

    @Test
    void aThreadReadsTheProcessNotItself() throws Exception {
        long[] seen = new long[2];
        Thread t = new Thread(() -> {
            seen[0] = ProcStat.pid();
            seen[1] = ProcStat.parentPid();
        });
        t.start();
        t.join();
        assertEquals(ProcessHandle.current().pid(), seen[0]);
        assertEquals(ProcStat.parentPid(), seen[1]);
    }
}
