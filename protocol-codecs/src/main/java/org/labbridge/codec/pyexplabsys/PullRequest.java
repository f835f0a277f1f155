package org.labbridge.codec.pyexplabsys;

/**
 * A parsed pull request.
 *
 * @param command  what is asked
 * @param codename the codename of {@code CODENAME#raw} / {@code CODENAME#json}, else {@code null}
 */
public record PullRequest(PullCommand command, String codename) {

    private static final PullRequest NAME = new PullRequest(PullCommand.NAME, null);
    private static final PullRequest STATUS = new PullRequest(PullCommand.STATUS, null);
    private static final PullRequest RAW = new PullRequest(PullCommand.RAW, null);
    private static final PullRequest JSON = new PullRequest(PullCommand.JSON, null);
    private static final PullRequest RAW_WN = new PullRequest(PullCommand.RAW_WN, null);
    private static final PullRequest JSON_WN = new PullRequest(PullCommand.JSON_WN, null);
    private static final PullRequest CODENAMES_RAW = new PullRequest(PullCommand.CODENAMES_RAW, null);
    private static final PullRequest CODENAMES_JSON = new PullRequest(PullCommand.CODENAMES_JSON, null);
    /** The request that matches nothing. */
    public static final PullRequest UNKNOWN = new PullRequest(PullCommand.UNKNOWN, null);

    /**
     * Parses a request exactly as PyExpLabSys's {@code PullUDPHandler}: exactly one {@code #} means
     * {@code CODENAME#FORMAT} (format {@code raw} or {@code json}, case-sensitive); anything else is matched
     * whole, with nothing trimmed. Whether the codename exists is the socket's business.
     */
    public static PullRequest parse(String request) {
        int hash = request.indexOf('#');
        if (hash >= 0) {
            if (request.indexOf('#', hash + 1) >= 0) {
                return UNKNOWN; // two or more '#': matched whole, and no whole command has a '#'
            }
            String format = request.substring(hash + 1);
            PullCommand command = switch (format) {
                case "raw" -> PullCommand.SINGLE_RAW;
                case "json" -> PullCommand.SINGLE_JSON;
                default -> PullCommand.UNKNOWN;
            };
            return command == PullCommand.UNKNOWN ? UNKNOWN : new PullRequest(command, request.substring(0, hash));
        }
        return switch (request) {
            case "name" -> NAME;
            case "status" -> STATUS;
            case "raw" -> RAW;
            case "json" -> JSON;
            case "raw_wn" -> RAW_WN;
            case "json_wn" -> JSON_WN;
            case "codenames_raw" -> CODENAMES_RAW;
            case "codenames_json" -> CODENAMES_JSON;
            default -> UNKNOWN;
        };
    }
}
