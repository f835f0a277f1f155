package org.labbridge.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fails the test after which a leaked {@code ByteBuf} is found, and every test when leak detection is not
 * active. Registered for every test through
 * JUnit's extension auto-detection (enabled in the parent POM's Surefire/Failsafe configuration).
 */
public final class LeakGuardExtension implements AfterEachCallback {

    /** Test classes this extension has checked in this JVM: proof that auto-detection registered it. */
    private static final Set<Class<?>> GUARDED = ConcurrentHashMap.newKeySet();

    /** Whether this extension ran after a test of {@code testClass} (it runs for every test when registered). */
    public static boolean hasGuarded(Class<?> testClass) {
        return GUARDED.contains(testClass);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        context.getTestClass().ifPresent(GUARDED::add);
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
