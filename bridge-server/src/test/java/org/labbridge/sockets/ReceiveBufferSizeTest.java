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

    /**
     * Linux reads back twice what it granted: a request between {@code rmem_max} and twice it is capped, yet
     * reads back as more than was asked. The shortfall must still be warned.
     */
    @Test
    void aRequestCappedByRmemMaxIsWarnedDespiteLinuxDoubling() throws Exception {
        java.nio.file.Path rmemMax = java.nio.file.Path.of("/proc/sys/net/core/rmem_max");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(rmemMax),
                "Linux only: no " + rmemMax);
        // readLine, not readString: procfs reports size 0 and readString then returned only the first byte here
        int cap;
        try (var in = java.nio.file.Files.newBufferedReader(rmemMax)) {
            cap = Integer.parseInt(in.readLine().trim());
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(cap < (1 << 29), "rmem_max too large to exceed: " + cap);
        int asked = cap + cap / 2;
        Logger logger = (Logger) LoggerFactory.getLogger(UdpSocketServer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            try (DataPullSocket s = socket(asked)) {
                s.start();
                assertTrue(s.receiveBufferSize() >= asked, "Linux reports the doubled size: " + s.receiveBufferSize());
            }
            assertEquals(1, appender.list.stream()
                    .filter(e -> e.getFormattedMessage().contains("asked for SO_RCVBUF " + asked + " bytes, the kernel "
                            + "granted " + cap)).count(), () -> appender.list.toString());
        } finally {
            logger.detachAppender(appender);
        }
    }
}
