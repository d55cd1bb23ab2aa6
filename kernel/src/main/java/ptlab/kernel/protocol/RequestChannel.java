package ptlab.kernel.protocol;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.zeromq.ZMQ;

/**
 * The shell or the control channel, served by one thread that blocks in {@code poll} until a
 * request arrives. jjava's {@link ShellChannel} polls without waiting and then sleeps 50 ms,
 * which adds up to 50 ms to every request; this subclass keeps its message handling (and is a
 * {@code ShellChannel}, which jjava's reply environment needs) but replaces the loop.
 *
 * <p>The socket is bound on the thread that calls {@link #bind} and used afterwards only by the
 * channel's own thread (started after binding), as ZeroMQ requires.
 */
final class RequestChannel extends ShellChannel {

    private final boolean control;
    private final StdinChannel stdin;
    private final JupyterSocket iopub;
    private final Map<MessageType<?>, ShellHandler<?>> handlers;
    private volatile boolean running;
    private final Deque<Message<?>> held = new ArrayDeque<>(); // this channel's thread only
    private ZMQ.Poller poller;                                  // this channel's thread only
    private volatile Runnable onShutdown;
    private volatile Runnable onFatal;
    private volatile Consumer<Message<?>> afterEach = m -> { };
    private Thread thread;

    RequestChannel(ZMQ.Context context, HMACGenerator hmac, boolean control, StdinChannel stdin, JupyterSocket iopub,
                   Map<MessageType<?>, ShellHandler<?>> handlers) {
        super(context, hmac, control, null);
        this.control = control;
        this.stdin = stdin;
        this.iopub = iopub;
        this.handlers = handlers;
    }

    @Override
    public void bind(KernelConnectionProperties p) {
        super.bind(formatAddress(p.getTransport(), p.getIp(), control ? p.getControlPort() : p.getShellPort()));
    }

    /** Starts serving requests (after every handler is registered and every socket is bound). */
    void start() {
        running = true;
        thread = new Thread(this::serve, control ? "ptlab-control" : "ptlab-shell");
        thread.setDaemon(true);
        thread.start();
    }

    /** What to do after a handler has marked its reply environment for shutdown. */
    void onShutdown(Runnable action) {
        onShutdown = action;
    }

    /** What to do after each request's reply and deferred messages are sent (on this channel's thread). */
    void afterEach(Consumer<Message<?>> action) {
        afterEach = action;
    }

    /**
     * What to do after a request failed with an error the kernel JVM cannot recover from (out of
     * memory, an internal JVM error): the request has had its error reply; the action ends the
     * kernel with a non-zero status, so that Jupyter restarts it.
     */
    void onFatal(Runnable action) {
        onFatal = action;
    }

    /**
     * Answers the execute requests that are queued right now with "aborted" (an execute failed
     * and its request said {@code stop_on_error}). Other queued requests are kept and handled
     * next. Called from a handler, on this channel's thread, before the failed execute's own reply
     * is sent: a request the frontend sends after seeing that reply is never aborted.
     */
    void abortQueuedExecutes() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("abortQueuedExecutes() must run on the channel's thread");
        }
        while (running && poller.poll(0) > 0 && poller.pollin(0)) {
            Message<?> m = readRequest();
            if (m == null) {
                continue; // a malformed request, answered
            }
            if (m.getHeader().getType() == MessageType.EXECUTE_REQUEST) {
                abort(m);
            } else {
                held.add(m);
            }
        }
    }

    private void serve() {
        poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        try {
            while (running) {
                try {
                    Message<?> m = held.poll();
                    if (m == null) {
                        if (poller.poll(KernelSockets.WAKE_MILLIS) <= 0 || !poller.pollin(0)) {
                            continue;
                        }
                        m = readRequest();
                    }
                    if (m != null) {
                        dispatch(m);
                    }
                } catch (Throwable e) {
                    if (!running) {
                        break; // the sockets were closed under us: the kernel is shutting down
                    }
                    // a message that cannot be read (bad signature): drop it, go on
                    System.err.println("ptlab kernel: dropped a request: " + e);
                    Runnable fatal = onFatal;
                    if (KernelSockets.isFatal(e) && fatal != null) {
                        fatal.run();
                    }
                }
            }
        } finally {
            poller.close();
        }
    }

    /**
     * The next request, or null if it was malformed (then it has had its error reply: every
     * request gets one).
     */
    private Message<?> readRequest() {
        RequestReader.Request r = RequestReader.read(this, hmacGenerator);
        if (r.problem() == null) {
            return r.message();
        }
        ShellReplyEnvironment env = new ShellReplyEnvironment(this, stdin, iopub, r.message()) {
        };
        env.setBusyDeferIdle();
        replyError(env, r.message(), "BadRequest", r.problem());
        env.resolveDeferrals();
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void dispatch(Message<?> message) {
        ShellHandler handler = handlers.get(message.getHeader().getType());
        if (handler == null) {
            return; // a request this kernel does not know: no reply, as the spec allows
        }
        boolean[] replied = new boolean[1];
        ShellReplyEnvironment env = new ShellReplyEnvironment(this, stdin, iopub, message) {
            @Override
            public void reply(Message<?> reply) {
                replied[0] = true;
                super.reply(reply);
            }
        };
        Throwable failure = null;
        try {
            handler.handle(env, message);
        } catch (Throwable e) {
            // a handler bug, or an Error (a stack overflow in javac, out of memory): every request gets a reply
            failure = e;
            e.printStackTrace();
        } finally {
            env.resolveDeferrals();
        }
        if (failure != null && !replied[0]) {
            replyError(env, message, "KernelError", "the kernel failed handling this request: " + failure);
        }
        afterEach.accept(message);
        Runnable fatal = onFatal;
        if (failure != null && KernelSockets.isFatal(failure) && fatal != null) {
            fatal.run();
            return;
        }
        Runnable shutdown = onShutdown;
        if (env.isMarkedForShutdown() && shutdown != null) {
            shutdown.run();
        }
    }

    /** Sends {@code <type>_reply} with status "error" for the request. */
    private static void replyError(ShellReplyEnvironment env, Message<?> request, String ename, String evalue) {
        String type = request.getHeader().getType().getName().replaceFirst("_request$", "_reply");
        MessageType<?> replyType;
        try {
            replyType = MessageType.getType(type);
        } catch (RuntimeException e) {
            replyType = null;
        }
        if (replyType != null) {
            env.replyError(replyType.error(), new ErrorReply(ename, evalue, List.of()));
        }
    }

    private void abort(Message<?> message) {
        ShellReplyEnvironment env = new ShellReplyEnvironment(this, stdin, iopub, message) {
        };
        env.setBusyDeferIdle();
        env.reply(new Replies.Aborted());
        env.resolveDeferrals();
    }

    /** Has this channel's thread leave its loop (within {@link KernelSockets#WAKE_MILLIS}) after the request it handles. */
    void stop() {
        running = false;
    }

    /**
     * Stops the channel and closes its socket once the channel's thread has left its loop (at
     * once when called from a handler, on that thread).
     *
     * @param waitMillis how long to wait for the thread
     * @return true if the socket was closed; false if the thread is still busy with a request
     *         (its socket stays open: the kernel is ending)
     */
    boolean close(long waitMillis) {
        stop();
        if (thread != null && thread != Thread.currentThread() && !KernelSockets.join(thread, waitMillis)) {
            return false;
        }
        super.close();
        return true;
    }

    @Override
    public void close() {
        close(KernelSockets.CLOSE_MILLIS);
    }

    @Override
    public void waitUntilClose() {
        // close() already waits for the loop
    }
}
