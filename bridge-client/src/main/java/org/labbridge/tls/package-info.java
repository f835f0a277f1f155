/**
 * TLS for the bridge, in both roles and for the CLI: the {@code tls:} configuration records
 * ({@link org.labbridge.tls.TlsServerConfig}, {@link org.labbridge.tls.TlsClientConfig}), PEM loading with
 * errors that name the file and the fix ({@link org.labbridge.tls.TlsMaterial}), Netty {@code SslContext}s
 * ({@link org.labbridge.tls.TlsContexts}) and their reload on {@code SIGHUP} or a file change without
 * touching established connections ({@link org.labbridge.tls.ReloadableSslContext},
 * {@link org.labbridge.tls.TlsReloader}).
 */
package org.labbridge.tls;
