package org.labbridge.netdata;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A metrics job's {@code metrics_url}: an http(s) URL with a host, or {@code none} (also {@code false}) for
 * no HTTP endpoint.
 *
 * @param uri the endpoint, or null for none
 */
public record MetricsUrl(URI uri) {
    /** What {@link #fromYaml} takes, for error messages. */
    public static final String EXPECTED = "an http:// URL such as http://127.0.0.1:9901/metrics, or none";

    /** Binds {@code none}, {@code false} or an http(s) URL. */
    public static MetricsUrl fromYaml(Object node) {
        if ("none".equals(node) || Boolean.FALSE.equals(node)) {
            return new MetricsUrl(null);
        }
        if (node instanceof String text) {
            try {
                URI uri = new URI(text);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return new MetricsUrl(uri);
                }
            } catch (URISyntaxException e) {
                // answered below
            }
        }
        throw new IllegalArgumentException("expected: " + EXPECTED);
    }
}
