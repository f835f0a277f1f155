/**
 * PyExpLabSys-compatible UDP socket servers on Netty: {@link org.labbridge.sockets.DateDataPullSocket},
 * {@link org.labbridge.sockets.DataPullSocket}, {@link org.labbridge.sockets.DataPushSocket} and
 * {@link org.labbridge.sockets.LiveSocket}, with the Python API's names and defaults. Every socket is one
 * Netty datagram channel on the process's shared event loop; the wire texts come from
 * {@code org.labbridge.codec.pyexplabsys}. Meters: {@link org.labbridge.sockets.UdpSocketMeters}.
 */
package org.labbridge.sockets;
