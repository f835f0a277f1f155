package org.labbridge.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where an encrypted key's password comes from: the first line of {@code key_password_file} (as
 * Telegraf's and systemd's credential files hold it) or the variable {@code key_password_env}; never the YAML.
 */
final class KeyPassword {

    private KeyPassword() {
    }

    /** The password, or null when the settings name no source. */
    static char[] resolve(TlsSettings settings, UnaryOperator<String> environment) throws TlsException {
        if (settings.keyPasswordFile() != null) {
            Path file = Path.of(settings.keyPasswordFile());
            String text = new String(PemFiles.read(file), StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                throw new TlsException(file + " (key_password_file): the first line is empty");
            }
            return line.toCharArray();
        }
        if (settings.keyPasswordEnv() != null) {
            String value = environment.apply(settings.keyPasswordEnv());
            if (value == null || value.isEmpty()) {
                throw new TlsException("key_password_env: the environment variable " + settings.keyPasswordEnv()
                        + " is not set (or empty) in labbridge's environment");
            }
            return value.toCharArray();
        }
        return null;
    }

    /** Names the source in an error message, never the password. */
    static String describe(TlsSettings settings) {
        if (settings.keyPasswordFile() != null) {
            return "key_password_file " + settings.keyPasswordFile();
        }
        if (settings.keyPasswordEnv() != null) {
            return "key_password_env " + settings.keyPasswordEnv();
        }
        return "no password given";
    }
}
