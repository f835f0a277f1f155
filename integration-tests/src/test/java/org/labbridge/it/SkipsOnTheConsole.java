package org.labbridge.it;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Says on the build's console which integration tests did not run, and why. The build redirects test
 * output to report files (to keep the console readable), so a test that skips itself (no Netdata, no
 * Docker, no PyExpLabSys) would otherwise say why only in a file nobody opens; this listener writes past
 * that redirection, to the test JVM's own stderr, which Maven shows. Registered through
 * {@code META-INF/services}.
 */
public final class SkipsOnTheConsole implements TestExecutionListener {

    private final List<String> skipped = new ArrayList<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        skipped.add(test.getDisplayName() + " (" + test.getUniqueId() + "): " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            String reason = result.getThrowable().map(Throwable::getMessage).orElse("aborted");
            skipped.add(test.getDisplayName() + " (" + test.getUniqueId() + "): " + reason);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (skipped.isEmpty()) {
            return;
        }
        PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        for (String line : skipped) {
            console.println("[SKIPPED] " + line);
        }
        console.flush();
    }
}
