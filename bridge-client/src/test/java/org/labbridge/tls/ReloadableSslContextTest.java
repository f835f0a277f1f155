package org.labbridge.tls;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.testing.TestCertificates;
import org.labbridge.testing.TestCertificates.Issued;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reloading: new files replace the context of new connections; unusable ones leave the working one in place. */
@Timeout(60)
class ReloadableSslContextTest {

    @TempDir
    Path dir;
    private TestCertificates certs;
    private Path cert;
    private Path key;

    @BeforeEach
    void setUp() throws Exception {
        certs = TestCertificates.create(dir);
        Issued first = certs.issue("first");
        cert = dir.resolve("live.pem");
        key = dir.resolve("live.key");
        install(first);
    }

    /** Replaces the live files as a renewal would (key first, then the certificate). */
    private void install(Issued issued) throws Exception {
        Files.copy(issued.key(), key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(issued.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
    }

    private TlsServerConfig config(Duration interval) {
        return new TlsServerConfig(cert.toString(), key.toString(), null, null, null, ClientAuth.NONE,
                TlsSettings.SUPPORTED_PROTOCOLS, interval);
    }

    @Test
    void reloadIfChangedActsOnlyOnChangedContents() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReloadableSslContext tls = ReloadableSslContext.load("test", config(Duration.ZERO))
                .bindTo(registry, Tags.of("bridge", "b"));
        var before = tls.current();
        assertFalse(tls.reloadIfChanged(), "nothing changed");
        assertSame(before, tls.current());

        install(certs.issue("second"));
        assertTrue(tls.reloadIfChanged());
        assertNotSame(before, tls.current());
        assertTrue(tls.material().describe().contains("CN=second"), tls.material().describe());
        assertEquals(1.0, registry.get("labbridge.tls.reloads").tag("result", "ok").counter().count());
        double expiry = registry.get("labbridge.tls.certificate.expiry").gauge().value();
        assertTrue(expiry > 86_400 && expiry <= 2 * 86_400, "seconds left: " + expiry);
    }

    @Test
    void aFailedReloadKeepsTheWorkingContextAndIsRetriedOnlyWhenTheFilesChangeAgain() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReloadableSslContext tls = ReloadableSslContext.load("test", config(Duration.ZERO))
                .bindTo(registry, Tags.empty());
        var working = tls.current();
        Issued second = certs.issue("second");
        Files.copy(second.cert(), cert, StandardCopyOption.REPLACE_EXISTING); // the key is not there yet
        assertFalse(tls.reloadIfChanged());
        assertSame(working, tls.current());
        assertTrue(tls.material().describe().contains("CN=first"));
        assertFalse(tls.reloadIfChanged(), "the same broken files are not tried again");
        assertEquals(1.0, registry.get("labbridge.tls.reloads").tag("result", "failed").counter().count());

        Files.copy(second.key(), key, StandardCopyOption.REPLACE_EXISTING); // the renewal completes
        assertTrue(tls.reloadIfChanged());
        assertTrue(tls.material().describe().contains("CN=second"));
    }

    @Test
    void theReloaderPollsTheFilesAndReloadsAllOnRequest() throws Exception {
        try (ReloadableSslContext polled = ReloadableSslContext.load("polled", config(Duration.ofMillis(50))).watch();
             ReloadableSslContext hupOnly = ReloadableSslContext.load("hup", config(Duration.ZERO)).watch()) {
            assertTrue(TlsReloader.shared().isWatching(polled));
            install(certs.issue("second"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!polled.material().describe().contains("CN=second")) {
                assertTrue(System.nanoTime() < deadline, "the poll did not pick up the new files");
                Thread.sleep(10); // poll interval of a poll-with-deadline
            }
            assertTrue(hupOnly.material().describe().contains("CN=first"), "reload_interval 0: no polling");
            TlsReloader.shared().reloadAll().get(10, TimeUnit.SECONDS); // what SIGHUP does
            assertTrue(hupOnly.material().describe().contains("CN=second"));
        }
    }

    @Test
    void closingStopsTheWatch() throws Exception {
        ReloadableSslContext tls = ReloadableSslContext.load("closed", config(Duration.ofMillis(20))).watch();
        tls.close();
        assertFalse(TlsReloader.shared().isWatching(tls));
    }
}
