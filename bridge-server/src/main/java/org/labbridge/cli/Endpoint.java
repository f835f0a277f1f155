package org.labbridge.cli;

import org.labbridge.config.HostPort;
import picocli.CommandLine;

/** Parses the {@code HOST:PORT} argument of the client commands ({@code :9000} = 127.0.0.1:9000). */
final class Endpoint implements CommandLine.ITypeConverter<HostPort> {

    @Override
    public HostPort convert(String value) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage().replace("expected: ", "expected "));
        }
    }
}
