package org.labbridge.sockets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A storm of bad datagrams writes a few lines, not one per datagram: every refusal a peer can trigger on a
 * UDP socket is rate-limited per cause.
 */
class PeerLogVolumeTest {

    private static final int DATAGRAMS_PER_KIND = 500;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SocketRegistry registry = new SocketRegistry(new SystemStatus());
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void capture() {
        lines.start();
        root.addAppender(lines);
    }

    @AfterEach
    void release() throws Exception {
        root.detachAppender(lines);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** Lines of the sockets at INFO or above (what a production log shows). */
    private List<String> visibleLines() {
        synchronized (lines) {
            return lines.list.stream()
                    .filter(e -> e.getLoggerName().startsWith("org.labbridge.sockets") && e.getLevel().isGreaterOrEqual(Level.INFO))
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> !m.contains("listening on") && !m.contains("stopped"))
                    .toList();
        }
    }

    @Test
    void aStormOfBadRequestsWritesOneLinePerCause() {
        DataPushSocket push = DataPushSocket.builder("storm").port(0).maxDatagramSize(64)
                .meterRegistry(meters).registry(registry).build();
        toClose.add(push);
        push.start();
        Udp udp = new Udp(push.port());
        toClose.add(udp);

        byte[] oversize = new byte[100];
        byte[] invalidUtf8 = {'j', 's', 'o', 'n', '_', 'w', 'n', '#', (byte) 0xff};
        byte[] badJson = "json_wn#{not json".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < DATAGRAMS_PER_KIND; i++) {
            assertTrue(new String(udp.ask(oversize), StandardCharsets.UTF_8).startsWith("ERROR#"));
            assertTrue(new String(udp.ask(invalidUtf8), StandardCharsets.UTF_8).startsWith("ERROR#"));
            assertTrue(new String(udp.ask(badJson), StandardCharsets.UTF_8).startsWith("ERROR#"));
        }

        List<String> visible = visibleLines();
        // one line for each of the 3 causes; every datagram was still answered and counted
        assertEquals(3, visible.size(), String.join("\n", visible));
        assertTrue(visible.get(0).contains("push socket 'storm': refused requests (oversize)"), visible.get(0));
        assertEquals(DATAGRAMS_PER_KIND, meters.get(UdpSocketMeters.ERRORS.meterName()).tag("reason", "oversize")
                .counter().count(), 0);
    }
}
