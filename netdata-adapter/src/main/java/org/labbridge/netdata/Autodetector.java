package org.labbridge.netdata;

import org.labbridge.config.HostPort;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.labbridge.client.udp.PullClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks for PyExpLabSys/labbridge pull sockets on 127.0.0.1's default ports by asking {@code name}: a
 * socket named {@code labbridge-metrics} becomes a metrics job, any other pull socket a pull job; push
 * sockets (they answer {@code RET#...}) are left alone.
 */
final class Autodetector {
    private static final Logger LOG = LoggerFactory.getLogger(Autodetector.class);
    /** DateDataPullSocket, DataPullSocket, LiveSocket's pull socket, the daemon's metrics socket. */
    static final List<Integer> DEFAULT_PORTS = List.of(9000, 9010, 8000, 9900);
    static final String METRICS_NAME = "labbridge-metrics";

    private final String host;
    private final List<Integer> ports;
    private final Duration probeTimeout;
    private final int updateEvery;

    Autodetector(String host, List<Integer> ports, Duration probeTimeout, int updateEvery) {
        this.host = host;
        this.ports = List.copyOf(ports);
        this.probeTimeout = probeTimeout;
        this.updateEvery = updateEvery;
    }

    /** Jobs for the ports (not in {@code taken}) where a pull socket answered now. */
    List<JobConfig> probe(Set<Integer> taken, Set<String> jobNames) {
        List<JobConfig> found = new ArrayList<>();
        for (int port : ports) {
            if (taken.contains(port)) {
                continue;
            }
            String name;
            try (PullClient c = new PullClient(new InetSocketAddress(host, port), probeTimeout)) {
                name = c.name();
            } catch (IOException e) {
                LOG.debug("autodetect {}:{}: {}", host, port, e.getMessage());
                continue;
            }
            if (name.startsWith("RET#") || name.startsWith("ERROR#")) {
                continue; // a push socket
            }
            SourceKind kind = METRICS_NAME.equals(name) ? SourceKind.METRICS : SourceKind.PULL;
            String job = kind == SourceKind.METRICS ? "daemon" : "local_" + port;
            if (jobNames.contains(job)) {
                job = job + "_" + port;
            }
            LOG.info("autodetected {} socket '{}' on {}:{} (job {})", kind.key(), name, host, port, job);
            HostPort address = new HostPort(host, port);
            found.add(new JobConfig(job, kind, address, updateEvery, ConfigLoader.DEFAULT_TIMEOUT,
                    ConfigLoader.DEFAULT_RETRY, ConfigLoader.DEFAULT_DIVISOR, ConfigLoader.DEFAULT_UNITS, List.of(),
                    java.util.Map.of(), kind == SourceKind.METRICS ? ConfigLoader.defaultMetricsUrl(address) : null));
        }
        return found;
    }
}
