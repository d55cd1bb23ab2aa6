/**
 * Concurrency and parallelism with the same tasks: {@link ptlab.parallel.ChildJvm} runs several tasks on threads of
 * one child JVM that may use one CPU, some CPUs or all of them, through the run loop every runner uses
 * ({@code ptlab.run}).
 */
package ptlab.parallel;
