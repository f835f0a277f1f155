package org.labbridge.daemon.config;

import org.labbridge.access.AllowRule;
import org.labbridge.config.ByteSize;
import org.labbridge.config.Default;
import org.labbridge.config.HostPort;
import org.labbridge.config.Range;
import org.labbridge.config.TypeName;

import java.util.List;

/**
 * A PyExpLabSys {@code LiveSocket}: a pull socket (port 8000) that also sends every batch of points as a
 * {@code {"host": ..., "data": {...}}} datagram to a live server.
 *
 * @param name       node name
 * @param codenames  the registered codenames (a live socket rejects others)
 * @param bind       address of the internal pull socket
 * @param port       UDP port of the internal pull socket
 * @param liveServer {@code host:port} of the live server (required, as in PyExpLabSys)
 * @param maxStateBytes the largest whole-socket reply of the internal pull socket; a point that would
 *                   exceed it is refused (not set, not sent), counted and logged
 * @param allow      sources the internal pull socket serves; empty = every source
 */
@TypeName("live")
public record LiveNodeConfig(
        String name,
        List<String> codenames,
        @Default("127.0.0.1") String bind,
        @Default("8000") @Range(min = 1, max = 65535) int port,
        HostPort liveServer,
        @Default("65507") @Range(min = 64, max = 65507) ByteSize maxStateBytes,
        List<AllowRule> allow) implements NodeConfig, NodeConfig.Sink, NodeConfig.Bound {

    public LiveNodeConfig {
        NodeConfig.requireName(name);
        if (codenames.isEmpty()) {
            throw new IllegalArgumentException("a live node needs at least one codename");
        }
        org.labbridge.codec.pyexplabsys.Codenames.validate(codenames);
    }
}
