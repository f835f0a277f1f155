package org.labbridge.codec.pyexplabsys;

import org.labbridge.codec.python.JsonLimits;
import org.labbridge.codec.python.PyFormat;
import org.labbridge.codec.python.PyJson;
import org.labbridge.codec.python.PyJsonException;

import java.util.Map;

/**
 * A parsed push request: either data to store ({@link #data()} non-null) or a ready reply / error.
 *
 * @param command what was asked
 * @param data    the decoded dict of a valid {@code json_wn#}/{@code raw_wn#}, else {@code null}
 * @param error   for a refused request, the text after {@code ERROR#}; else {@code null}
 */
public record PushRequest(PushCommand command, Map<String, Object> data, String error) {

    /** Reply to {@code commands} (after {@code RET#}). */
    public static final String COMMANDS_JSON = "[\"json_wn#\", \"raw_wn#\", \"name\", \"status\", \"commands\"]";

    private static final String JSON_WN = "json_wn#";
    private static final String RAW_WN = "raw_wn#";
    private static final PushRequest NAME = new PushRequest(PushCommand.NAME, null, null);
    private static final PushRequest COMMANDS = new PushRequest(PushCommand.COMMANDS, null, null);
    private static final PushRequest STATUS = new PushRequest(PushCommand.STATUS, null, null);
    private static final PushRequest UNKNOWN = new PushRequest(PushCommand.UNKNOWN, null, PyExpLabSys.UNKNOWN_COMMAND);

    /** Whether the request was refused ({@link #error()} holds the reason). */
    public boolean isError() {
        return error != null;
    }

    /** {@link #parse(String, JsonLimits)} with {@link JsonLimits#DEFAULT}. */
    public static PushRequest parse(String request) {
        return parse(request, JsonLimits.DEFAULT);
    }

    /**
     * Parses like PyExpLabSys's {@code PushUDPHandler}, except that the command is split from its payload at
     * the FIRST {@code #} (§8: Python refuses any payload holding a {@code #}).
     */
    public static PushRequest parse(String request, JsonLimits limits) {
        switch (request) {
            case "name":
                return NAME;
            case "commands":
                return COMMANDS;
            case "status":
                return STATUS;
            default:
                break;
        }
        // The command ends at the first '#', and neither command holds one: a prefix test is the same split.
        if (request.startsWith(JSON_WN)) {
            return jsonWithNames(request.substring(JSON_WN.length()), limits);
        }
        if (request.startsWith(RAW_WN)) {
            String payload = request.substring(RAW_WN.length());
            try {
                return new PushRequest(PushCommand.RAW_WN, RawWithNames.parse(payload), null);
            } catch (PyValueError e) {
                return new PushRequest(PushCommand.RAW_WN, null, e.getMessage());
            }
        }
        return UNKNOWN;
    }

    /**
     * {@link #parse(String, JsonLimits)} of the UTF-8 request in {@code utf8}, for the request a push nearly
     * always is, {@code json_wn#} and a flat object of printable ASCII, read without a String; {@code null}
     * for anything else (then decode and call {@link #parse(String, JsonLimits)}: errors keep their texts).
     */
    public static PushRequest parseFlatJson(byte[] utf8, int offset, int length, JsonLimits limits) {
        int prefix = JSON_WN.length();
        if (length <= prefix) {
            return null;
        }
        for (int j = 0; j < prefix; j++) {
            if (utf8[offset + j] != JSON_WN.charAt(j)) {
                return null;
            }
        }
        Map<String, Object> data = PyJson.loadsFlat(utf8, offset + prefix, length - prefix, limits);
        return data == null ? null : new PushRequest(PushCommand.JSON_WN, data, null);
    }

    @SuppressWarnings("unchecked")
    private static PushRequest jsonWithNames(String payload, JsonLimits limits) {
        Object decoded;
        try {
            decoded = PyJson.loads(payload, limits);
        } catch (PyJsonException e) {
            return new PushRequest(PushCommand.JSON_WN, null,
                    "The string '" + payload + "' could not be decoded as JSON");
        }
        if (!(decoded instanceof Map)) {
            return new PushRequest(PushCommand.JSON_WN, null, "The object '" + PyFormat.str(decoded)
                    + "' returned after decoding the JSON string is not a dict");
        }
        return new PushRequest(PushCommand.JSON_WN, (Map<String, Object>) decoded, null);
    }
}
