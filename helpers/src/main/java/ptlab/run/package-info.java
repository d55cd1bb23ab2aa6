/**
 * The one run loop behind every runner (plumbing, not for notebooks): {@link ptlab.run.RunLoop} starts the tasks
 * through an {@link ptlab.run.Engine}, and in the calling thread prints the live lines, enforces the time bound,
 * answers interrupts, cleans up and builds the {@code ptlab.task.Report}. An engine sees the run only through its
 * {@link ptlab.run.Context} (the tasks, the clock, the deadline, and a sink for what happens); every worker, here or
 * in a child JVM, does its task with {@link ptlab.run.Work}, so all runners measure the same way. Uses the values
 * ({@code ptlab.task}) and nothing above them. Engines sit with their topic: threads in {@code ptlab}, child JVMs in
 * {@code ptlab.child} and {@code ptlab.parallel}, CPython in {@code ptlab.python}.
 */
package ptlab.run;
