/**
 * Concurrency and parallelism with the same tasks: {@link ptlab.parallel.ChildJvm} runs several tasks on threads of
 * one child JVM that may use one CPU, some CPUs or all of them, and {@link ptlab.parallel.TaskChild} is the engine
 * that turns any child program's {@code ptlab.process.Protocol} lines into a {@code ptlab.Report}.
 */
package ptlab.parallel;
