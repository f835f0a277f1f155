package org.labbridge.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code mvn package} gives a user: the distribution directory and its tarball, with the launcher, the
 * jars, the sample configuration (valid as shipped) and a systemd unit that systemd accepts.
 */
class DistributionIT {

    private static final Path SOURCES = Path.of("../bridge-server/src/dist").toAbsolutePath().normalize();

    @Test
    void theDistributionHoldsLauncherJarsSampleConfigAndUnit() throws IOException {
        Path dist = DaemonProcess.distribution();
        assertTrue(Files.isExecutable(dist.resolve("bin/labbridge")));
        assertTrue(Files.isRegularFile(dist.resolve("lib/bridge-server.jar")));
        assertTrue(Files.isRegularFile(dist.resolve("lib/netty-transport-native-epoll-linux-x86_64.jar")));
        for (String shipped : new String[] {"conf/labbridge.yaml", "systemd/labbridge.service"}) {
            assertArrayEquals(Files.readAllBytes(SOURCES.resolve(shipped)), Files.readAllBytes(dist.resolve(shipped)),
                    shipped + " must be the file from src/dist");
        }
    }

    @Test
    void theTarballHoldsTheSameTree() throws IOException {
        Path dist = DaemonProcess.distribution();
        Path tarball = dist.resolveSibling("labbridge.tar.gz");
        Set<String> entries = tarEntries(tarball);
        Set<String> files = new TreeSet<>();
        try (var walk = Files.walk(dist)) {
            walk.filter(Files::isRegularFile).map(p -> dist.relativize(p).toString())
                    .filter(p -> !p.endsWith(".jsa")) // the class archive a first `run` may have written
                    .forEach(files::add);
        }
        assertEquals(files, entries);
    }

    @Test
    void theSampleConfigurationChecksAsShipped() throws Exception {
        Path sample = DaemonProcess.distribution().resolve("conf/labbridge.yaml");
        try (DaemonProcess check = DaemonProcess.start("check", "-c", sample.toString())) {
            assertTrue(check.process().waitFor(30, TimeUnit.SECONDS), "check must not hang");
            assertEquals(0, check.process().exitValue(), String.join("\n", check.log()));
        }
    }

    /** The unit as shipped, with its /opt and /etc paths pointed at this build, passes systemd's own check. */
    @Test
    void theSystemdUnitVerifies(@TempDir Path dir) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed: unit not verified");
        Path dist = DaemonProcess.distribution();
        String unit = Files.readString(dist.resolve("systemd/labbridge.service"))
                .replace("/etc/labbridge.yaml", dist.resolve("conf/labbridge.yaml").toString())
                .replace("/opt/labbridge", dist.toString());
        assertTrue(unit.contains("ExecStart=" + dist.resolve("bin/labbridge") + " run -c "), unit);
        Path copy = dir.resolve("labbridge.service");
        Files.writeString(copy, unit);
        Process verify = new ProcessBuilder(analyze.toString(), "verify", copy.toString())
                .redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS), "systemd-analyze hung");
        assertEquals(0, verify.exitValue(), output);
        assertTrue(output.isBlank(), "systemd-analyze reported: " + output);
    }

    /** Names of the regular files in a .tar.gz (ustar headers, no library needed for that much). */
    private static Set<String> tarEntries(Path tarball) throws IOException {
        Set<String> names = new TreeSet<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                String full = prefix.isEmpty() ? name : prefix + "/" + name;
                if (type == '0' || type == 0) {
                    names.add(full);
                }
                in.skipNBytes((size + 511) / 512 * 512);
            }
        }
        return names;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
