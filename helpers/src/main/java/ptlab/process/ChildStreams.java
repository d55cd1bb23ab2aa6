package ptlab.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

import org.apache.commons.exec.ExecuteStreamHandler;

import ptlab.task.Limits;

/** Reads stdout and stderr as bounded lines on two threads; keeps stdin open. */
final class ChildStreams implements ExecuteStreamHandler {
    private final String label;
    private final ThreadFactory factory;
    private final ChildProcess.Listener listener;
    private final Consumer<OutputStream> onStdin;
    private Thread out;
    private Thread err;

    /**
     * @param label    the child's label, for the readers' thread names
     * @param factory  makes the reader threads
     * @param listener receives the lines
     * @param onStdin  receives the child's stdin, which stays open
     */
    ChildStreams(String label, ThreadFactory factory, ChildProcess.Listener listener, Consumer<OutputStream> onStdin) {
        this.label = label;
        this.factory = factory;
        this.listener = listener;
        this.onStdin = onStdin;
    }

    @Override
    public void setProcessInputStream(OutputStream os) {
        onStdin.accept(os);
    }

    @Override
    public void setProcessOutputStream(InputStream is) {
        out = reader(is, false);
    }

    @Override
    public void setProcessErrorStream(InputStream is) {
        err = reader(is, true);
    }

    private Thread reader(InputStream is, boolean stderr) {
        Thread t = factory.newThread(() -> {
            try {
                LineReader.pump(is, Limits.MAX_LINE_BYTES, (text, cut) -> listener.line(text, stderr, cut));
            } catch (IOException e) {
                // the stream was closed under us (the process is gone): nothing more to read
            }
        });
        t.setName((stderr ? "ptlab-stderr-" : "ptlab-stdout-") + label);
        return t;
    }

    @Override
    public void start() {
        out.start();
        err.start();
    }

    @Override
    public void stop() {
        // the process has exited: its pipes reach end of file unless a grandchild still holds them
        try {
            out.join(2_000);
            err.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
