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
 * A PyExpLabSys pull socket: {@code date-pull} ({@code DateDataPullSocket}, port 9000 by default) or
 * {@code data-pull} ({@code DataPullSocket}, port 9010). Messages routed into it set points.
 *
 * @param kind             {@code date-pull} or {@code data-pull}
 * @param name             node name; also the socket's {@code name} reply unless {@code socketName} is set
 * @param socketName       what the {@code name} command answers (default: the node name)
 * @param bind             address to bind
 * @param port             UDP port; absent (or 0) = the kind's default, 9000 or 9010
 * @param codenames        a list, or {@code auto}: any codename routed in is registered
 * @param timeouts         staleness: one duration for all, or per codename; absent = never stale
 * @param defaultX         x of a point never set
 * @param defaultY         y of a point never set
 * @param checkActivity    whether {@code status} reports INACTIVE after {@code activityTimeout} without a set
 * @param activityTimeout  see {@code checkActivity}
 * @param maxDatagramSize  the largest request accepted (65,507 is the UDP maximum)
 * @param receiveBuffer    SO_RCVBUF to ask the kernel for
 * @param maxCodenames     with {@code codenames: auto}, the most codenames registered; later new ones are
 *                         refused, counted and logged (every reply lists them all, and a reply must fit a datagram)
 * @param maxCodenameLength the longest codename a push or route may add, in characters
 * @param maxStateBytes    the largest whole-socket reply ({@code json_wn}, {@code raw_wn}, {@code codenames_*},
 *                         ...) the state may grow to; a point or codename that would exceed it is refused
 * @param codenameExpiry   a codename added by a push or route and not updated for this long is dropped,
 *                         freeing its slot; absent = never (configured codenames never expire)
 * @param allow            sources served (IP literals and CIDR blocks); empty = every source
 */
@TypeName({"date-pull", "data-pull"})
public record PullNodeConfig(
        String kind,
        String name,
        @Nullable String socketName,
        @Default("127.0.0.1") String bind,
        @Default("0") @Range(min = 0, max = 65535) int port,
        @Default("auto") Codenames codenames,
        @Nullable Timeouts timeouts,
        @Default("0.0") double defaultX,
        @Default("0.0") double defaultY,
        @Default("true") boolean checkActivity,
        @Default("900s") Duration activityTimeout,
        @Default("65507") @Range(min = 64, max = 65507) ByteSize maxDatagramSize,
        @Default("1MiB") ByteSize receiveBuffer,
        @Default("1000") @Range(min = 1, max = 100_000) int maxCodenames,
        @Default("255") @Range(min = 1, max = 65507) int maxCodenameLength,
        @Default("65507") @Range(min = 64, max = 65507) ByteSize maxStateBytes,
        @Nullable Duration codenameExpiry,
        List<AllowRule> allow) implements NodeConfig, NodeConfig.Sink, NodeConfig.Bound {

    public PullNodeConfig {
        NodeConfig.requireName(name);
        if (port == 0) {
            port = isDate(kind) ? 9000 : 9010;
        }
        if (socketName == null) {
            socketName = name;
        }
        if (codenameExpiry != null && (codenameExpiry.isZero() || codenameExpiry.isNegative())) {
            throw new IllegalArgumentException("codename_expiry must be positive: " + codenameExpiry);
        }
        if (timeouts == null) {
            timeouts = Timeouts.NONE;
        }
        // PyExpLabSys's own construction rules and texts (unique, none of # , ; : &)
        org.labbridge.codec.pyexplabsys.Codenames.validate(codenames.names());
        for (String cn : timeouts.perCodename().keySet()) {
            org.labbridge.codec.pyexplabsys.Codenames.checkCharacters(cn);
            if (!codenames.auto() && !codenames.names().contains(cn)) {
                throw new IllegalArgumentException("timeouts: '" + cn + "' is not one of the codenames ("
                        + String.join(", ", codenames.names()) + ")");
            }
        }
    }

    private static boolean isDate(String kind) {
        return "date-pull".equals(kind);
    }

    /** Whether this is a {@code DateDataPullSocket} (x is the time) rather than a {@code DataPullSocket}. */
    public boolean dated() {
        return isDate(kind);
    }
}
