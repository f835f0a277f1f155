package org.labbridge.codec.pyexplabsys;

/** The kinds of push request; {@link #tag()} is the metric tag value. */
public enum PushCommand {
    NAME("name"), COMMANDS("commands"), STATUS("status"), JSON_WN("json_wn"), RAW_WN("raw_wn"),
    UNKNOWN("unknown");

    private final String tag;

    PushCommand(String tag) {
        this.tag = tag;
    }

    /** Lower-case name for metric tags and logs. */
    public String tag() {
        return tag;
    }
}
