package org.labbridge.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Installs {@link LeakGuard} when the JUnit launcher session opens, before any test class loads. */
public final class LeakGuardSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        LeakGuard.install();
    }
}
