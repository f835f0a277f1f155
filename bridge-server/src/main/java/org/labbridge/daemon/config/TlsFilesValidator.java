package org.labbridge.daemon.config;

import org.labbridge.config.ConfigDocument;
import org.labbridge.config.ConfigException;
import org.labbridge.config.Problem;
import org.labbridge.tls.TlsContexts;
import org.labbridge.tls.TlsException;
import org.labbridge.tls.TlsSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** @throws ConfigException listing every block whose files cannot be used, located in the document */
    public static void validate(ConfigDocument<DaemonConfig> document) throws ConfigException {
        List<Problem> problems = new ArrayList<>();
        List<NodeConfig> nodes = document.value().nodes();
        for (int i = 0; i < nodes.size(); i++) {
            NodeConfig node = nodes.get(i);
            TlsSettings tls = node instanceof BridgeServerNodeConfig s ? s.tls()
                    : node instanceof BridgeClientNodeConfig c ? c.tls()
                    : node instanceof MqttBrokerSettings m ? m.tls() : null;
            if (tls != null) {
                check(document, "nodes[" + i + "].tls", tls, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw ConfigException.of(problems);
        }
    }

    private static void check(ConfigDocument<DaemonConfig> document, String path, TlsSettings tls,
                              List<Problem> problems) {
        try {
            TlsContexts.load(tls);
        } catch (TlsException e) {
            // TlsMaterial names the option first ("key: /etc/...: ..."): it becomes part of the path.
            Matcher option = OPTION.matcher(e.getMessage());
            problems.add(option.matches() ? document.problem(path + "." + option.group(1), option.group(2))
                    : document.problem(path, e.getMessage()));
        }
    }

    private static final Pattern OPTION = Pattern.compile("(cert|key|ca): (.*)", Pattern.DOTALL);
}
