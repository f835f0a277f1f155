package org.labbridge.codec;

import static org.junit.jupiter.api.Assertions.assertNotSame;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The build's test settings (the parent pom's surefire/failsafe {@code configurationParameters}, shared by every
 * module): each test method has a timeout and runs in a thread of its own, so that a test stuck in a blocking
 * socket read fails when its timeout fires instead of hanging its JVM (JUnit's same-thread mode only checks
 * once the test returns). Without those settings a test runs on the thread that runs the class.
 */
class TestTimeoutsTest {

    private static Thread classThread;

    @BeforeAll
    static void rememberTheClassThread() {
        classThread = Thread.currentThread();
    }

    @Test
    void aTestMethodRunsInAThreadOfItsOwnThatItsTimeoutCanAbandon() {
        assertNotSame(classThread, Thread.currentThread(),
                "test methods run preemptively timed (junit.jupiter.execution.timeout.thread.mode.default)");
    }
}
