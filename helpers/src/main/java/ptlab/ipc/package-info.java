/**
 * How processes talk: round trips between this JVM and a child JVM ({@code EchoPeer}) through a pipe, a
 * file, a loopback socket and a memory-mapped file, each measured ({@link ptlab.ipc.RoundTrips}); threads, for
 * comparison, just hand each other objects through a queue.
 */
package ptlab.ipc;
