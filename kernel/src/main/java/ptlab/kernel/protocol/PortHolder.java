package ptlab.kernel.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Names the program that holds a TCP port, for the kernel's message when a port of its connection
 * file is taken. Reads Linux's {@code /proc}: the sockets on the port ({@code /proc/net/tcp} and
 * {@code tcp6}), then the process with one of them among its open files. Elsewhere, or for another
 * user's process, it says less.
 */
final class PortHolder {

    private static final Path PROC = Path.of("/proc");
    private static final String LISTEN = "0A";

    private PortHolder() {
    }

    /**
     * @param port a TCP port
     * @return who holds it, as "pid 1234 (command line), listening", or a plainer phrase when
     *         that cannot be found out
     */
    static String of(int port) {
        Set<String> inodes = new HashSet<>();
        boolean listening = false;
        for (String table : List.of("net/tcp", "net/tcp6")) {
            for (String[] row : rows(PROC.resolve(table))) {
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                String local = row[1];
                if (row.length > 9 && Integer.parseInt(local.substring(local.indexOf(':') + 1), 16) == port) {
                    listening |= row[3].equals(LISTEN);
                    if (!row[9].equals("0")) {
                        inodes.add("socket:[" + row[9] + "]");
                    }
                }
            }
        }
        String state = listening ? ", listening" : "";
        if (inodes.isEmpty()) {
            return "another program" + state;
        }
        try (Stream<Path> pids = Files.list(PROC)) {
            return pids.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> holds(p, inodes))
                    .findFirst()
                    .map(p -> "pid " + p.getFileName() + " (" + commandLine(p) + ")" + state)
                    .orElse("a program of another user" + state);
        } catch (IOException | RuntimeException e) {
            return "another program" + state;
        }
    }

    private static List<String[]> rows(Path table) {
        try (Stream<String> lines = Files.lines(table)) {
            return lines.skip(1).map(l -> l.trim().split("\\s+")).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static boolean holds(Path process, Set<String> inodes) {
        try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return inodes.contains(Files.readSymbolicLink(fd).toString());
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            });
        } catch (IOException | RuntimeException e) {
            return false; // gone, or another user's
        }
    }

    private static String commandLine(Path process) {
        try {
            String line = new String(Files.readAllBytes(process.resolve("cmdline"))).replace('\0', ' ').strip();
            return line.length() > 120 ? line.substring(0, 117) + "..." : line;
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
