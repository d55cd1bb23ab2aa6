/**
 * What a failure in one thread does to the others: {@link ptlab.crash.Crash} runs a small program (three ticking
 * threads and a {@code worker} that fails in a chosen {@link ptlab.crash.Failure} way) in a child JVM, or, for
 * an uncaught exception, in this JVM, and reports every thread's last line and how the process ended.
 *
 * <pre>{@code
 * import ptlab.crash.*;
 * display(Crash.inThisJvm());               // the worker dies, the tickers and this JVM go on
 * display(Crash.inChild(Failure.HALT));     // Runtime.halt: every thread of the child ends, status 42
 * }</pre>
 */
package ptlab.crash;
