/**
 * The PyExpLabSys UDP socket protocol (see {@code pyexplabsys-sockets.md}): pull and push command parsing,
 * reply encoders, Python {@code int()}/{@code float()} conversion rules and the verbatim error texts.
 * Pure: no sockets, no clocks; the bridge-server sockets feed it snapshots and send what it returns.
 */
package org.labbridge.codec.pyexplabsys;
