package org.labbridge.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Fails the test after which a leaked {@code ByteBuf} is found. Registered for every test through
 * JUnit's extension auto-detection (enabled in the parent POM's Surefire/Failsafe configuration).
 */
public final class LeakGuardExtension implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
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
