/**
 * Who may talk to a socket: source allowlists ({@code allow: [10.0.0.0/8, "::1"]}) for the UDP sockets and
 * the bridge server, the filter that closes a denied TCP connection at accept, and the exposure report that
 * {@code check} and {@code run} print for every socket bound off loopback.
 */
package org.labbridge.access;
