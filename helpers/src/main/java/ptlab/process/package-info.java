/**
 * Child processes: the child JVM's main class ({@code Child}), the line protocol it reports on
 * ({@link ptlab.process.Protocol}), and the launcher that starts and watches a child through Apache Commons Exec
 * ({@link ptlab.process.ChildProcess}).
 */
package ptlab.process;
