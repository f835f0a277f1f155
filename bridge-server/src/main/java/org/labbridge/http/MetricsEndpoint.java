package org.labbridge.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: every meter in the Prometheus text format, or OpenMetrics when the scraper's
 * {@code Accept} asks for it (Prometheus does), written by {@code micrometer-registry-prometheus}.
 */
final class MetricsEndpoint implements HttpEndpoint {

    /** What Prometheus asks for first; the registry knows both formats by these names. */
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HttpReply get(String query, String accept) {
        String contentType = accept.contains("application/openmetrics-text")
                ? OPENMETRICS : PROMETHEUS_TEXT;
        String text = registry.scrape(contentType);
        return new HttpReply(HttpResponseStatus.OK, contentType, text.getBytes(StandardCharsets.UTF_8));
    }
}
