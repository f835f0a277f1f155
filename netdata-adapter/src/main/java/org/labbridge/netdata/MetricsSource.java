package org.labbridge.netdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's meters: its HTTP endpoint's Prometheus text ({@code metrics_url}, default
 * {@code http://<host>:9901/metrics}) first, because its size has no limit, and its UDP metrics socket
 * ({@code labbridge-metrics}) when the endpoint does not answer (an older daemon, or HTTP switched off): the UDP
 * reply passes the datagram limit at about 20 sockets. After an HTTP failure the endpoint is tried again every
 * {@link #HTTP_RETRY} while the socket serves. Both are read on the collector's poll threads (blocking I/O
 * with the job's timeout).
 */
final class MetricsSource implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsSource.class);
    /**
     * How long the UDP socket serves after the endpoint failed before the endpoint is tried again: 1 s at
     * first, doubling up to 60 s. A daemon's first scrape can take seconds (a cold JIT on a busy host), and
     * the endpoint must not be given up for a minute because of it.
     */
    static final Duration HTTP_RETRY_FIRST = Duration.ofSeconds(1);
    static final Duration HTTP_RETRY = Duration.ofSeconds(60);
    /** Bound on an HTTP answer: the meters of thousands of sockets fit many times over. */
    static final int MAX_BODY_BYTES = 16 << 20;

    private final URI url;
    private final Duration timeout;
    private final Source udp;
    private volatile String name;
    private volatile List<String> codenames = List.of();
    /** Only touched by poll(), which never runs twice at once. */
    private long httpRetryAtNanos;
    private boolean httpFailing;
    private Duration httpBackoff = HTTP_RETRY_FIRST;
    private int malformedReported;

    /**
     * @param url the HTTP endpoint, or null for the socket only
     * @param udp the metrics socket (a pull source)
     */
    MetricsSource(URI url, Duration timeout, Source udp) {
        this.url = url;
        this.timeout = timeout;
        this.udp = udp;
    }

    @Override
    public Map<String, Object> poll() throws IOException {
        IOException httpError = null;
        if (url != null && (!httpFailing || System.nanoTime() - httpRetryAtNanos >= 0)) {
            try {
                Map<String, Object> values = readHttp(url, timeout);
                if (httpFailing) {
                    LOG.info("{} answers again, reading the meters there", url);
                }
                httpFailing = false;
                httpBackoff = HTTP_RETRY_FIRST;
                name = "labbridge-metrics (" + url + ")";
                codenames = List.copyOf(values.keySet());
                return values;
            } catch (IOException e) {
                httpError = e;
                if (!httpFailing) {
                    LOG.info("{}: {}; reading the metrics socket instead, trying HTTP again after {} s, then"
                            + " less often (up to every {} s)", url, e.getMessage(), httpBackoff.toSeconds(),
                            HTTP_RETRY.toSeconds());
                }
                httpFailing = true;
                httpRetryAtNanos = System.nanoTime() + httpBackoff.toNanos();
                Duration doubled = httpBackoff.multipliedBy(2);
                httpBackoff = doubled.compareTo(HTTP_RETRY) > 0 ? HTTP_RETRY : doubled;
            }
        }
        try {
            Map<String, Object> values = udp.poll();
            name = udp.name();
            codenames = udp.codenames();
            return values;
        } catch (IOException e) {
            if (httpError != null) {
                e.addSuppressed(httpError);
                throw new IOException(e.getMessage() + " (and " + url + ": " + httpError.getMessage() + ")", e);
            }
            throw e;
        }
    }

    /** GETs {@code url} and parses its Prometheus text. */
    Map<String, Object> readHttp(URI url, Duration timeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
        try {
            c.setConnectTimeout((int) Math.max(1, timeout.toMillis()));
            c.setReadTimeout((int) Math.max(1, timeout.toMillis()));
            c.setRequestProperty("Accept", "text/plain; version=0.0.4");
            int status = c.getResponseCode();
            if (status != 200) {
                throw new IOException("HTTP " + status);
            }
            String body;
            try (InputStream in = c.getInputStream()) {
                body = readBounded(in);
            }
            PrometheusText.Result r = PrometheusText.parse(body);
            if (r.malformed() > 0 && malformedReported++ == 0) {
                LOG.warn("{}: {} lines are not Prometheus text and were skipped (reported once)", url, r.malformed());
            }
            return r.values();
        } finally {
            c.disconnect();
        }
    }

    private static String readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            if (out.size() + n > MAX_BODY_BYTES) {
                throw new IOException("answer larger than " + (MAX_BODY_BYTES >> 20) + " MiB");
            }
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> codenames() {
        return codenames;
    }

    @Override
    public void close() {
        udp.close();
    }
}
