/**
 * What the operating system knows about processes and threads, read live: this process and its ancestors
 * ({@link ptlab.os.ProcessInfo}, {@link ptlab.os.ProcessTree}), the threads of this JVM including the native ones
 * only the OS lists ({@link ptlab.os.ThreadSnapshot}), a process's memory regions ({@link ptlab.os.MemoryMap}), a
 * program on disk and its runs ({@link ptlab.os.Program}), what it costs to start a thread or a process
 * ({@link ptlab.os.StartCost}) and to switch between two threads or two processes on one CPU
 * ({@link ptlab.os.SwitchCost}). Every value is immutable and shows itself as a table in a notebook.
 */
package ptlab.os;
