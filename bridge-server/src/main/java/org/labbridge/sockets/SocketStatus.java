package org.labbridge.sockets;

/**
 * One entry of {@code socket_server_status} (§6).
 *
 * @param name              the socket's name
 * @param type              {@code date}, {@code data} or {@code push}
 * @param status            {@code OK}, {@code INACTIVE} or {@code DISABLED}
 * @param sinceLastActivity seconds since the last set/poke, {@code null} when activity checking is off
 */
public record SocketStatus(String name, String type, String status, Double sinceLastActivity) {
}
