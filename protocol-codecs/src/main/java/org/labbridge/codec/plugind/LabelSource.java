package org.labbridge.codec.plugind;

/** The source field of {@code CLABEL} (Netdata's label source bits). */
public enum LabelSource {
    /** Set automatically by the collector. */
    AUTO(1),
    /** Taken from the user's configuration. */
    CONFIG(2);

    private final int code;

    LabelSource(int code) {
        this.code = code;
    }

    /** The number printed. */
    public int code() {
        return code;
    }
}
