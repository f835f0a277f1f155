package org.labbridge.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The files of a {@code tls:} block, read and checked: the own certificate chain and its key (which must
 * belong together and be valid now), and the CA certificates that verify the peer. Everything that can be
 * found before a handshake is found here, so {@code labbridge check} reports it.
 *
 * @param chain   the own certificate first, then intermediates; empty for a client without a certificate
 * @param key     the private key of {@code chain.get(0)}; null when there is no certificate
 * @param trusted CA certificates to verify the peer; empty = the JVM's default trust store
 */
public record TlsMaterial(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> trusted) {

    public TlsMaterial {
        chain = List.copyOf(chain);
        trusted = List.copyOf(trusted);
    }

    /** Reads and checks the files now, against the process environment for {@code key_password_env}. */
    public static TlsMaterial load(TlsSettings settings) throws TlsException {
        return load(settings, System::getenv, Instant.now());
    }

    /** Reads and checks the files, with the environment and the clock given (for tests). */
    static TlsMaterial load(TlsSettings settings, UnaryOperator<String> environment, Instant now) throws TlsException {
        List<X509Certificate> chain = List.of();
        PrivateKey key = null;
        if (settings.cert() != null) {
            chain = prefixed("cert", () -> PemFiles.certificates(Path.of(settings.cert())));
            checkValidity("cert", Path.of(settings.cert()), chain.get(0), now);
            char[] password = prefixed("key", () -> KeyPassword.resolve(settings, environment));
            try {
                key = prefixed("key", () -> PemFiles.privateKey(Path.of(settings.key()), password,
                        KeyPassword.describe(settings)));
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
            checkPair(settings, chain.get(0), key);
        }
        List<X509Certificate> trusted = List.of();
        if (settings.ca() != null) {
            trusted = prefixed("ca", () -> PemFiles.certificates(Path.of(settings.ca())));
            for (X509Certificate ca : trusted) {
                checkValidity("ca", Path.of(settings.ca()), ca, now);
            }
        }
        return new TlsMaterial(chain, key, trusted);
    }

    /** When the own certificate expires; null without one. */
    public Instant notAfter() {
        return chain.isEmpty() ? null : chain.get(0).getNotAfter().toInstant();
    }

    /** The own certificate's subject and expiry, for logs: {@code CN=lab-pc (until 2027-12-05T08:00:00Z)}. */
    public String describe() {
        if (chain.isEmpty()) {
            return "no certificate";
        }
        X509Certificate leaf = chain.get(0);
        return leaf.getSubjectX500Principal().getName() + " (serial " + leaf.getSerialNumber().toString(16)
                + ", until " + notAfter() + ")";
    }

    private static void checkValidity(String option, Path file, X509Certificate cert, Instant now) throws TlsException {
        try {
            cert.checkValidity(java.util.Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new TlsException(option + ": " + file + ": the certificate " + cert.getSubjectX500Principal().getName()
                    + " expired on " + cert.getNotAfter().toInstant() + "; renew it");
        } catch (CertificateNotYetValidException e) {
            throw new TlsException(option + ": " + file + ": the certificate " + cert.getSubjectX500Principal().getName()
                    + " is not valid before " + cert.getNotBefore().toInstant() + " (is the clock right?)");
        }
    }

    /** The key must be the certificate's: a mismatch would only show as every handshake failing. */
    private static void checkPair(TlsSettings settings, X509Certificate cert, PrivateKey key) throws TlsException {
        PublicKey publicKey = cert.getPublicKey();
        String problem = key.getAlgorithm().equals(publicKey.getAlgorithm()) ? null
                : "a " + key.getAlgorithm() + " key for a " + publicKey.getAlgorithm() + " certificate";
        if (problem == null && !signs(key, publicKey)) {
            problem = "the key does not belong to the certificate";
        }
        if (problem != null) {
            throw new TlsException("key: " + settings.key() + " does not match cert " + settings.cert() + " ("
                    + cert.getSubjectX500Principal().getName() + "): " + problem);
        }
    }

    private static boolean signs(PrivateKey key, PublicKey publicKey) throws TlsException {
        if (key instanceof RSAPrivateCrtKey rsa && publicKey instanceof RSAPublicKey pub) {
            return rsa.getModulus().equals(pub.getModulus()) && rsa.getPublicExponent().equals(pub.getPublicExponent());
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            case "DSA" -> "SHA256withDSA";
            case "RSA" -> "SHA256withRSA";
            default -> null;
        };
        if (algorithm == null) {
            return true; // cannot tell here (e.g. RSASSA-PSS parameters): the handshake will
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws TlsException;
    }

    private static <T> T prefixed(String option, Step<T> step) throws TlsException {
        try {
            return step.run();
        } catch (TlsException e) {
            throw new TlsException(option + ": " + e.getMessage(), e.getCause());
        }
    }
}
