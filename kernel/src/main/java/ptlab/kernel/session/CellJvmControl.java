package ptlab.kernel.session;

import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

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

import jdk.jshell.execution.JdiExecutionControl;

import ptlab.kernel.cell.Descendants;

/**
 * JShell's execution engine for one cell JVM, which runs {@code CellAgent}: talks to it over a
 * socket (JShell's own command protocol) and controls it over JDI. It keeps the JVM's
 * {@link Process}, which JShell's default engine hides; that gives the exit status and the PID.
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
 * <p>{@link CellJvmLauncher} starts the JVM and makes this engine for it.
 */
public final class CellJvmControl extends JdiExecutionControl {

    /** The agent's main class; a string so the kernel JVM need not load it. */
    static final String AGENT_CLASS = "ptlab.kernel.cell.CellAgent";
    /** A common-pool worker with this class's {@code doExec} on its stack is running a task. */
    private static final String POOL_TASK_CLASS = "java.util.concurrent.ForkJoinTask";
    private static final String POOL_WORKER_PREFIX = "ForkJoinPool.commonPool-worker-";

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

    /** Made by {@link CellJvmLauncher} once the JVM is connected: commands on {@code out} and {@code in}. */
    CellJvmControl(ObjectOutput out, ObjectInput in, VirtualMachine vm, Process process) {
        super(out, in);
        this.vm = vm;
        this.process = process;
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
