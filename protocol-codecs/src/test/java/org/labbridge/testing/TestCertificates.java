package org.labbridge.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A throwaway certificate authority made with the real {@code openssl} command in a temp directory, and
 * certificates it issues (EC P-256, PKCS#8 keys, as an operator would make them). Tests that need it call
 * {@link #requireOpenssl()}: without openssl they are skipped with a console message, and fail under
 * {@code CI=true}.
 */
public final class TestCertificates {

    /** A certificate and its key. */
    public record Issued(Path cert, Path key) {
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffff_ffffL);

    private final Path dir;
    private final Path config;
    private final Path ca;
    private final Path caKey;

    private TestCertificates(Path dir) throws IOException {
        this.dir = dir;
        this.config = dir.resolve("openssl.cnf");
        Files.writeString(config, """
                [req]
                distinguished_name = dn
                prompt = no
                [dn]
                CN = labbridge-test
                [ca_ext]
                basicConstraints = critical,CA:TRUE
                keyUsage = critical,keyCertSign,cRLSign
                subjectKeyIdentifier = hash
                """);
        this.ca = dir.resolve("ca.pem");
        this.caKey = dir.resolve("ca.key");
    }

    /** Skips the test (fails it under CI=true) when the openssl command is missing. */
    public static void requireOpenssl() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // not installed: below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String why = "openssl is not installed (apt-get install openssl): the TLS tests DID NOT RUN";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why + " and CI=true requires them");
        }
        System.err.println("SKIPPED: " + why);
        Assumptions.abort(why);
    }

    /** A new CA in {@code dir} ({@code ca.pem}), valid for two days. */
    public static TestCertificates create(Path dir) throws IOException {
        requireOpenssl();
        TestCertificates certs = new TestCertificates(dir);
        certs.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", certs.caKey.toString(), "-out", certs.ca.toString(), "-days", "2",
                "-subj", "/CN=labbridge test CA " + dir.getFileName(), "-config", certs.config.toString(),
                "-extensions", "ca_ext");
        return certs;
    }

    /** The CA's certificate: the {@code ca} of both roles. */
    public Path ca() {
        return ca;
    }

    /** A certificate for {@code 127.0.0.1} and {@code localhost}, for server or client use, valid two days. */
    public Issued issue(String name) throws IOException {
        return issue(name, 2, "IP:127.0.0.1", "DNS:localhost");
    }

    /**
     * A certificate {@code CN=name} with these subject alternative names ({@code IP:…}, {@code DNS:…}),
     * valid for {@code days} from now (negative: already expired), files {@code name.pem}/{@code name.key}.
     */
    public Issued issue(String name, int days, String... subjectAltNames) throws IOException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name,
                "-config", config.toString());
        StringBuilder extensions = new StringBuilder("basicConstraints=CA:FALSE\n"
                + "extendedKeyUsage=serverAuth,clientAuth\nauthorityKeyIdentifier=keyid\n");
        if (subjectAltNames.length > 0) {
            extensions.append("subjectAltName=").append(String.join(",", subjectAltNames)).append('\n');
        }
        Files.writeString(ext, extensions);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-set_serial", "0x" + Long.toHexString(SERIAL.incrementAndGet()), "-out", cert.toString(),
                "-days", Integer.toString(days), "-extfile", ext.toString());
        return new Issued(cert, key);
    }

    /** The key of {@code issued}, encrypted (PKCS#8, PBES2 AES-256-CBC) with {@code password}, as {@code name}. */
    public Path encryptedKey(Issued issued, String password) throws IOException {
        Path out = dir.resolve(issued.key().getFileName() + ".enc");
        openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", issued.key().toString(), "-out", out.toString(),
                "-passout", "pass:" + password);
        return out;
    }

    /** The serial number of a certificate, as openssl prints it (upper-case hex). */
    public String serial(Path cert) throws IOException {
        return openssl("x509", "-in", cert.toString(), "-noout", "-serial").trim().replace("serial=", "");
    }

    /** Runs openssl in the directory; its output, or a failure with it. */
    public String openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return output;
    }
}
