package ptlab.kernel.session;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.BooleanValue;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.IllegalConnectorArgumentsException;
import com.sun.jdi.connect.ListeningConnector;

import jdk.jshell.execution.JdiExecutionControl;
import jdk.jshell.execution.Util;
import jdk.jshell.spi.ExecutionEnv;

import ptlab.kernel.cell.Descendants;

/**
 * JShell's execution engine for one cell JVM: launches the JVM with {@code CellAgent}, talks to
 * it over a socket (JShell's own command protocol) and controls it over JDI.
 *
 * <p>Works on JDK 21 (JShell's own way to plug in a launcher is JDK 22+): it starts the JVM itself
 * and keeps the {@link Process}, which JShell's default engine hides; that gives the exit status,
 * the PID and the JVM's own stdout and stderr.
 *
 * <p>Interrupting and stopping: the agent keeps static fields ({@code inClientCode},
 * {@code expectingStop}, {@code interruptRequested}, {@code clientThread}) and a static stop
 * exception. With the JVM suspended, this class reads them and, only if client code is running,
 * asks the agent to interrupt the client thread (the agent calls {@code Thread.interrupt()}:
 * JDI's {@link ThreadReference#interrupt()} is specified to do nothing to a thread the debugger
 * has suspended, and the check must be made suspended) or throws the stop exception into it
 * ({@link ThreadReference#stop(ObjectReference)}). The agent does not leave client code while
 * {@code expectingStop} is set, so the asynchronous exception always lands inside the agent's
 * {@code invoke}, where it becomes JShell's "stopped".
 *
 * <p>Just over 400 lines: starting the JVM and controlling it share its {@link Process} and
 * {@link VirtualMachine}; the start-up (the {@code launch} method and its helpers) is the part to
 * move out next.
 */
public final class CellJvmControl extends JdiExecutionControl {

    /** The agent's main class; a string so the kernel JVM need not load it. */
    static final String AGENT_CLASS = "ptlab.kernel.cell.CellAgent";
    /** A common-pool worker with this class's {@code doExec} on its stack is running a task. */
    private static final String POOL_TASK_CLASS = "java.util.concurrent.ForkJoinTask";
    private static final String POOL_WORKER_PREFIX = "ForkJoinPool.commonPool-worker-";

    /** The buffer on the agent's socket (commands and output). */
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final VirtualMachine vm;
    private final Process process;
    private final Object jdiLock = new Object();
    private volatile boolean disposed;
    /** True while JShell waits for a snippet's code to run in the cell JVM (not while it compiles). */
    private volatile boolean invoking;
    /** Set when a cell is interrupted while it compiles: its snippet's code must not run afterwards. */
    private volatile boolean refuseInvoke;
    private ClassType agentType; // looked up once, under jdiLock
    /** For {@link Phases}: how long the JVM took to start and connect to JDI, then to the agent's socket. */
    long launchNanos;
    long attachNanos;
    /** For {@link Phases}: set once the start-up snippets have run; later calls are cells'. */
    volatile boolean cellsRun;

    private CellJvmControl(ObjectOutput out, ObjectInput in, VirtualMachine vm, Process process) {
        super(out, in);
        this.vm = vm;
        this.process = process;
    }

    /**
     * Starts a cell JVM and connects JShell to it.
     *
     * <p>Like JShell's {@code JdiInitiator} in listen mode (a JDI listening connector, then the
     * JVM started with a {@code ProcessBuilder}, no shell), except that the JVM's own stdout
     * and stderr are kept: they carry what the JVM itself prints (warnings, a crash) and the
     * output of child processes started with {@code inheritIO()}, which the course's cells do.
     * Cell code's {@code System.out} and {@code System.err} travel on the command socket.
     *
     * @param env           JShell's environment: the user streams and the remote VM options
     * @param processOut    where the JVM's own stdout goes
     * @param processErr    where the JVM's own stderr goes
     * @param timeoutMillis how long the JVM may take to connect back
     * @return the engine, connected
     * @throws IOException if the JVM cannot be started or does not connect
     */
    static CellJvmControl launch(ExecutionEnv env, OutputStream processOut, OutputStream processErr, int timeoutMillis)
            throws IOException {
        ListeningConnector connector = listeningConnector();
        Map<String, Connector.Argument> jdiArgs = connector.defaultArguments();
        jdiArgs.get("localAddress").setValue("127.0.0.1");
        jdiArgs.get("timeout").setValue(Integer.toString(timeoutMillis));
        Process process = null;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String jdiAddress = connector.startListening(jdiArgs);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-agentlib:jdwp=transport=dt_socket,address=" + jdiAddress);
            command.addAll(env.extraRemoteVMOptions());
            command.add(AGENT_CLASS);
            command.add(Integer.toString(listener.getLocalPort()));
            String secret = StartSecret.create();
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put(StartSecret.VARIABLE, secret); // not on the command line, which others can read
            long launching = Phases.now();
            process = builder.start();
            process.getOutputStream().close(); // children that inherit stdin read end-of-file
            process.onExit().thenRun(() -> stopListening(connector, jdiArgs)); // a JVM that dies at once ends the wait
            copy(process.getInputStream(), processOut, "ptlab-cell-jvm-stdout");
            copy(process.getErrorStream(), processErr, "ptlab-cell-jvm-stderr");

            VirtualMachine vm = connector.accept(jdiArgs);
            long attaching = Phases.now();
            stopListening(connector, jdiArgs);
            CellJvmControl[] self = new CellJvmControl[1];
            // Also resumes the VM after its start event. On death or disconnect, JShell closes
            // down, which closes this engine.
            Util.detectJdiExitEvent(vm, reason -> env.closeDown());
            Socket socket = StartSecret.accept(listener, process, timeoutMillis, secret);
            // Commands and output are many small writes: without this, Nagle's algorithm and
            // delayed ACKs add some 40 ms to each of the several round trips of every snippet.
            socket.setTcpNoDelay(true);
            Process started = process;
            // JShell reads each output packet (at most 127 bytes) in four reads: unbuffered, that
            // is four system calls, and a flood queued in the socket would take seconds to drain
            InputStream fromAgent = new BufferedInputStream(socket.getInputStream(), READ_BUFFER_BYTES);
            Util.remoteInputOutput(fromAgent, socket.getOutputStream(),
                    Map.of("out", env.userOut(), "err", env.userErr()),
                    Map.of("in", env.userIn()),
                    (cmdIn, cmdOut) -> self[0] = new CellJvmControl(cmdOut, cmdIn, vm, started));
            self[0].launchNanos = attaching - launching;
            self[0].attachNanos = Phases.now() - attaching;
            return self[0];
        } catch (IOException | IllegalConnectorArgumentsException | RuntimeException e) {
            stopListening(connector, jdiArgs);
            if (process != null) {
                Descendants.destroyWithRoot(process.toHandle(), 500); // no half-started JVM stays
                if (!process.isAlive() && process.exitValue() != 0 && !(e instanceof IOException)) {
                    throw new IOException("the cell JVM exited with status " + process.exitValue() + " while starting", e);
                }
            }
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private static void stopListening(ListeningConnector connector, Map<String, Connector.Argument> args) {
        try {
            connector.stopListening(args);
        } catch (IOException | IllegalConnectorArgumentsException | RuntimeException e) {
            // not listening (any more)
        }
    }

    private static ListeningConnector listeningConnector() throws IOException {
        for (ListeningConnector c : Bootstrap.virtualMachineManager().listeningConnectors()) {
            if (c.name().equals("com.sun.jdi.SocketListen")) {
                return c;
            }
        }
        throw new IOException("this JDK has no JDI socket listening connector");
    }

    /** Copies a stream to the notebook on a daemon thread until it ends. */
    private static void copy(InputStream from, OutputStream to, String name) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (from) {
                for (int n; (n = from.read(buffer)) > 0; ) {
                    to.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the JVM is gone
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** @return the cell JVM's process */
    public Process process() {
        return process;
    }

    /** @return the exit status if the cell JVM has ended within {@code waitMillis}, else empty */
    public OptionalInt exitStatus(long waitMillis) {
        try {
            if (process.waitFor(waitMillis, TimeUnit.MILLISECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalInt.empty();
    }

    @Override
    protected VirtualMachine vm() throws EngineTerminationException {
        if (disposed) {
            throw new EngineTerminationException("the cell JVM is gone");
        }
        return vm;
    }

    /**
     * Runs a snippet's code, unless the cell was interrupted while it was being compiled (see
     * {@link #refuseInvokeUnlessRunning()}): then the snippet is reported as stopped.
     */
    @Override
    public String invoke(String className, String methodName)
            throws RunException, EngineTerminationException, InternalException {
        invoking = true; // written before refuseInvoke is read, as refuseInvokeUnlessRunning writes and reads the other way
        long start = Phases.now();
        try {
            if (refuseInvoke) {
                throw new StoppedException();
            }
            return super.invoke(className, methodName);
        } finally {
            invoking = false;
            remote(Phases.Phase.INVOKE, start);
        }
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        long start = Phases.now();
        try {
            super.load(cbcs);
        } finally {
            remote(Phases.Phase.LOAD, start);
        }
    }

    @Override
    public void redefine(ClassBytecodes[] cbcs) throws ClassInstallException, EngineTerminationException {
        long start = Phases.now();
        try {
            super.redefine(cbcs);
        } finally {
            remote(Phases.Phase.LOAD, start);
        }
    }

    /** A cell's call to the cell JVM during JShell's eval: its own phase, not the compiler's. */
    private void remote(Phases.Phase phase, long start) {
        if (Phases.on() && cellsRun) {
            long took = System.nanoTime() - start;
            Phases.add(phase, took);
            Phases.subtract(Phases.Phase.COMPILE, took);
        }
    }

    /**
     * For an interrupt that finds no snippet code running (JShell is compiling): from now until
     * {@link #allowInvoke()}, no snippet code runs.
     *
     * @return true if snippet code is running after all (then the interrupt must end it)
     */
    public boolean refuseInvokeUnlessRunning() {
        refuseInvoke = true;
        return invoking;
    }

    /** A new cell starts: its snippets run. */
    public void allowInvoke() {
        refuseInvoke = false;
    }

    /**
     * Has the agent interrupt the client thread if it is running client code (within some 20 ms).
     *
     * @return true if the interrupt was delivered
     */
    public boolean interruptClient() {
        return withSuspendedVm(() -> {
            if (!staticBoolean("inClientCode")) {
                return false;
            }
            // the agent's interrupter thread calls Thread.interrupt() (see CellAgent)
            agentType().setValue(agentField("interruptRequested"), vm.mirrorOf(true));
            return true;
        });
    }

    /**
     * Throws the agent's stop exception into the client thread if it is running client code or
     * waiting for a stop. Also stops common-pool workers that are running a task: while a cell is
     * being interrupted, those work for it (a parallel stream) and would otherwise go on burning CPU.
     *
     * @return true if the client thread was sent the stop
     */
    public boolean stopClient() {
        return withSuspendedVm(() -> {
            boolean inClient = staticBoolean("inClientCode");
            boolean pending = staticBoolean("expectingStop");
            ObjectReference stop = (ObjectReference) agentType().getValue(agentField("STOP"));
            stopBusyPoolWorkers();
            if (!inClient && !pending) {
                return false;
            }
            agentType().setValue(agentField("expectingStop"), vm.mirrorOf(true));
            clientThread().stop(stop); // delivered when the VM resumes
            return true;
        });
    }

    @Override
    public void stop() {
        stopClient();
    }

    /**
     * Stops common-pool workers that run a task, until none does (at most {@code millis}). After
     * an interrupted parallel stream, its remaining subtasks would otherwise go on running; each
     * stop ends one subtask. (A task's frames need not show snippet code at the moment the JVM is
     * suspended, so any busy worker counts: after an interrupt, that is the cell's work.)
     */
    public void stopPoolWorkers(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline && withSuspendedVm(this::stopBusyPoolWorkers)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** With the VM suspended: stops every common-pool worker running a task; true if there was one. */
    private boolean stopBusyPoolWorkers() {
        ObjectReference stop = (ObjectReference) agentType().getValue(agentField("STOP"));
        boolean any = false;
        for (ThreadReference t : vm.allThreads()) {
            if (t.name().startsWith(POOL_WORKER_PREFIX) && runsPoolTask(t)) {
                try {
                    t.stop(stop);
                    any = true;
                } catch (Exception e) {
                    // the thread ended meanwhile
                }
            }
        }
        return any;
    }

    /** Ends the cell JVM and every process below it at once. */
    public void destroy() {
        Descendants.destroyWithRoot(process.toHandle(), 1000);
    }

    /**
     * Called by JShell when it closes: after the cell JVM died (System.exit, halt, crash), or when
     * the kernel closes the session. A JVM that is exiting on its own gets a second to finish, so
     * that its real exit status is kept; then the JVM and everything below it are destroyed.
     */
    @Override
    public void close() {
        super.close();
        disposed = true;
        exitStatus(1000);
        destroy();
        try {
            vm.dispose();
        } catch (VMDisconnectedException e) {
            // already gone
        } catch (RuntimeException e) {
            // nothing more to release
        }
    }

    private boolean runsPoolTask(ThreadReference t) {
        try {
            for (StackFrame f : t.frames()) {
                if (f.location().declaringType().name().equals(POOL_TASK_CLASS)
                        && f.location().method().name().equals("doExec")) {
                    return true;
                }
            }
        } catch (IncompatibleThreadStateException e) {
            // not suspended after all: leave it alone
        }
        return false;
    }

    private ThreadReference clientThread() {
        return (ThreadReference) agentType().getValue(agentField("clientThread"));
    }

    private boolean staticBoolean(String name) {
        return ((BooleanValue) agentType().getValue(agentField(name))).value();
    }

    private Field agentField(String name) {
        Field f = agentType().fieldByName(name);
        if (f == null) {
            throw new IllegalStateException(AGENT_CLASS + " has no field " + name);
        }
        return f;
    }

    private ClassType agentType() {
        if (agentType == null) {
            List<ReferenceType> types = vm.classesByName(AGENT_CLASS);
            if (types.isEmpty()) {
                throw new IllegalStateException(AGENT_CLASS + " is not loaded in the cell JVM");
            }
            agentType = (ClassType) types.get(0);
        }
        return agentType;
    }

    /** JDI work that needs a consistent view: runs with every thread of the cell JVM suspended. */
    private boolean withSuspendedVm(JdiAction action) {
        synchronized (jdiLock) {
            if (disposed || !process.isAlive()) {
                return false;
            }
            try {
                vm.suspend();
                try {
                    return action.run();
                } finally {
                    vm.resume();
                }
            } catch (VMDisconnectedException e) {
                return false;
            } catch (Exception e) {
                // e.g. the client thread is not yet set (no cell ran): nothing to interrupt
                return false;
            }
        }
    }

    @FunctionalInterface
    private interface JdiAction {
        boolean run() throws Exception;
    }
}
