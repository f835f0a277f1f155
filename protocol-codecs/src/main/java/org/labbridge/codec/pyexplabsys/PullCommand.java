package org.labbridge.codec.pyexplabsys;

/** The kinds of pull request; {@link #tag()} is the metric tag value. */
public enum PullCommand {
    NAME("name"), STATUS("status"), RAW("raw"), JSON("json"), RAW_WN("raw_wn"), JSON_WN("json_wn"),
    CODENAMES_RAW("codenames_raw"), CODENAMES_JSON("codenames_json"),
    /** {@code CODENAME#raw}. */
    SINGLE_RAW("codename_raw"),
    /** {@code CODENAME#json}. */
    SINGLE_JSON("codename_json"),
    UNKNOWN("unknown");

    private final String tag;

    PullCommand(String tag) {
        this.tag = tag;
    }

    /** Lower-case name for metric tags and logs. */
    public String tag() {
        return tag;
    }

    /** Whether the reply depends only on the socket's state (not on a codename or the system). */
    public boolean isWhole() {
        return this != STATUS && this != SINGLE_RAW && this != SINGLE_JSON && this != UNKNOWN;
    }
}
