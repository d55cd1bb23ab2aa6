package ptlab.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class ThreadStackTest {

    private static ThreadStack dig(int level) {
        return level == 0 ? ThreadStack.here() : dig(level - 1);
    }

    @Test
    void eachRecursionAddsOneFrame() {
        ThreadStack shallow = dig(0);
        ThreadStack deep = dig(5);
        assertEquals(shallow.depth() + 5, deep.depth());
        assertTrue(deep.frames().get(0).startsWith("ThreadStackTest.dig:"), deep.toString());
        assertEquals(Thread.currentThread().getName(), deep.thread());
        assertEquals(Thread.currentThread().threadId(), deep.id());
        assertFalse(deep.virtual());
        assertEquals(3, deep.top(3).size());
        assertThrows(IllegalArgumentException.class, () -> deep.top(-1));
    }

    @Test
    void anotherThreadsStackIsItsOwn() throws Exception {
        CountDownLatch parked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            parked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                // end
            }
        }, "sleeper");
        t.start();
        parked.await();
        Thread.sleep(50);
        ThreadStack s = ThreadStack.of(t);
        release.countDown();
        t.join(2_000);
        assertEquals("sleeper", s.thread());
        assertTrue(s.frames().stream().anyMatch(f -> f.startsWith("CountDownLatch.await")), s.toString());
        assertTrue(s.frames().stream().noneMatch(f -> f.startsWith("ThreadStack.of")), "the caller's frames are not in it: " + s);
    }

    @Test
    void cellFramesShowTheirMethodOnly() {
        assertEquals("dig:4", ThreadStack.frame(new StackTraceElement("REPL.$JShell$12", "dig", "#12", 4)));
        assertEquals("lambda:2", ThreadStack.frame(new StackTraceElement("REPL.$JShell$13", "lambda$do_it$$0", "#13", 2)));
        assertEquals("Thread.run:1474", ThreadStack.frame(new StackTraceElement("java.lang.Thread", "run", "Thread.java", 1474)));
        assertEquals("Scenario.work:9", ThreadStack.frame(new StackTraceElement("ptlab.crash.Scenario$1", "work", "S.java", 9)));
    }
}
