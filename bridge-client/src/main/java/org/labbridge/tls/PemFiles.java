package org.labbridge.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads PEM certificates and PKCS#8 private keys (plain or password-encrypted) with the JDK alone, so that
 * every failure can say which file and what to do. Traditional OpenSSL key formats ({@code RSA PRIVATE KEY},
 * {@code EC PRIVATE KEY}) are refused with the command that converts them.
 */
final class PemFiles {

    /** Bounds what a misconfigured path (a log file, a device) can make us read. */
    private static final long MAX_FILE_BYTES = 1 << 20;
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");

    private PemFiles() {
    }

    /** The certificates of a PEM file, in file order (at least one). */
    static List<X509Certificate> certificates(Path file) throws TlsException {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(file)) {
                if (b.type().equals("CERTIFICATE") || b.type().equals("TRUSTED CERTIFICATE")) {
                    out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new TlsException(file + ": not a valid certificate (" + e.getMessage() + ")", e);
        }
        if (out.isEmpty()) {
            throw new TlsException(file + ": no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /** The one private key of a PEM file; {@code password} is needed (only) for an encrypted key. */
    static PrivateKey privateKey(Path file, char[] password, String passwordSource) throws TlsException {
        List<Block> keys = blocks(file).stream().filter(b -> b.type().endsWith("PRIVATE KEY")).toList();
        if (keys.isEmpty()) {
            throw new TlsException(file + ": no PEM private key in it (expected -----BEGIN PRIVATE KEY----- or "
                    + "-----BEGIN ENCRYPTED PRIVATE KEY-----)");
        }
        if (keys.size() > 1) {
            throw new TlsException(file + ": " + keys.size() + " private keys in it; keep only the certificate's");
        }
        Block key = keys.get(0);
        return switch (key.type()) {
            case "PRIVATE KEY" -> pkcs8(file, key.der());
            case "ENCRYPTED PRIVATE KEY" -> pkcs8(file, decrypt(file, key.der(), password, passwordSource));
            default -> throw new TlsException(file + ": a '" + key.type() + "' (traditional OpenSSL format) is not "
                    + "supported; convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW "
                    + "(or -v2 aes-256-cbc to keep it encrypted)");
        };
    }

    private static byte[] decrypt(Path file, byte[] der, char[] password, String passwordSource) throws TlsException {
        if (password == null) {
            throw new TlsException(file + ": the key is encrypted: give its password with key_password_file or "
                    + "key_password_env");
        }
        EncryptedPrivateKeyInfo info;
        String algorithm;
        try {
            info = new EncryptedPrivateKeyInfo(der);
            // PBES2 names its real cipher only in its parameters (e.g. PBEWithHmacSHA256AndAES_256).
            algorithm = info.getAlgName().equals("PBES2") || info.getAlgName().equals("1.2.840.113549.1.5.13")
                    ? info.getAlgParameters().toString() : info.getAlgName();
        } catch (IOException | RuntimeException e) {
            throw new TlsException(file + ": not a valid encrypted PKCS#8 key (" + e.getMessage() + ")", e);
        }
        Cipher cipher;
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password)), info.getAlgParameters());
        } catch (GeneralSecurityException e) {
            throw new TlsException(file + ": the key's encryption (" + algorithm + ") is not supported by this JVM ("
                    + e.getMessage() + "); re-encrypt it: openssl pkcs8 -topk8 -v2 aes-256-cbc -in OLD -out NEW", e);
        }
        try {
            return info.getKeySpec(cipher).getEncoded();
        } catch (InvalidKeySpecException e) {
            throw new TlsException(file + ": cannot decrypt the key: wrong password (" + passwordSource + ")", e);
        }
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws TlsException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next
            }
        }
        throw new TlsException(file + ": not a usable private key (none of " + KEY_ALGORITHMS + ")");
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(Path file) throws TlsException {
        String text = new String(read(file), StandardCharsets.US_ASCII);
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new TlsException(file + ": a damaged PEM block (" + m.group(1) + "): " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The whole file, or an error that says why it cannot be read. */
    static byte[] read(Path file) throws TlsException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new TlsException(file + ": larger than " + (MAX_FILE_BYTES >> 10) + " KiB: not a PEM file");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new TlsException(file + ": cannot read it: permission denied (labbridge runs as user "
                    + System.getProperty("user.name") + ")", e);
        } catch (IOException e) {
            throw new TlsException(file + ": cannot read it (" + e + ")", e);
        }
    }
}
