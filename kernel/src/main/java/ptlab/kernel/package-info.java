/**
 * A Jupyter kernel for Java that runs cells in a separate JVM: {@link ptlab.kernel.Main} starts it,
 * {@link ptlab.kernel.Install} writes its kernelspec, and {@code JavaKernel} answers each request
 * with the packages below.
 *
 * <ul>
 *   <li>{@link ptlab.kernel.eval}: the run loop of a cell, snippets, errors, interrupts;</li>
 *   <li>{@link ptlab.kernel.assist}: completion, {@code is_complete} and inspection;</li>
 *   <li>{@link ptlab.kernel.session}: the kernel's side of the cell JVM (JShell, JDI, restarts);</li>
 *   <li>{@link ptlab.kernel.magic}: the magics, one class each, behind a registry;</li>
 *   <li>{@link ptlab.kernel.output}: the cell JVM's output routed to the notebook, display frames;</li>
 *   <li>{@link ptlab.kernel.protocol}: the ZeroMQ sockets, channels, heartbeat and replies;</li>
 *   <li>{@link ptlab.kernel.cell}: the agent that runs in the cell JVM (its own jar).</li>
 * </ul>
 *
 * <p>No package cycles: a package uses only packages listed after it ({@code PackageCyclesTest}
 * checks the compiled classes with {@code jdeps}).
 */
package ptlab.kernel;
