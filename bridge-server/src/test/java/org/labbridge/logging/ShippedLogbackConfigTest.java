package org.labbridge.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon's shipped {@code logback.xml} (not the tests' one): a logged exception keeps its top frames but
 * never its whole depth, so a StackOverflowError logged by a handler costs ~40 lines, not 1,024.
 */
class ShippedLogbackConfigTest {

    @Test
    void aDeepStackTraceIsCutToFortyFramesAndStillNamesWhereItHappened() throws Exception {
        StackOverflowError overflow = overflow();
        assertTrue(overflow.getStackTrace().length > 500, "the JVM kept a deep trace");

        String text = render(new IllegalStateException("handler failed", overflow));

        long frames = text.lines().filter(line -> line.trim().startsWith("at ")).count();
        assertTrue(frames <= 2 * 40, "at most 40 frames per exception, got " + frames + ":\n" + text);
        assertTrue(text.contains("Caused by: java.lang.StackOverflowError"), text);
        assertTrue(text.contains("ShippedLogbackConfigTest.recurse"), "the top frames name the culprit:\n" + text);
        assertTrue(text.contains("handler failed"), text);
    }

    @Test
    void aLineWithoutAnExceptionIsOneLine() throws Exception {
        assertEquals(1, render(null).lines().count());
    }

    private static String render(Throwable failure) throws Exception {
        URL shipped = ShippedLogbackConfigTest.class.getResource("/logback.xml");
        assertNotNull(shipped, "bridge-server's src/main/resources/logback.xml is on the classpath");
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(shipped);
        try {
            ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            ConsoleAppender<ILoggingEvent> appender = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
            Encoder<ILoggingEvent> encoder = appender.getEncoder();
            LoggingEvent event = new LoggingEvent(ShippedLogbackConfigTest.class.getName(), root, Level.WARN,
                    "push socket 'p': handler failures: {}", failure, new Object[] {"boom"});
            return new String(encoder.encode(event), StandardCharsets.UTF_8);
        } finally {
            context.stop();
        }
    }

    private static StackOverflowError overflow() {
        try {
            recurse(0);
        } catch (StackOverflowError expected) {
            return expected;
        }
        throw new AssertionError("no StackOverflowError");
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
