package ptlab.isolation;

import ptlab.internal.Checks;

/**
 * One tab of a {@link Browser} at one moment. Immutable.
 *
 * @param name   the tab's name
 * @param pid    its process ID (-1 while not known)
 * @param state  {@code running}, {@code crashed} or {@code closed}
 * @param frames how many frames it has rendered so far
 * @param exit   how its process ended (e.g. {@code killed by signal 9 (SIGKILL)}), or empty while it runs
 */
public record Tab(String name, long pid, String state, long frames, String exit) {

    /** Checks the values. */
    public Tab {
        Checks.notNull(name, "name");
        Checks.notNull(state, "state");
        Checks.notNull(exit, "exit");
    }

    /** True while its process runs. */
    public boolean running() {
        return state.equals("running");
    }

    /** True when its process ended without being closed by the browser. */
    public boolean crashed() {
        return state.equals("crashed");
    }
}
