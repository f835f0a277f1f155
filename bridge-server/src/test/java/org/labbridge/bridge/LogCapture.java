package org.labbridge.bridge;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Captures what one logger writes, from creation to {@link #close()}; for tests that count log lines. */
final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture(Class<?> loggerOf) {
        this(loggerOf.getName());
    }

    LogCapture(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    /** The slf4j logger captured (to hand to the code under test). */
    org.slf4j.Logger logger() {
        return logger;
    }

    /** The events so far. */
    List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** The formatted messages so far at INFO or above. */
    List<String> infoAndUp() {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
