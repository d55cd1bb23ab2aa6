/**
 * Each thread's own stack, as a value: {@link ptlab.stack.ThreadStack#here()} captures the calling thread's
 * frames (method and line, innermost first), so threads that run the same code can be seen to be at different
 * depths of it at the same moment.
 */
package ptlab.stack;
