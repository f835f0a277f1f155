package org.labbridge.cli;

import org.labbridge.tls.ReloadableSslContext;
import org.labbridge.tls.TlsClientConfig;
import org.labbridge.tls.TlsException;
import org.labbridge.tls.TlsSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;

/**
 * The TLS options of the client commands ({@code listen}, {@code send}): the same settings as a
 * {@code bridge-client} node's {@code tls:} block. Any {@code --tls-*} option turns TLS on.
 */
final class TlsOptions {

    @Option(names = "--tls", description = "connect with TLS, trusting the JVM's CA certificates unless --tls-ca")
    boolean tls;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "PEM bundle of the CAs that verify the server")
    String ca;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM client certificate (for client_auth)")
    String cert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM (PKCS#8) key of --tls-cert")
    String key;

    @Option(names = "--tls-key-password-file", paramLabel = "FILE",
            description = "file whose first line is the password of an encrypted --tls-key")
    String keyPasswordFile;

    @Option(names = "--tls-key-password-env", paramLabel = "VAR",
            description = "environment variable holding the password of an encrypted --tls-key")
    String keyPasswordEnv;

    @Option(names = "--tls-server-name", paramLabel = "NAME",
            description = "name to send (SNI) and to expect in the server's certificate (default: HOST)")
    String serverName;

    @Option(names = "--tls-no-verify-hostname",
            description = "accept a trusted certificate that does not name the server")
    boolean noVerifyHostname;

    @Option(names = "--tls-insecure", description = "accept any server certificate (testing only: no protection"
            + " against anyone in the path)")
    boolean insecure;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The settings, or null when no TLS option was given. */
    TlsClientConfig config() {
        boolean any = tls || ca != null || cert != null || key != null || keyPasswordFile != null
                || keyPasswordEnv != null || serverName != null || noVerifyHostname || insecure;
        if (!any) {
            return null;
        }
        try {
            return new TlsClientConfig(cert, key, keyPasswordFile, keyPasswordEnv, ca, !noVerifyHostname, !insecure,
                    serverName, TlsSettings.SUPPORTED_PROTOCOLS, Duration.ZERO);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), options(e.getMessage()), e);
        }
    }

    /**
     * The context for the command, or null without TLS.
     *
     * @throws ParameterException (exit 2) with a message naming the option, when the options or files are unusable
     */
    ReloadableSslContext load(String command) {
        TlsClientConfig config = config();
        if (config == null) {
            return null;
        }
        if (insecure) {
            System.err.println("labbridge " + command + ": --tls-insecure: the server's certificate is not checked");
        }
        try {
            return ReloadableSslContext.load(command, config);
        } catch (TlsException e) {
            throw new ParameterException(spec.commandLine(), options(e.getMessage()), e);
        }
    }

    /** The YAML keys in a message as the options that set them: {@code key: ...} is {@code --tls-key: ...}. */
    private static String options(String message) {
        return message.replaceAll("^(cert|key|ca): ", "--tls-$1: ")
                .replace("key_password_file", "--tls-key-password-file")
                .replace("key_password_env", "--tls-key-password-env")
                .replace("verify_certificate: false", "--tls-insecure")
                .replace("server_name", "--tls-server-name")
                .replaceAll("\\b(cert|key) is (set|not)", "--tls-$1 is $2");
    }
}
