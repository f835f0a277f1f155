package org.labbridge.netdata;

import org.labbridge.config.HostPort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AutodetectorTest {

    @Test
    void findsPullAndMetricsSocketsButNotPushSocketsOrSilence() throws Exception {
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (FakePullSocket pull = new FakePullSocket("furnace", 0);
             FakePullSocket metrics = new FakePullSocket(Autodetector.METRICS_NAME, 0);
             FakePullSocket push = new FakePullSocket("RET#push socket", 0);
             FakePullSocket taken = new FakePullSocket("already a job", 0)) {
            Autodetector a = new Autodetector("127.0.0.1", List.of(closedPort, pull.port(), metrics.port(), push.port(),
                    taken.port()), Duration.ofMillis(300), 2);
            List<JobConfig> jobs = a.probe(Set.of(taken.port()), Set.of());
            assertEquals(2, jobs.size(), jobs.toString());
            assertEquals("local_" + pull.port(), jobs.get(0).name());
            assertEquals(SourceKind.PULL, jobs.get(0).kind());
            assertEquals(2, jobs.get(0).updateEvery());
            assertEquals("daemon", jobs.get(1).name());
            assertEquals(SourceKind.METRICS, jobs.get(1).kind());
            assertEquals(new HostPort("127.0.0.1", metrics.port()), jobs.get(1).address());
            assertEquals("daemon_" + metrics.port(),
                    a.probe(Set.of(pull.port()), Set.of("daemon")).get(0).name(), "names stay unique");
        }
    }
}
