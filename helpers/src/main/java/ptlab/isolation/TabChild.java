package ptlab.isolation;

import ptlab.process.ParentWatch;

/**
 * The main class of one browser tab in {@link Browser}: a child JVM that "renders" a frame every
 * {@code --frame-ms} milliseconds and says so on stdout ({@code frame N}), until its stdin closes, its parent is gone
 * or {@value #MAX_FRAMES} frames are done.
 *
 * <pre>
 * java [flags] -cp ptlab-helpers.jar ptlab.isolation.TabChild --parent PID --name NAME --frame-ms MS
 * </pre>
 * First line: {@code tab NAME pid=P ppid=Q}. Exit status 0 after the last frame, 2 for bad arguments,
 * {@value ParentWatch#PARENT_GONE} when the browser closed it or went away.
 */
final class TabChild {

    /** The most frames a tab renders before it ends by itself: {@value} (a minute at 100 ms). */
    public static final int MAX_FRAMES = 600;

    private TabChild() {
    }

    /**
     * Runs the tab.
     *
     * @param args see the class description
     */
    public static void main(String[] args) {
        long parent;
        String name;
        long frameMillis;
        try {
            parent = ParentWatch.parentArgument(args);
            name = ParentWatch.argument(args, "--name", "tab");
            frameMillis = Long.parseLong(ParentWatch.argument(args, "--frame-ms", "100"));
            if (frameMillis < 1 || frameMillis > 10_000) {
                throw new IllegalArgumentException("--frame-ms " + frameMillis + " is out of range; allowed: 1 to 10000");
            }
        } catch (RuntimeException e) {
            System.err.println("ptlab tab: bad arguments: " + e.getMessage());
            System.exit(2);
            return;
        }
        ParentWatch.start(parent, true);
        ProcessHandle me = ProcessHandle.current();
        System.out.println("tab " + name + " pid=" + me.pid() + " ppid=" + me.parent().map(ProcessHandle::pid).orElse(-1L));
        for (int frame = 1; frame <= MAX_FRAMES; frame++) {
            System.out.println("frame " + frame);
            System.out.flush();
            try {
                Thread.sleep(frameMillis);
            } catch (InterruptedException e) {
                break;
            }
        }
        ParentWatch.exit(0);
    }
}
