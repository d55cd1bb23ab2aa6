/**
 * The kernel's side of the cell JVM: how it is started ({@code CellJvmSpec}), its launch
 * ({@code CellJvmLauncher}), JShell's execution engine that controls it over JDI
 * ({@code CellJvmControl}) and its stand-in while it starts ({@code StartingControl}), one JShell with its cell
 * JVM ({@code CellSession}), the live session replaced when its JVM ends ({@code Sessions}), and the
 * history of executed cells.
 */
package ptlab.kernel.session;
