/**
 * Processes are isolated from each other, shown with child JVMs: a child changes its copy of a value and the
 * parent's stays as it was ({@link ptlab.isolation.ChildCopy}); a browser whose tabs are child processes keeps
 * working when one tab crashes ({@link ptlab.isolation.Browser}).
 */
package ptlab.isolation;
