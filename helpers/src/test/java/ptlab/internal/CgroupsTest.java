package ptlab.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import ptlab.testing.NoLeftovers;

/** Sample cgroup files and trees; nothing here depends on this machine's own cgroups. */
@ExtendWith(NoLeftovers.class)
class CgroupsTest {

    @TempDir
    Path root;

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void parsesCpuMax() {
        assertEquals(OptionalDouble.empty(), Cgroups.parseCpuMax("max 100000\n"));
        assertEquals(OptionalDouble.of(1.5), Cgroups.parseCpuMax("150000 100000\n"));
        assertEquals(OptionalDouble.of(0.5), Cgroups.parseCpuMax("50000"));
        assertEquals(OptionalDouble.of(2.0), Cgroups.parseCpuMax("  200000   100000  "));
        for (String unknown : new String[] {"", "\n", "garbage", "100000 0", "0 100000", "-1 100000", "1.5 1"}) {
            assertEquals(OptionalDouble.empty(), Cgroups.parseCpuMax(unknown), "'" + unknown + "'");
        }
    }

    @Test
    void parsesCfsQuota() {
        assertEquals(OptionalDouble.empty(), Cgroups.parseCfs("-1\n", "100000\n"));
        assertEquals(OptionalDouble.of(2.0), Cgroups.parseCfs("200000", "100000"));
        assertEquals(OptionalDouble.of(0.25), Cgroups.parseCfs("25000", "100000"));
        assertEquals(OptionalDouble.empty(), Cgroups.parseCfs("", ""));
        assertEquals(OptionalDouble.empty(), Cgroups.parseCfs("50000", "0"));
    }

    @Test
    void parsesMemoryLimits() {
        assertEquals(OptionalLong.empty(), Cgroups.parseMemoryMax("max\n"));
        assertEquals(OptionalLong.of(2L << 30), Cgroups.parseMemoryMax("2147483648\n"));
        assertEquals(OptionalLong.empty(), Cgroups.parseMemoryMax("9223372036854771712"), "v1 says 'no limit' with a huge number");
        assertEquals(OptionalLong.empty(), Cgroups.parseMemoryMax("nonsense"));
    }

    @Test
    void v2TakesTheSmallestQuotaOnTheWayUp() throws IOException {
        write("cpu.max", "max 100000");
        write("kubepods/pod1/cpu.max", "150000 100000");
        write("kubepods/pod1/c1/cpu.max", "max 100000");
        write("kubepods/pod1/c1/memory.max", "2147483648");
        assertEquals(OptionalDouble.of(1.5), Cgroups.cpuQuota(root, "0::/kubepods/pod1/c1\n"));
        assertEquals(OptionalLong.of(2L << 30), Cgroups.memoryLimit(root, "0::/kubepods/pod1/c1\n"));
        assertEquals(OptionalDouble.empty(), Cgroups.cpuQuota(root, "0::/\n"));
    }

    @Test
    void v2InsideAContainerReadsTheMountRoot() throws IOException {
        // the container sees its own group as the root; /proc/self/cgroup names a path that is not visible
        write("cpu.max", "100000 100000");
        assertEquals(OptionalDouble.of(1.0), Cgroups.cpuQuota(root, "0::/system.slice/docker-abc.scope\n"));
    }

    @Test
    void v1FindsTheCpuControllerUnderItsMountNames() throws IOException {
        write("cpu,cpuacct/cpu.cfs_quota_us", "-1");
        write("cpu,cpuacct/cpu.cfs_period_us", "100000");
        write("cpu,cpuacct/docker/abc/cpu.cfs_quota_us", "50000");
        write("cpu,cpuacct/docker/abc/cpu.cfs_period_us", "100000");
        write("memory/docker/abc/memory.limit_in_bytes", "1073741824");
        String procSelf = "12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n0::/\n";
        assertEquals(OptionalDouble.of(0.5), Cgroups.cpuQuota(root, procSelf));
        assertEquals(OptionalLong.of(1L << 30), Cgroups.memoryLimit(root, procSelf));
    }

    @Test
    void hybridWithoutV2CpuUsesV1() throws IOException {
        // like this build machine: v2 mounted but without the cpu controller, v1 cpu separate, no quota
        write("unified/cgroup.procs", "");
        write("cpu/cpu.cfs_quota_us", "-1");
        write("cpu/cpu.cfs_period_us", "100000");
        String procSelf = "9:name=systemd:/\n2:cpuacct:/\n1:cpu:/\n0::/\n";
        assertEquals(OptionalDouble.empty(), Cgroups.cpuQuota(root, procSelf));
        write("cpu/cpu.cfs_quota_us", "300000");
        assertEquals(OptionalDouble.of(3.0), Cgroups.cpuQuota(root, procSelf));
    }

    @Test
    void nothingReadableIsNoQuota() {
        assertEquals(OptionalDouble.empty(), Cgroups.cpuQuota(root, ""));
        assertEquals(OptionalDouble.empty(), Cgroups.cpuQuota(root.resolve("missing"), "0::/a\n1:cpu:/b\n"));
        assertEquals(OptionalDouble.empty(), Cgroups.cpuQuota(root, "garbage\n::\n1:cpu:/../../etc\n"));
        assertTrue(Cgroups.cpuQuota().isEmpty() || Cgroups.cpuQuota().getAsDouble() > 0, "the real one parses, whatever it is");
    }
}
