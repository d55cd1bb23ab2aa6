package ptlab.kernel.output;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishStream.StreamType;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;

import ptlab.kernel.protocol.Iopub;

/**
 * Routes the cell JVM's stdout and stderr to the notebook.
 *
 * <ul>
 *   <li>While a cell runs ({@link #beginCell} .. {@link #endCell}), output goes to that cell.
 *       Text is coalesced for up to {@link #COALESCE_MILLIS} ms so that a loop of prints does not
 *       become thousands of messages; a change of stream, a display frame or the end of the cell
 *       sends what is pending first, so the order of stdout, stderr and displays is kept.</li>
 *   <li>While no cell runs, output is <em>late</em> ({@link LateOutput}): a thread outlived
 *       its cell. It is kept and sent at the start of the next cell.</li>
 *   <li>All text one cell shows (its late output, stdout, stderr and the kernel's lines) is
 *       capped at {@link Caps#OUTPUT_CHARS}; past it, output is only counted (not decoded, not
 *       parsed, not sent), so a flood costs the kernel little and cannot slow the cell JVM down,
 *       and the cell ends with one line saying how much was not shown. After an interrupt the
 *       cell may still show {@link #AFTER_INTERRUPT_CHARS} (its report of what it stopped);
 *       beyond that, output is counted until the cell ends, so that a loop that prints as fast
 *       as it can is not held up writing and the interrupt lands at once.</li>
 * </ul>
 *
 * <p>All state is guarded by {@code this}: the JShell output thread, the shell thread and the
 * flush timer all come through synchronized methods. Output of the cell's own thread always
 * arrives before JShell returns the snippet's result (both travel on one socket, in order), so
 * {@link #endCell} sees all of it.
 */
public final class OutputRouter {

    static final long COALESCE_MILLIS = 25;
    static final int FLUSH_NOW_CHARS = 64 * 1024;
    static final int AFTER_INTERRUPT_CHARS = 64 * 1024;
    static final long SETTLE_QUIET_MILLIS = 5;
    static final long SETTLE_MAX_MILLIS = 100;

    private Iopub iopub; // guarded by this; set by connect() before the first cell
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ptlab-output-flush");
        t.setDaemon(true);
        return t;
    });
    private final StreamInput stdout = new StreamInput(StreamType.OUT, true);
    private final StreamInput stderr = new StreamInput(StreamType.ERR, false);
    private final StreamInput processStdout = new StreamInput(StreamType.OUT, true);
    private final StreamInput processStderr = new StreamInput(StreamType.ERR, false);
    private volatile long cellStartNanos;
    private volatile long processOutputNanos = System.nanoTime(); // last write on processStdout/processStderr
    private volatile boolean interruptRequested; // set by interrupted(), applied by the next write

    // --- guarded by this
    private MessageContext cell;        // null: no cell runs
    private boolean discard;            // a silent cell: its output is not published
    private int lastCount;              // execution count of the last cell that ended
    private StreamType pendingType;
    private final StringBuilder pending = new StringBuilder();
    private ScheduledFuture<?> flushTask;
    private final LateOutput late = new LateOutput();
    private long shown;          // characters of text this cell has shown
    private long limit;          // how many it may show: the cap, or less after an interrupt
    private long dropped;        // bytes or characters not shown
    private boolean interrupted; // the cell was interrupted

    /**
     * Sets where output is published. Separate from construction so that the cell JVM (which
     * needs the router's streams) can start before the sockets exist.
     */
    public synchronized void connect(Iopub target) {
        this.iopub = target;
    }

    /** @return the stream JShell writes the cell JVM's stdout to */
    public OutputStream stdout() {
        return stdout;
    }

    /** @return the stream JShell writes the cell JVM's stderr to */
    public OutputStream stderr() {
        return stderr;
    }

    /**
     * @return the stream for the cell JVM process's own stdout (the JVM's messages, and child
     *         processes started with {@code inheritIO()}); separate from {@link #stdout()}, so
     *         that the two byte streams never mix inside a frame or a character
     */
    public OutputStream processStdout() {
        return processStdout;
    }

    /** @return the stream for the cell JVM process's own stderr */
    public OutputStream processStderr() {
        return processStderr;
    }

    /**
     * A cell starts: from now on output goes to it. Late output is sent first.
     *
     * @param request the execute request
     * @param silent  true for a silent execution, whose output is not published
     */
    public synchronized void beginCell(MessageContext request, boolean silent) {
        cellStartNanos = System.nanoTime();
        cell = request;
        discard = silent;
        shown = 0;
        limit = Caps.OUTPUT_CHARS;
        dropped = 0;
        interrupted = false;
        interruptRequested = false;
        if (!silent && !late.isEmpty()) {
            late.replay(lastCount, new LateOutput.Replay() {
                @Override
                public void text(StreamType type, String text) {
                    OutputRouter.this.text(type, text);
                }

                @Override
                public void frame(DisplayFrame frame) {
                    flush();
                    publishFrame(frame);
                }

                @Override
                public void note(StreamType type, String text) {
                    OutputRouter.this.note(type, text);
                }
            });
            flush();
        }
    }

    /**
     * Lets the cell JVM process's own output settle before the cell ends. That output (child
     * processes started with {@code inheritIO()}) comes through a pipe, not with the cell's
     * result, so its last bytes may still be on their way. Waits only if the cell had such
     * output, until none came for {@value #SETTLE_QUIET_MILLIS} ms (at most
     * {@value #SETTLE_MAX_MILLIS} ms); other cells pay nothing.
     */
    public void settleProcessOutput() {
        if (processOutputNanos - cellStartNanos < 0) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MAX_MILLIS);
        while (System.nanoTime() - processOutputNanos < TimeUnit.MILLISECONDS.toNanos(SETTLE_QUIET_MILLIS)
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The cell has ended: its output is sent, later output is late.
     *
     * @param count the cell's execution count, named in the "late" line of later output
     */
    public synchronized void endCell(int count) {
        for (StreamInput in : List.of(stdout, stderr, processStdout, processStderr)) {
            in.endCell(dropped > 0);
        }
        if (dropped > 0) {
            note(StreamType.ERR, interrupted
                    ? "[output after the interrupt not shown: " + Caps.megabytes(dropped) + "]\n"
                    : "[output truncated at " + Caps.megabytes(Caps.OUTPUT_CHARS) + " per cell: "
                            + Caps.megabytes(dropped) + " more not shown]\n");
        }
        flush();
        if (!discard) {
            lastCount = count;
        }
        cell = null;
        discard = false;
    }

    /** Text from the kernel itself (magics), in order with the cell's output. */
    public synchronized void print(StreamType type, String text) {
        text(type, text);
    }

    /**
     * The running cell is being interrupted: it may show {@link #AFTER_INTERRUPT_CHARS} more
     * characters (within the cap); later output is only counted.
     */
    public void interrupted() {
        // no lock: a flood keeps the lock busy, and the interrupt must not wait its turn
        interruptRequested = true;
    }

    /** @return true if output from the cell JVM is only counted now */
    private boolean counting() {
        if (interruptRequested && cell != null && !interrupted) {
            interrupted = true;
            limit = Math.min(limit, shown + AFTER_INTERRUPT_CHARS);
        }
        return cell != null ? shown >= limit : late.full();
    }

    /** Counts output that is not shown. */
    private void count(long n) {
        if (cell != null) {
            dropped += n;
        } else {
            late.drop(n);
        }
    }

    /** Sends pending text now. */
    synchronized void flush() {
        if (flushTask != null) {
            flushTask.cancel(false);
            flushTask = null;
        }
        if (pending.length() > 0) {
            if (cell != null && !discard) {
                iopub.publish(cell, new PublishStream(pendingType, pending.toString()));
            }
            pending.setLength(0);
        }
    }

    private void text(StreamType type, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (cell == null) {
            late.text(type, text);
            return;
        }
        long room = limit - shown;
        if (text.length() > room) {
            count(text.length() - Math.max(0, room));
            if (room <= 0) {
                return;
            }
            text = text.substring(0, (int) room);
        }
        shown += text.length();
        note(type, text);
    }

    /** Text for the cell past the cap: the kernel's own note about the cap. */
    private void note(StreamType type, String text) {
        if (pendingType != type) {
            flush();
            pendingType = type;
        }
        pending.append(text);
        if (pending.length() >= FLUSH_NOW_CHARS) {
            flush();
        } else if (flushTask == null) {
            flushTask = timer.schedule(this::flush, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void frame(DisplayFrame frame) {
        if (cell == null) {
            late.frame(frame);
            return;
        }
        flush();
        if (!discard) {
            publishFrame(frame);
        }
    }

    private void publishFrame(DisplayFrame frame) {
        switch (frame.verb()) {
            case DisplayFrame.DISPLAY:
                iopub.publish(cell, new PublishDisplayData(frame.data()));
                break;
            case DisplayFrame.UPDATE:
                iopub.publish(cell, new PublishUpdateDisplayData(frame.data()));
                break;
            default:
                iopub.publish(cell, frame.clearWait() ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
        }
    }

    /** One of the cell JVM's streams: decodes UTF-8 (characters may be split across writes). */
    private final class StreamInput extends OutputStream implements FrameParser.Listener {
        final StreamType type;
        final FrameParser parser;
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        byte[] carry = new byte[0];

        StreamInput(StreamType type, boolean frames) {
            this.type = type;
            this.parser = frames ? new FrameParser(this) : null;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (this == processStdout || this == processStderr) {
                processOutputNanos = System.nanoTime();
            }
            synchronized (OutputRouter.this) {
                if (counting()) {
                    count(len);
                } else if (parser != null) {
                    parser.feed(b, off, len);
                } else {
                    text(b, off, len);
                }
            }
        }

        @Override
        public void text(byte[] bytes, int offset, int length) {
            ByteBuffer in;
            if (carry.length == 0) {
                in = ByteBuffer.wrap(bytes, offset, length);
            } else {
                in = ByteBuffer.allocate(carry.length + length).put(carry).put(bytes, offset, length).flip();
            }
            CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
            decoder.decode(in, out, false);
            carry = new byte[in.remaining()];
            in.get(carry);
            OutputRouter.this.text(type, out.flip().toString());
        }

        @Override
        public void frame(DisplayFrame frame) {
            OutputRouter.this.frame(frame);
        }

        @Override
        public void tooBig(long jsonBytes) {
            OutputRouter.this.text(StreamType.ERR, "[a display of " + Caps.megabytes(jsonBytes) + " is over the "
                    + Caps.megabytes(Caps.DISPLAY_BYTES) + " limit and is not shown: write it to a file]\n");
        }

        /** The cell ends: a frame it left unfinished is text, unless its output was being dropped. */
        void endCell(boolean dropping) {
            if (parser != null && dropping) {
                parser.reset();
            } else if (parser != null) {
                parser.flushPartial();
            }
            if (dropping) {
                carry = new byte[0];
            }
        }
    }
}
