package org.labbridge.daemon.config;

import org.labbridge.config.ConfigException;
import org.labbridge.tls.TlsContexts;
import org.labbridge.tls.TlsException;
import org.labbridge.tls.TlsSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the files of every {@code tls:} block of a bound {@link DaemonConfig} and builds its context, as the
 * node will at start, so that {@code labbridge check} (and {@code run}, before binding anything) reports a
 * missing or unreadable file, a wrong key password, a key that does not belong to its certificate or an
 * expired certificate with the path of the option: {@code nodes[2].tls.key: /etc/labbridge/lab.key: cannot
 * decrypt the key: wrong password (key_password_file /run/credentials/labbridge/key-pass)}.
 */
public final class TlsFilesValidator {

    private TlsFilesValidator() {
    }

    /** @throws ConfigException listing every block whose files cannot be used */
    public static void validate(DaemonConfig config) throws ConfigException {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < config.nodes().size(); i++) {
            NodeConfig node = config.nodes().get(i);
            TlsSettings tls = node instanceof BridgeServerNodeConfig s ? s.tls()
                    : node instanceof BridgeClientNodeConfig c ? c.tls() : null;
            if (tls != null) {
                check("nodes[" + i + "].tls", tls, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static void check(String path, TlsSettings tls, List<String> problems) {
        try {
            TlsContexts.load(tls);
        } catch (TlsException e) {
            // TlsMaterial names the option first ("key: /etc/...: ..."): it becomes part of the path.
            String message = e.getMessage();
            problems.add(message.matches("(cert|key|ca): .*") ? path + "." + message : path + ": " + message);
        }
    }
}
