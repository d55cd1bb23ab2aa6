/**
 * Plumbing shared by the helper's packages (clock, argument checks, JSON, cgroups, thread tracking). Not part of
 * the notebook API: public only because Java packages need it; may change without notice.
 */
package ptlab.internal;
