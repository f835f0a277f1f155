package org.labbridge.http;

/**
 * One path of the HTTP endpoint. Called on the HTTP worker thread, never on an I/O event loop, so it may
 * do a bounded amount of CPU work (a metrics scrape) but must not wait on anything.
 */
@FunctionalInterface
public interface HttpEndpoint {

    /**
     * The reply to a {@code GET} (or {@code HEAD}: the handler drops the body).
     *
     * @param query the raw query string ({@code ""} when none)
     * @param accept the request's {@code Accept} header ({@code ""} when none)
     */
    HttpReply get(String query, String accept);
}
