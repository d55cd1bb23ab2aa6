/**
 * The agent that runs in the cell JVM ({@code java ... ptlab.kernel.cell.CellAgent <port>}): it
 * runs the snippets JShell sends, carries out interrupts, and ends its JVM with everything below
 * it when the kernel is gone. Packed alone into {@code ptlab-cell.jar}, which sits on the
 * student's class path, so it uses no other package of the kernel.
 */
package ptlab.kernel.cell;
