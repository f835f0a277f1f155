package org.labbridge.sockets;

/**
 * A codename a pull socket did not set, to keep its {@link StateLimits}: its other codenames were set.
 *
 * @param codename the codename (possibly very long: shorten it before logging)
 * @param reason   why
 * @param message  a sentence for the sender or the log
 */
public record Refusal(String codename, Reason reason, String message) {

    /** Why a codename was refused; {@link #tag()} is the meter tag. */
    public enum Reason {
        /** A new codename longer than {@link StateLimits#maxCodenameLength()}. */
        CODENAME_TOO_LONG("codename_too_long"),
        /** A new codename while {@link StateLimits#maxCodenames()} are kept. */
        TOO_MANY_CODENAMES("too_many_codenames"),
        /** The point (or the new codename) would make a whole-socket reply exceed {@link StateLimits#maxStateBytes()}. */
        STATE_FULL("state_full");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** At most 40 characters of a codename, for messages and logs (a hostile one may be 65 kB long). */
    public static String shorten(String codename) {
        if (codename.length() <= 40) {
            return codename;
        }
        int cut = Character.isHighSurrogate(codename.charAt(36)) ? 36 : 37;
        return codename.substring(0, cut) + "...";
    }
}
