package org.labbridge.daemon.config;

import org.labbridge.access.AllowRule;
import org.labbridge.config.ByteSize;
import org.labbridge.config.Default;
import org.labbridge.config.Nullable;
import org.labbridge.config.Range;
import org.labbridge.config.TypeName;

import java.time.Duration;
import java.util.List;

/**
 * A PyExpLabSys {@code DataPushSocket}: {@code json_wn#{...}} and {@code raw_wn#...} are acknowledged
 * ({@code ACK#...}) and every accepted message is routed on.
 *
 * @param name            node name
 * @param socketName      what the {@code name} command answers (default: the node name)
 * @param bind            address to bind
 * @param port            UDP port
 * @param checkActivity   whether {@code status} tracks activity (off by default, as in PyExpLabSys)
 * @param activityTimeout see {@code checkActivity}
 * @param maxDatagramSize the largest request accepted
 * @param receiveBuffer   SO_RCVBUF to ask the kernel for
 * @param maxCodenameLength the longest codename accepted, in characters: a push with a longer one is
 *                        answered {@code ERROR#...} and not stored
 * @param maxStateBytes   the most bytes the socket remembers of the keys it received (PyExpLabSys's
 *                        {@code updated}, estimated); beyond it the keys received first are forgotten
 * @param allow           sources served (IP literals and CIDR blocks); empty = every source
 */
@TypeName("push")
public record PushNodeConfig(
        String name,
        @Nullable String socketName,
        @Default("127.0.0.1") String bind,
        @Default("8500") @Range(min = 1, max = 65535) int port,
        @Default("false") boolean checkActivity,
        @Default("900s") Duration activityTimeout,
        @Default("65507") @Range(min = 64, max = 65507) ByteSize maxDatagramSize,
        @Default("1MiB") ByteSize receiveBuffer,
        @Default("255") @Range(min = 1, max = 65507) int maxCodenameLength,
        @Default("65507") @Range(min = 64, max = 1073741824) ByteSize maxStateBytes,
        List<AllowRule> allow) implements NodeConfig, NodeConfig.Source, NodeConfig.Bound {

    public PushNodeConfig {
        NodeConfig.requireName(name);
        if (socketName == null) {
            socketName = name;
        }
    }
}
