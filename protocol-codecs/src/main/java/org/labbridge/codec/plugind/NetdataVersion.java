package org.labbridge.codec.plugind;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of the Netdata agent running the plugin, from {@code NETDATA_VERSION} ({@code v1.37.1},
 * {@code 1.44.0-123-nightly}, {@code v2.0.3}). Anything missing or unreadable is treated as
 * {@link #BASELINE} (1.37.1, the oldest agent we support), because printing a keyword an agent does not
 * know gets the plugin killed while omitting a newer one only loses a feature.
 *
 * @param major major version
 * @param minor minor version
 * @param patch patch version
 */
public record NetdataVersion(int major, int minor, int patch) implements Comparable<NetdataVersion> {

    /** Debian bookworm's netdata-core, the oldest agent we test with. */
    public static final NetdataVersion BASELINE = new NetdataVersion(1, 37, 1);

    private static final Pattern SYNTAX = Pattern.compile("\\s*v?(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,6}))?.*");

    /** Parses {@code NETDATA_VERSION}; null, empty or unreadable text gives {@link #BASELINE}. */
    public static NetdataVersion parseOrBaseline(String text) {
        if (text == null) {
            return BASELINE;
        }
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return BASELINE;
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new NetdataVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch);
    }

    /** Whether an agent of this version understands {@code keyword}. */
    public boolean supports(Keyword keyword) {
        return compareTo(keyword.since()) >= 0;
    }

    @Override
    public int compareTo(NetdataVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch;
    }
}
