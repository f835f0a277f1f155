/**
 * Blocking UDP clients for PyExpLabSys-compatible sockets (labbridge's own and the Python originals):
 * {@link org.labbridge.client.udp.PullClient} and {@link org.labbridge.client.udp.PushClient}. They are
 * for callers that may block (the CLI, the Netdata plugin's polling thread), never for an event loop.
 */
package org.labbridge.client.udp;
