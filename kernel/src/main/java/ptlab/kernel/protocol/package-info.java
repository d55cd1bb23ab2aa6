/**
 * The Jupyter messaging protocol: the kernel's five ZeroMQ sockets, the shell and control
 * channels served by blocking threads, the heartbeat, reply contents jjava gets wrong, and when a
 * client sent a message. Uses no other kernel package.
 */
package ptlab.kernel.protocol;
