package org.labbridge.daemon.config;

import org.labbridge.codec.message.StructureType;
import org.labbridge.config.ByteSequence;
import org.labbridge.config.ByteSize;
import org.labbridge.config.Default;
import org.labbridge.config.Range;

/**
 * The {@code framing:} section of a bridge node, with datalogd {@code SocketDataFilter}'s option names;
 * {@link #toFraming()} gives the codec's {@link org.labbridge.codec.frame.FramingConfig}.
 *
 * @param messageDelimiter  the delimiter bytes; {@code null} = close-delimited (one message per connection)
 * @param bufferSize        the largest message accepted; longer ones are discarded and counted
 * @param messageEncoding   a Java charset name ({@code utf8} = UTF-8)
 * @param structureType     {@code json} (validated JSON values) or {@code string} (plain text)
 * @param pythonCompatible  write NaN/Infinity as Python's json.dumps does (not strict JSON)
 */
public record FramingConfig(
        @Default("0x17") ByteSequence messageDelimiter,
        @Default("1MiB") @Range(min = 16, max = 256L * 1024 * 1024) ByteSize bufferSize,
        @Default("utf8") String messageEncoding,
        @Default("json") StructureType structureType,
        @Default("false") boolean pythonCompatible) {

    public FramingConfig {
        org.labbridge.codec.frame.FramingConfig.charsetFor(messageEncoding); // names the bad encoding now
    }

    /** The codec's view of the same settings. */
    public org.labbridge.codec.frame.FramingConfig toFraming() {
        return new org.labbridge.codec.frame.FramingConfig(messageDelimiter, bufferSize, messageEncoding,
                structureType, pythonCompatible);
    }
}
