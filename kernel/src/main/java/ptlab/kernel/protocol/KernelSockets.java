package ptlab.kernel.protocol;

import java.nio.channels.ClosedChannelException;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import zmq.ZError;

/**
 * The kernel's five ZeroMQ sockets (jjava's IOPub and stdin channels; our own heartbeat and
 * blocking shell and control channels) and the request handlers.
 *
 * <p>Start-up order matters: the sockets are bound first ({@link #bind}), as soon as the kernel
 * JVM runs, because Jupyter does not hold the ports it chose; requests that arrive meanwhile wait
 * in the sockets. Every handler is registered with {@link #handle} <em>before</em> {@link #serve}
 * starts taking requests, so none finds its handler missing.
 */
public final class KernelSockets implements Iopub, AutoCloseable {

    private static final int LINGER_MILLIS = 1000;
    /** How late a channel's thread notices that it is to stop: the timeout of its blocking poll. */
    static final long WAKE_MILLIS = 50;
    /** How long closing waits for a channel's thread to leave its loop, and for queued messages to go out. */
    static final long CLOSE_MILLIS = 1000;
    /** How often {@link #bind} tries a taken port again. */
    static final long RETRY_MILLIS = 100;

    private final KernelConnectionProperties props;
    private final ZMQ.Context context = ZMQ.context(1);
    private final Map<MessageType<?>, ShellHandler<?>> handlers = new ConcurrentHashMap<>();
    private final Heartbeat heartbeat;
    private final IOPubChannel iopub;
    private final StdinChannel stdin;
    private final RequestChannel shell;
    private final RequestChannel control;
    /** Session id of messages the kernel sends on its own (the "starting" status). */
    private final String session = UUID.randomUUID().toString();
    private volatile boolean connected;
    private volatile boolean serving;
    private volatile boolean closing;

    /**
     * Creates the sockets (unbound).
     *
     * @param props the connection file's ports, transport and key
     * @throws GeneralSecurityException if the signature scheme is unknown
     */
    public KernelSockets(KernelConnectionProperties props) throws GeneralSecurityException {
        this.props = props;
        // before the first socket: JeroMQ's I/O threads take the handler when they start
        context.setNotificationExceptionHandler(this::ioThreadFailure);
        HMACGenerator hmac = props.createHMACGenerator();
        heartbeat = new Heartbeat(context);
        iopub = new IOPubChannel(context, hmac);
        stdin = new StdinChannel(context, hmac);
        shell = new RequestChannel(context, hmac, false, stdin, iopub, handlers);
        control = new RequestChannel(context, hmac, true, stdin, iopub, handlers);
        for (JupyterSocket s : sockets()) {
            s.setLinger(LINGER_MILLIS);
        }
    }

    /** Registers the handler for one request type (shell and control share them). */
    public <T> void handle(MessageType<T> type, ShellHandler<T> handler) {
        if (serving) {
            throw new IllegalStateException("handlers must be registered before serve()");
        }
        handlers.put(type, handler);
    }

    /** What to do once a shutdown request has been answered (on the channel's thread). */
    public void onShutdown(Runnable action) {
        shell.onShutdown(action);
        control.onShutdown(action);
    }

    /** What to do after each shell request has had its reply (on the shell thread). */
    public void afterEachShellRequest(Consumer<Message<?>> action) {
        shell.afterEach(action);
    }

    /**
     * What to do after a request failed with an error the kernel JVM cannot recover from (see
     * {@link RequestChannel#onFatal}); called on the channel's thread after the error reply.
     */
    public void onFatal(Runnable action) {
        shell.onFatal(action);
        control.onFatal(action);
    }

    /**
     * An error after which the kernel JVM is not to be trusted: out of memory, an internal JVM
     * error. A stack overflow is not (it unwinds; javac overflows on deeply nested code).
     */
    public static boolean isFatal(Throwable e) {
        return e instanceof VirtualMachineError && !(e instanceof StackOverflowError);
    }

    /**
     * Answers the execute requests queued on the shell channel with "aborted" (after a failed
     * cell whose request said {@code stop_on_error}); see {@link RequestChannel#abortQueuedExecutes}.
     */
    public void abortQueuedExecutes() {
        shell.abortQueuedExecutes();
    }

    /**
     * Binds every socket to the connection file's ports. Jupyter found those ports free and let go
     * of them, so another program may have taken one since (on a shared machine, often a kernel of
     * another server, in its own start). A taken port is tried again every {@value #RETRY_MILLIS}
     * ms for up to {@code waitMillis}, with one line on stderr (Jupyter's log) naming who holds it:
     * a program's listener that was starting up lets go of it in a moment.
     *
     * @param waitMillis how long to wait for each taken port
     * @throws PortTakenException if a port is still taken after that
     */
    public void bind(long waitMillis) {
        bindWaiting("iopub", props.getIopubPort(), () -> iopub.bind(props), waitMillis);
        bindWaiting("stdin", props.getStdinPort(), () -> stdin.bind(props), waitMillis);
        bindWaiting("shell", props.getShellPort(), () -> shell.bind(props), waitMillis);
        bindWaiting("control", props.getControlPort(), () -> control.bind(props), waitMillis);
        bindWaiting("heartbeat", props.getHbPort(), () -> heartbeat.bind(props), waitMillis);
        connected = true;
    }

    private static void bindWaiting(String channel, int port, Runnable bind, long waitMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        String taken = "port " + port + " (" + channel + ") of the connection file is taken";
        for (boolean told = false; ; told = true) {
            try {
                bind.run();
                return;
            } catch (ZMQException e) {
                if (e.getErrorCode() != ZError.EADDRINUSE) {
                    throw e;
                }
            }
            boolean over = System.nanoTime() - deadline >= 0;
            if (over || !told) { // who holds it is looked up only for a message: it reads all of /proc
                String what = taken + " by " + PortHolder.of(port);
                if (over) {
                    throw new PortTakenException(what + ", also after " + waitMillis / 1000.0 + " s");
                }
                System.err.println("ptlab-java: " + what + "; waiting up to " + waitMillis / 1000.0 + " s for it");
            }
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PortTakenException(taken);
            }
        }
    }

    /** Announces "starting" and begins serving requests; after {@link #bind}. */
    public void serve() {
        if (!connected) {
            throw new IllegalStateException("serve() before bind()");
        }
        serving = true;
        iopub.sendMessage(new Message<>(new Header<>(session, PublishStatus.MESSAGE_TYPE), PublishStatus.STARTING));
        control.start();
        shell.start();
    }

    @Override
    public <T extends ContentType<T>> void publish(MessageContext parent, T content) {
        iopub.sendMessage(new Message<>(parent, content.getType(), content));
    }

    /**
     * Tells the channels' threads to stop taking requests (each notices within
     * {@link #WAKE_MILLIS}, after the request it handles); {@link #close} then closes at once.
     * Call it first when other work precedes the close, so that the two overlap.
     */
    public void stop() {
        closing = true;
        heartbeat.stop();
        shell.stop();
        control.stop();
    }

    /**
     * Closes every socket, fast: the channels' threads are all told to stop at once (each notices
     * within {@link #WAKE_MILLIS}), each socket is closed once its thread has left its loop (or
     * under the lock its users take), then the context ends, which sends what is still queued
     * (the shutdown reply, the last status) within {@link #CLOSE_MILLIS}. A thread still busy
     * with a request after that long keeps its socket, and the context is left to the JVM's exit.
     */
    @Override
    public void close() {
        stop();
        boolean all = heartbeat.close(CLOSE_MILLIS);
        all &= shell.close(CLOSE_MILLIS);    // waits for the shell thread to leave its loop
        all &= control.close(CLOSE_MILLIS);  // usually called on the control thread itself, after its last reply
        synchronized (iopub) { // JupyterSocket.sendMessage is synchronized on the socket
            iopub.close();
        }
        stdin.close();
        // Ending the context waits for every socket to be closed and its queue sent: bounded, in
        // case a busy thread still holds its socket.
        Thread ending = new Thread(context::close, "ptlab-sockets-close");
        ending.setDaemon(true);
        ending.start();
        join(ending, all ? CLOSE_MILLIS : WAKE_MILLIS);
    }

    /**
     * JeroMQ's I/O threads report a failure here; its default prints the stack trace, and so does
     * this, with one exception. While the sockets close, JeroMQ 0.6 (in a few of 1,000 closes)
     * has an I/O thread send a bound socket's listener's "terminated" acknowledgement to that
     * socket after the socket was already destroyed: the write to the socket's closed mailbox
     * fails with a {@link ClosedChannelException}. Nothing is lost (the socket it acknowledges is
     * gone), so that one is not printed.
     */
    void ioThreadFailure(Thread thread, Throwable e) {
        if (closing && causedBy(e, ClosedChannelException.class)) {
            return;
        }
        e.printStackTrace();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Waits up to {@code millis} for {@code thread} to end; true if it has (or never started). */
    static boolean join(Thread thread, long millis) {
        try {
            thread.join(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private JupyterSocket[] sockets() {
        return new JupyterSocket[] {iopub, stdin, shell, control};
    }
}
