/**
 * Runs of tasks in child processes (plumbing, not for notebooks): the engine that starts a child per task or one
 * child for all ({@link ptlab.child.ChildEngine}), the line protocol children report on ({@link ptlab.child.Protocol}),
 * its reader on the parent's side ({@link ptlab.child.ChildLines}), the task child's command line and output
 * ({@link ptlab.child.TaskChildIo}), and the task child's main class ({@code Child}, package-private: the {@code java}
 * launcher runs it by name) with the training run of its class-data archive ({@code ArchiveTraining}). Builds on the
 * run loop ({@code ptlab.run}) and the launcher ({@code ptlab.process}).
 */
package ptlab.child;
