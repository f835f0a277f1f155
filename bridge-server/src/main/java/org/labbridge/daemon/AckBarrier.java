package org.labbridge.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a source waits for before it acknowledges a message: sinks that keep messages durably (a
 * {@code bridge-client} with a disk spool) add the future of their write while the message is routed; the
 * source then answers when {@link #all} completes. Routing is synchronous, so one thread fills it.
 */
public final class AckBarrier {

    /** Made on the first {@link #await}: most messages reach no durable sink, and one is made per push. */
    private List<CompletableFuture<?>> pending;

    /** The message is acknowledged only once {@code stored} completes (and not at all if it fails). */
    public void await(CompletableFuture<?> stored) {
        if (pending == null) {
            pending = new ArrayList<>(1);
        }
        pending.add(stored);
    }

    /** Whether anything was awaited: if not, the message can be acknowledged at once. */
    public boolean waits() {
        return pending != null;
    }

    /** Completes when every awaited write completed; fails with the first failure. Call after routing. */
    public CompletableFuture<Void> all() {
        return switch (pending == null ? 0 : pending.size()) {
            case 0 -> CompletableFuture.completedFuture(null);
            case 1 -> pending.get(0).thenApply(v -> null);
            default -> CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
        };
    }
}
