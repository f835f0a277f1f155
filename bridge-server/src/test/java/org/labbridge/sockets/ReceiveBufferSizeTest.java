package org.labbridge.sockets;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SO_RCVBUF is set from the option and read back; a smaller grant is logged as a warning. */
class ReceiveBufferSizeTest {

    private static DataPullSocket socket(int rcvbuf) {
        return DataPullSocket.builder("rcv", List.of()).port(0).receiveBufferSize(rcvbuf)
                .meterRegistry(new SimpleMeterRegistry()).registry(new SocketRegistry(new SystemStatus())).build();
    }

    @Test
    void grantedSizeIsReadBackAndAShortfallWarned() {
        Logger logger = (Logger) LoggerFactory.getLogger(UdpSocketServer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            try (DataPullSocket s = socket(64 * 1024)) {
                s.start();
                assertTrue(s.receiveBufferSize() >= 64 * 1024, "granted " + s.receiveBufferSize());
            }
            assertTrue(appender.list.stream().noneMatch(e -> e.getFormattedMessage().contains("SO_RCVBUF")));
            // far above any rmem_max: the kernel grants less, and we say so
            try (DataPullSocket s = socket(1 << 30)) {
                s.start();
                assertTrue(s.receiveBufferSize() < (1 << 30), "granted " + s.receiveBufferSize());
            }
            List<ILoggingEvent> warnings = appender.list.stream()
                    .filter(e -> e.getFormattedMessage().contains("asked for SO_RCVBUF 1073741824 bytes")).toList();
            assertEquals(1, warnings.size());
            assertEquals(ch.qos.logback.classic.Level.WARN, warnings.get(0).getLevel());
        } finally {
            logger.detachAppender(appender);
        }
    }
}
