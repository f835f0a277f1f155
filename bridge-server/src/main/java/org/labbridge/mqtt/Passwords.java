package org.labbridge.mqtt;

import org.labbridge.daemon.config.MqttBrokerSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a node's MQTT password from where the configuration points: a file or an environment variable. */
final class Passwords {

    private Passwords() {
    }

    /**
     * The password bytes (UTF-8), or {@code null} when none is configured. A file's trailing line break is not
     * part of the password ({@code echo secret > file} is how people write one).
     *
     * @throws IOException when the file cannot be read or the variable is not set
     */
    static byte[] read(MqttBrokerSettings settings) throws IOException {
        if (settings.passwordFile() != null) {
            Path file = Path.of(settings.passwordFile());
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException(settings.name() + ": cannot read password_file " + file + " (" + e + ")", e);
            }
            return stripLineBreak(text).getBytes(StandardCharsets.UTF_8);
        }
        if (settings.passwordEnv() != null) {
            String value = System.getenv(settings.passwordEnv());
            if (value == null) {
                throw new IOException(settings.name() + ": password_env " + settings.passwordEnv() + " is not set");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }

    private static String stripLineBreak(String s) {
        int end = s.length();
        if (end > 0 && s.charAt(end - 1) == '\n') {
            end--;
            if (end > 0 && s.charAt(end - 1) == '\r') {
                end--;
            }
        }
        return s.substring(0, end);
    }
}
