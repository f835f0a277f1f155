package org.labbridge.codec.plugind;

/**
 * The plugins.d keywords a plugin may print, with the first agent version that accepts each one. An agent
 * that meets an unknown keyword kills and restarts the plugin, so nothing is printed unless
 * {@link NetdataVersion#supports(Keyword)} says so.
 */
public enum Keyword {
    CHART(1, 0),
    DIMENSION(1, 0),
    BEGIN(1, 0),
    SET(1, 0),
    END(1, 0),
    FLUSH(1, 0),
    DISABLE(1, 0),
    VARIABLE(1, 0),
    LABEL(1, 0),
    OVERWRITE(1, 0),
    CLABEL(1, 0),
    CLABEL_COMMIT(1, 0),
    FUNCTION(1, 37),
    FUNCTION_RESULT_BEGIN(1, 37),
    FUNCTION_RESULT_END(1, 37),
    HOST_DEFINE(1, 39),
    HOST_DEFINE_END(1, 39),
    HOST_LABEL(1, 39),
    HOST(1, 39),
    CONFIG(1, 45),
    FUNCTION_PROGRESS(1, 45);

    private final int sinceMajor;
    private final int sinceMinor;

    Keyword(int sinceMajor, int sinceMinor) {
        this.sinceMajor = sinceMajor;
        this.sinceMinor = sinceMinor;
    }

    /** The oldest agent version that understands this keyword. */
    public NetdataVersion since() {
        return new NetdataVersion(sinceMajor, sinceMinor, 0);
    }
}
