package ptlab.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.testing.HangGuard;
import ptlab.testing.NoLeftovers;

/** The child copy and the multi-process browser. */
@ExtendWith(NoLeftovers.class)
class IsolationTest {

    private static final long ME = ProcessHandle.current().pid();

    @Test
    void theChildChangesOnlyItsCopy() throws Exception {
        long savings = 100;
        ChildCopy c = ChildCopy.change("savings", savings, 0);
        assertEquals(100, c.received());
        assertEquals(0, c.changedTo());
        assertNotEquals(ME, c.childPid());
        assertEquals(ME, c.childsParent());
        assertEquals(100, savings);
        assertThrows(IllegalArgumentException.class, () -> ChildCopy.change("no good", 1, 2));
    }

    @Test
    void aCrashedTabIsReportedCrashedAndTheOthersKeepRendering() throws Exception {
        try (Browser b = Browser.open("a", "b", "c")) {
            b.crash("c");
            long before = b.tab("a").frames();
            b.await(Duration.ofMillis(500));
            assertTrue(b.tab("c").crashed(), b.toString());
            assertTrue(b.tab("a").running() && b.tab("b").running(), b.toString());
            assertTrue(b.tab("a").frames() > before, b.toString());
            assertNotEquals(b.tab("a").pid(), b.tab("b").pid());
        }
    }

    @Test
    void browserArgumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, Browser::open);
        assertThrows(IllegalArgumentException.class, () -> Browser.open("a", "a"));
        assertThrows(IllegalArgumentException.class, () -> Browser.open("1", "2", "3", "4", "5", "6", "7"));
        assertThrows(NullPointerException.class, () -> Browser.open((String) null));
    }

    @Test
    void anInterruptedBrowserLeavesNothing() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (Browser b = Browser.open("x", "y")) {
                b.await(Duration.ofSeconds(10));
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        t.start();
        Thread.sleep(300);
        t.interrupt();
        Throwable e = thrown.get(HangGuard.MILLIS, TimeUnit.MILLISECONDS); // an await that ignored it returns null at 10 s
        t.join();
        assertTrue(e instanceof InterruptedException, String.valueOf(e));
    }
}
