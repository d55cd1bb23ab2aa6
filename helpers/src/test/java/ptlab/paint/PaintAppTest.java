package ptlab.paint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.testing.HangGuard;
import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class PaintAppTest {

    @Test
    void aSingleThreadedProgramStopsTickingWhileItDraws() throws Exception {
        PaintApp.Result r = PaintApp.singleThreaded();
        assertEquals(List.of("ui"), r.threads());
        assertEquals(0, r.ticksWhileRendering(), r.toString());
        assertTrue(r.ticks() > 0);
        assertTrue(r.log().stream().anyMatch(l -> l.contains("ui") && l.contains("circle done")), r.toString());
    }

    @Test
    void aRenderThreadLetsTheUiKeepTicking() throws Exception {
        PaintApp.Result r = PaintApp.multiThreaded();
        assertEquals(List.of("ui", "render"), r.threads());
        assertTrue(r.ticksWhileRendering() > 0, r.toString());
        assertTrue(r.log().stream().anyMatch(l -> l.contains("render") && l.contains("circle done")), r.toString());
    }

    @Test
    void anInterruptStopsBothThreads() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                PaintApp.multiThreaded();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "paint-caller");
        caller.start();
        Thread.sleep(500); // while the render thread draws
        caller.interrupt();
        HangGuard.join(caller);
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
    }
}
