package ptlab.task;

/**
 * Thrown by {@link ptlab.Runner#run(Task...)} when the calling thread is interrupted (in a notebook: the stop button).
 * By then the run has stopped its threads and killed its child processes and waited for them to be gone, and it
 * has printed what it stopped. {@link #report()} holds what was recorded up to the interrupt.
 *
 * <p>It is an {@link InterruptedException}, so it follows the usual rule: the thread's interrupt status is clear
 * when it is thrown (the next cell starts clean), and code that catches {@code InterruptedException} catches it.
 * A notebook cell needs no {@code try}: JShell lets top-level code throw checked exceptions.
 */
public final class RunInterruptedException extends InterruptedException {

    private static final long serialVersionUID = 1L;

    private final transient Report report;

    /**
     * An interrupted run.
     *
     * @param message what the run stopped, as printed
     * @param report  what it recorded before the interrupt
     */
    public RunInterruptedException(String message, Report report) {
        super(message);
        this.report = report;
    }

    /** What the run recorded before it was interrupted: finished tasks, and stopped ones as interrupted. */
    public Report report() {
        return report;
    }
}
