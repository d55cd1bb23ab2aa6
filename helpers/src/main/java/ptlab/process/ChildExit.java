package ptlab.process;

import ptlab.internal.Checks;

/**
 * How a child ended.
 *
 * @param code           its exit status (128 + n when killed by signal n), or -1 when it never ran
 * @param watchdogKilled true when the watchdog killed it for running past its timeout
 * @param destroyed      true when {@link ChildProcess#destroy()} was called before it ended
 * @param failure        why it could not be started or watched, or empty
 */
public record ChildExit(int code, boolean watchdogKilled, boolean destroyed, String failure) {

    /** Checks the values. */
    public ChildExit {
        Checks.notNull(failure, "failure");
    }

    /** What happened in words: {@code exited with status 0}, {@code killed by signal 9 (SIGKILL)}, ... */
    public String describe() {
        if (!failure.isEmpty()) {
            return "could not be started: " + failure;
        }
        String how;
        if (code > 128 && code < 128 + 65) {
            int signal = code - 128;
            how = "killed by signal " + signal + switch (signal) {
                case 9 -> " (SIGKILL)";
                case 15 -> " (SIGTERM)";
                case 6 -> " (SIGABRT)";
                case 11 -> " (SIGSEGV)";
                case 2 -> " (SIGINT)";
                default -> "";
            };
        } else {
            how = "exited with status " + code;
        }
        if (watchdogKilled) {
            return how + ", killed by the watchdog";
        }
        if (destroyed) {
            return how + ", stopped by the parent";
        }
        return how;
    }
}
