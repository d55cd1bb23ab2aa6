/**
 * Plumbing shared by the helper's packages (clock, argument checks, JSON, cgroups, task execution). Not part of
 * the notebook API: public only because Java packages need it; may change without notice.
 */
package ptlab.internal;
