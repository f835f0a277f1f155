package org.labbridge.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Fails the test after which a leaked {@code ByteBuf} is found, and every test when leak detection is not
 * active. Registered for every test through
 * JUnit's extension auto-detection (enabled in the parent POM's Surefire/Failsafe configuration).
 */
public final class LeakGuardExtension implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        if (!LeakGuard.isInstalled()) {
            // Without the recording detector a leak would only be logged: fail loudly instead of passing.
            throw new AssertionError("LeakGuard is not active (LeakGuardSessionListener did not run before"
                    + " Netty's buffers initialised): leaks would go unnoticed in " + context.getDisplayName());
        }
        if (context.getTestMethod().map(m -> m.isAnnotationPresent(AllowsLeaks.class)).orElse(false)) {
            return;
        }
        List<String> leaks = LeakGuard.collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " leaked ByteBuf(s) after "
                    + context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
        }
    }
}
