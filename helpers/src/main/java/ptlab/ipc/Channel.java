package ptlab.ipc;

/** A way for two processes on one machine to exchange bytes, as measured by {@link RoundTrips}. */
public enum Channel {
    /** The child's stdin and stdout: two pipes the OS kernel keeps; one line each way. */
    PIPE("pipe", "the child's stdin and stdout: two pipes the OS keeps"),
    /** A file each way, written under a temporary name and renamed; the other side polls for it. */
    FILE("file", "a file each way, written then renamed; the reader polls for it"),
    /** A TCP connection on the loopback interface (127.0.0.1): never leaves the machine. */
    SOCKET("loopback socket", "a TCP connection to 127.0.0.1: never leaves the machine"),
    /** One file mapped into both processes' memory: both see the same pages; a counter says when a message is there. */
    SHARED_MEMORY("shared memory", "one file mapped into both processes: the same RAM pages, no copy by the OS");

    private final String label;
    private final String how;

    Channel(String label, String how) {
        this.label = label;
        this.how = how;
    }

    /** A short name for tables, e.g. {@code loopback socket}. */
    public String label() {
        return label;
    }

    /** How it works, in a few words. */
    public String how() {
        return how;
    }

    /** The word the peer's {@code --mode} argument uses, e.g. {@code shared_memory}. */
    String mode() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
