package org.labbridge.daemon.config;

import org.labbridge.config.ConfigDocument;
import org.labbridge.config.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * What is valid but probably not meant: an empty file, a graph without nodes, a bind address this machine
 * does not have (the daemon would then fail to start). {@code check} prints these; {@code run} logs them.
 */
public final class ConfigWarnings {

    private ConfigWarnings() {
    }

    /** The warnings about {@code document}, in document order. */
    public static List<Problem> of(ConfigDocument<DaemonConfig> document) {
        List<Problem> warnings = new ArrayList<>();
        DaemonConfig config = document.value();
        if (document.empty()) {
            warnings.add(new Problem(document.source(), 0, 0, null,
                    "the file is empty: every setting is its default and there are no nodes", true));
        } else if (config.nodes().isEmpty()) {
            warnings.add(document.warning("nodes", "no nodes: labbridge would serve only its metrics socket and"
                    + " HTTP endpoint"));
        }
        for (PortClaims.Claim claim : PortClaims.of(config)) {
            if (BindAddresses.isLocal(claim.bind()).orElse(true)) {
                continue;
            }
            warnings.add(document.warning(claim.bindPath(), claim.bind() + " is not an address of this machine:"
                    + " labbridge run cannot bind it (labbridge check --bind-test tries every bind)"));
        }
        return warnings;
    }
}
