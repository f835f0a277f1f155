package org.labbridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The versions baked into the build ({@code version.properties}, filtered by Maven). */
final class Versions {
    private static final Properties PROPERTIES = load();

    private Versions() {
    }

    static String labbridge() {
        return PROPERTIES.getProperty("version", "unknown");
    }

    static String netty() {
        return PROPERTIES.getProperty("netty", "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the version line then says "unknown"; nothing else depends on it
        }
        return p;
    }
}
