package org.labbridge.daemon.config;

import org.labbridge.config.ByteSequence;
import org.labbridge.config.ByteSize;
import org.labbridge.config.Default;
import org.labbridge.config.Range;

/**
 * How a bridge connection frames and encodes messages (datalogd {@code SocketDataFilter} options).
 *
 * @param messageDelimiter the delimiter bytes; {@code null} = close-delimited (one message per connection)
 * @param bufferSize       the largest message accepted; longer ones are discarded and counted
 * @param messageEncoding  a Java charset name ({@code utf8} = UTF-8)
 * @param structureType    {@code json} (validated JSON values) or {@code string} (plain text)
 */
public record FramingConfig(
        @Default("0x17") ByteSequence messageDelimiter,
        @Default("1MiB") @Range(min = 16, max = 256L * 1024 * 1024) org.labbridge.config.ByteSize bufferSize,
        @Default("utf8") String messageEncoding,
        @Default("json") StructureType structureType) {

    /** The datalogd defaults: 0x17, 1 MiB, UTF-8, JSON. */
    public static final FramingConfig DEFAULT =
            new FramingConfig(ByteSequence.ETB, ByteSize.ofMiB(1), "utf8", StructureType.JSON);

    /** How message text is interpreted. */
    public enum StructureType {
        /** JSON values (lenient input: NaN, Infinity). */
        JSON,
        /** Plain text; the delimiter must not occur in messages. */
        STRING
    }
}
