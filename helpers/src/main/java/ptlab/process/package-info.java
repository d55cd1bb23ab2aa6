/**
 * Child processes, as plumbing that knows nothing of tasks (not for notebooks): the launcher that starts and watches
 * a child through Apache Commons Exec ({@link ptlab.process.ChildProcess}), the command line of a helper main class
 * in a child JVM ({@link ptlab.process.JavaCommand}) with its class-data archive ({@link ptlab.process.ChildArchive}),
 * the child's watch on its parent ({@link ptlab.process.ParentWatch}) and the bounded line reader
 * ({@link ptlab.process.LineReader}). Uses only {@code ptlab.internal} and the caps in {@code ptlab.task.Limits}.
 */
package ptlab.process;
