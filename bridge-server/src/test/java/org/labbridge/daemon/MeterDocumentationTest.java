package org.labbridge.daemon;

import org.junit.jupiter.api.Test;
import org.labbridge.client.bridge.BridgeMeters;
import org.labbridge.mqtt.MqttMeters;
import org.labbridge.sockets.UdpSocketMeters;
import org.labbridge.spool.SpoolMeters;
import org.labbridge.tls.TlsMeters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every meter of every component is documented in the README's Metrics table. */
class MeterDocumentationTest {

    @Test
    void everyMeterIsInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        List<String> names = new ArrayList<>();
        for (DaemonMeters m : DaemonMeters.values()) {
            names.add(m.meterName());
        }
        for (UdpSocketMeters m : UdpSocketMeters.values()) {
            names.add(m.meterName());
        }
        for (BridgeMeters m : BridgeMeters.values()) {
            names.add(m.meterName());
        }
        for (SpoolMeters m : SpoolMeters.values()) {
            names.add(m.meterName());
        }
        for (MqttMeters m : MqttMeters.values()) {
            names.add(m.meterName());
        }
        for (TlsMeters m : TlsMeters.values()) {
            names.add(m.meterName());
        }
        List<String> missing = names.stream().filter(n -> !readme.contains("| `" + n + "` |")).toList();
        assertEquals(List.of(), missing, "meters missing from README.md's Metrics table");
    }
}
