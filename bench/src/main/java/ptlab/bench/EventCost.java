package ptlab.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import ptlab.child.Protocol;
import ptlab.run.Work;
import ptlab.task.Event;
import ptlab.task.Task;

/**
 * JMH: what recording one event costs. {@link #record()} is the helper's whole bookkeeping around a task that does
 * nothing ({@link Work#runHere(Task)}: a fresh clock anchor, times, thread CPU time, the event value); {@link #event()} is the event value alone; {@link #line()} is
 * the protocol line a child JVM writes for it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventCost {

    private Task task;
    private Event sample;

    /** Makes the task and a sample event. */
    @Setup
    public void setUp() {
        task = Task.cpu("A", 1); // counting primes below 1: no work, only the recording
        sample = Work.runHere(task);
    }

    /** The whole record of one task: start and end times, thread CPU time, result text, the event. */
    @Benchmark
    public Event record() {
        return Work.runHere(task);
    }

    /** The event value alone (its checks included). */
    @Benchmark
    public Event event() {
        return new Event(task, sample.pid(), sample.parentPid(), sample.thread(), sample.submittedMicros(), sample.startMicros(),
                sample.endMicros(), sample.cpuMicros(), Event.Status.OK, sample.result());
    }

    /** The protocol line a child JVM writes for one event. */
    @Benchmark
    public String line() {
        return Protocol.event(sample);
    }
}
