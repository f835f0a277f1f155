package org.labbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What a push waits for before its ACK: nothing (at once, no list or future made), one write, or several. */
class AckBarrierTest {

    @Test
    void waitsOnlyForWhatWasAwaited() {
        AckBarrier none = new AckBarrier();
        assertFalse(none.waits());
        assertTrue(none.all().isDone());

        AckBarrier one = new AckBarrier();
        CompletableFuture<Void> write = new CompletableFuture<>();
        one.await(write);
        assertTrue(one.waits());
        CompletableFuture<Void> all = one.all();
        assertFalse(all.isDone());
        write.complete(null);
        assertTrue(all.isDone() && !all.isCompletedExceptionally());

        AckBarrier two = new AckBarrier();
        CompletableFuture<Void> a = new CompletableFuture<>();
        two.await(a);
        two.await(CompletableFuture.failedFuture(new IllegalStateException("disk full")));
        CompletableFuture<Void> both = two.all();
        a.complete(null);
        assertTrue(both.isCompletedExceptionally());
    }
}
