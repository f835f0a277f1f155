package org.labbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;

/**
 * What one UDP request came to, for the exit code and the {@code --json} line: a PyExpLabSys socket says
 * no with {@code ERROR#…}, {@code EXCEP#…} or {@code UNKNOWN_COMMMAND} (sic, three M, as PyExpLabSys
 * spells it), and a push is a success only when it was acknowledged ({@code ACK#…}).
 */
record ReplyOutcome(String target, String request, String reply, String error, int exitCode) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The reply of a pull request: anything but a refusal is a success. */
    static ReplyOutcome ofPull(String target, String request, String reply) {
        return new ReplyOutcome(target, request, reply, null, isRefusal(reply) ? ExitCodes.FAILED : ExitCodes.OK);
    }

    /** The reply of a push: only {@code ACK#} is a success. */
    static ReplyOutcome ofPush(String target, String request, String reply) {
        return new ReplyOutcome(target, request, reply, null, reply.startsWith("ACK#") ? ExitCodes.OK : ExitCodes.FAILED);
    }

    /** No reply at all (timeout, refused, unknown host). */
    static ReplyOutcome unreachable(String target, String request, String error) {
        return new ReplyOutcome(target, request, null, error, ExitCodes.UNREACHABLE);
    }

    static boolean isRefusal(String reply) {
        return reply.startsWith("ERROR#") || reply.startsWith("EXCEP#") || reply.equals("UNKNOWN_COMMMAND");
    }

    /**
     * Prints the outcome: the bare reply (errors on stderr) for people, or one JSON object for scripts:
     * {@code {"target", "request", "ok", "exit", "reply", "value"?, "error"?}}, where {@code value} is the
     * reply parsed as JSON when it is JSON (e.g. {@code json_wn}).
     */
    void print(boolean json, String command, PrintStream out, PrintStream err) {
        if (!json) {
            if (reply != null) {
                out.println(reply);
            } else {
                err.println("labbridge " + command + " " + target + ": " + error);
            }
            return;
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.put("target", target);
        doc.put("request", request);
        doc.put("ok", exitCode == ExitCodes.OK);
        doc.put("exit", exitCode);
        if (reply != null) {
            doc.put("reply", reply);
            JsonNode value = parseOrNull(reply);
            if (value != null) {
                doc.set("value", value);
            }
        } else {
            doc.put("error", error);
        }
        out.println(doc);
    }

    private static JsonNode parseOrNull(String reply) {
        if (reply.isEmpty() || (reply.charAt(0) != '{' && reply.charAt(0) != '[')) {
            return null;
        }
        try {
            return JSON.readTree(reply);
        } catch (Exception notJson) {
            return null;
        }
    }
}
