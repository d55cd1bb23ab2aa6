package ptlab.crash;

import java.util.List;

/** How the {@code worker} thread of the crash program fails. */
public enum Failure {

    /**
     * It throws an exception nobody catches. In Java that ends this thread only: the default handler prints
     * {@code Exception in thread "worker" ...} and every other thread, and the process, go on.
     */
    EXCEPTION("throws an uncaught IllegalStateException", List.of()),

    /** It calls {@code Runtime.getRuntime().halt(42)}: the whole process ends at once, every thread with it. */
    HALT("calls Runtime.getRuntime().halt(" + Failure.HALT_STATUS + ")", List.of()),

    /**
     * It fills the heap (a 32 MB cap) until {@link OutOfMemoryError}. By default the JVM throws that error in
     * the thread that asked for memory, like any other: that thread ends, its memory is free again and the
     * other threads go on (a thread that asked for memory at the very same moment would get the error too).
     */
    OUT_OF_MEMORY("fills the heap (-Xmx32m) until OutOfMemoryError", List.of("-Xmx32m")),

    /**
     * The same, in a JVM started with {@code -XX:+ExitOnOutOfMemoryError} (common for servers in containers):
     * the first out-of-memory error ends the whole process (status 3), every thread with it.
     */
    OUT_OF_MEMORY_EXIT("fills the heap (-Xmx32m, -XX:+ExitOnOutOfMemoryError) until OutOfMemoryError",
            List.of("-Xmx32m", "-XX:+ExitOnOutOfMemoryError"));

    /** The exit status of a child whose worker called {@code Runtime.halt}: {@value}. */
    public static final int HALT_STATUS = 42;

    /** The exit status HotSpot gives a JVM that ends with {@code -XX:+ExitOnOutOfMemoryError}: {@value}. */
    public static final int OUT_OF_MEMORY_EXIT_STATUS = 3;

    private final String how;
    private final List<String> jvmFlags;

    Failure(String how, List<String> jvmFlags) {
        this.how = how;
        this.jvmFlags = jvmFlags;
    }

    /** What the worker does, in words. */
    public String how() {
        return how;
    }

    /** The extra JVM flags of the child JVM for this failure (may be empty). */
    public List<String> jvmFlags() {
        return jvmFlags;
    }

    /** True when this failure ends the whole process, not only the worker. */
    public boolean endsTheProcess() {
        return this == HALT || this == OUT_OF_MEMORY_EXIT;
    }
}
