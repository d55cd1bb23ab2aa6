/**
 * Programs, processes and threads, hands on: {@link ptlab.Runner}, how tasks run (sequentially, on threads, on a
 * pool, in child processes). The values it runs and returns are in {@code ptlab.task}: a notebook imports both.
 *
 * <pre>{@code
 * import ptlab.*;
 * import ptlab.task.*;
 * System.out.println(Machine.current().describe());
 * var tasks = List.of(Task.io("A", 1), Task.io("B", 1), Task.io("C", 1));
 * var seq = Runner.sequential().run(tasks);
 * var thr = Runner.threads().run(tasks);
 * var proc = Runner.processes().run(tasks);
 * }</pre>
 *
 * <p>The top of the helper's core: {@code Runner} uses the values ({@code ptlab.task}), the child-process plumbing
 * ({@code ptlab.process}), the run loop ({@code ptlab.run}) and the engine of runs in child JVMs
 * ({@code ptlab.child}); none of them uses this package.
 */
package ptlab;
