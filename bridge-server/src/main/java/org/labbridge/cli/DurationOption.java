package org.labbridge.cli;

import org.labbridge.config.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** {@code --timeout 500ms} and friends, with the configuration file's duration syntax. */
final class DurationOption implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("expected " + Durations.EXPECTED);
        }
    }
}
