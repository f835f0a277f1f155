package org.labbridge.netdata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void micrometersExpositionBecomesTheSocketsCodenames() {
        String text = """
                # HELP labbridge_udp_requests_total requests
                # TYPE labbridge_udp_requests_total counter
                labbridge_udp_requests_total{command="json_wn",socket="pull"} 42.0
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.048576E7
                # TYPE labbridge_poll_seconds summary
                labbridge_poll_seconds_count{job="a"} 3.0
                labbridge_poll_seconds_sum{job="a"} 0.25
                labbridge_poll_seconds{job="a",quantile="0.5"} 0.1
                # TYPE labbridge_poll_seconds_max gauge
                labbridge_poll_seconds_max{job="a"} 0.125
                # TYPE h histogram
                h_bucket{le="1.0"} 1
                h_count 1
                h_sum 0.5
                h_created 1.7e9
                # TYPE g gauge
                g NaN
                odd{path="a|b \\"q\\"",x="1"} 7 1700000000000
                """;
        PrometheusText.Result r = PrometheusText.parse(text);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("labbridge_udp_requests_total|command=json_wn|socket=pull|statistic=count", 42.0);
        expected.put("jvm_memory_used_bytes|area=heap|id=G1 Eden Space", 1.048576E7);
        expected.put("labbridge_poll_seconds_count|job=a|statistic=count", 3.0);
        expected.put("labbridge_poll_seconds_sum|job=a|statistic=total", 0.25);
        expected.put("labbridge_poll_seconds_max|job=a", 0.125);
        expected.put("h_count|statistic=count", 1.0);
        expected.put("h_sum|statistic=total", 0.5);
        expected.put("odd|path=a_b \"q\"|x=1", 7.0);
        assertEquals(expected, r.values());
        assertEquals(0, r.malformed());
    }

    @Test
    void whatMicrometerRegistryPrometheusWrites() {
        // captured from PrometheusMeterRegistry.scrape("text/plain; version=0.0.4") (the daemon's /metrics)
        String text = """
                # HELP jvm_buffer_memory_used_bytes An estimate of the memory that the Java virtual machine is using for this buffer pool
                # TYPE jvm_buffer_memory_used_bytes gauge
                jvm_buffer_memory_used_bytes{id="direct"} 112017.0
                jvm_buffer_memory_used_bytes{id="mapped - 'non-volatile memory'"} 0.0
                # HELP labbridge_bridge_connections \s
                # TYPE labbridge_bridge_connections gauge
                labbridge_bridge_connections 2.0
                # HELP labbridge_poll_seconds \s
                # TYPE labbridge_poll_seconds summary
                labbridge_poll_seconds_count 1
                labbridge_poll_seconds_sum 0.005
                # HELP labbridge_poll_seconds_max \s
                # TYPE labbridge_poll_seconds_max gauge
                labbridge_poll_seconds_max 0.005
                # HELP labbridge_udp_requests_total \s
                # TYPE labbridge_udp_requests_total counter
                labbridge_udp_requests_total{socket="pull"} 3.0
                """;
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("jvm_buffer_memory_used_bytes|id=direct", 112017.0);
        expected.put("jvm_buffer_memory_used_bytes|id=mapped - 'non-volatile memory'", 0.0);
        expected.put("labbridge_bridge_connections", 2.0);
        expected.put("labbridge_poll_seconds_count|statistic=count", 1.0);
        expected.put("labbridge_poll_seconds_sum|statistic=total", 0.005);
        expected.put("labbridge_poll_seconds_max", 0.005);
        expected.put("labbridge_udp_requests_total|socket=pull|statistic=count", 3.0);
        PrometheusText.Result r = PrometheusText.parse(text);
        assertEquals(expected, r.values());
        assertEquals(0, r.malformed());
    }

    @Test
    void aMalformedLineIsSkippedAndCountedNotTheAnswer() {
        PrometheusText.Result r = PrometheusText.parse("a 1\nb{x=unquoted} 2\nc{x=\"open 3\nd notanumber\ne 5\n");
        assertEquals(Map.of("a", 1.0, "e", 5.0), r.values());
        assertEquals(3, r.malformed());
    }
}
