package org.labbridge.http;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;

/**
 * What an endpoint answers: a status, a content type and a body, built off the event loop and written
 * by {@link HttpRequestHandler}.
 *
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type} header
 * @param body        the body bytes
 */
public record HttpReply(HttpResponseStatus status, String contentType, byte[] body) {

    /** JSON content type, as every {@code /api} and {@code /health} reply uses. */
    public static final String JSON = "application/json; charset=utf-8";
    /** Plain text, for errors. */
    public static final String TEXT = "text/plain; charset=utf-8";

    /** A JSON reply. */
    public static HttpReply json(HttpResponseStatus status, String json) {
        return new HttpReply(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A plain-text reply (a line, newline-terminated). */
    public static HttpReply text(HttpResponseStatus status, String text) {
        return new HttpReply(status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
