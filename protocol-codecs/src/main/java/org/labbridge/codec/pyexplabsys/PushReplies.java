package org.labbridge.codec.pyexplabsys;

import org.labbridge.codec.python.PyFormat;

import java.util.Map;

/** Reply texts of the push socket: {@code ACK#}, {@code ERROR#}, {@code RET#}, {@code EXCEP#}. */
public final class PushReplies {
    private PushReplies() {
    }

    /** {@code ACK#<repr(dict)>}. */
    public static String ack(Map<String, Object> data) {
        StringBuilder sb = new StringBuilder(64);
        appendAck(sb, data);
        return sb.toString();
    }

    /** Appends {@link #ack}'s text to {@code out} (a reused builder spares a String per reply). */
    public static void appendAck(StringBuilder out, Map<String, Object> data) {
        out.append(PyExpLabSys.ACK).append('#');
        PyFormat.appendRepr(out, data);
    }

    /** {@code ERROR#<message>}. */
    public static String error(String message) {
        return PyExpLabSys.ERROR + '#' + message;
    }

    /** {@code RET#<text>}. */
    public static String ret(String text) {
        return PyExpLabSys.RET + '#' + text;
    }

    /** {@code EXCEP#<message>}. */
    public static String excep(String message) {
        return PyExpLabSys.EXCEP + '#' + message;
    }

    /** {@code RET#<name>}. */
    public static String name(String name) {
        return ret(name);
    }

    /** {@code RET#["json_wn#", "raw_wn#", "name", "status", "commands"]}. */
    public static String commands() {
        return ret(PushRequest.COMMANDS_JSON);
    }

    /** Python's {@code str(exception)} for a Java throwable: its message, else its class name. */
    public static String exceptionText(Throwable t) {
        String message = t.getMessage();
        return message != null ? message : t.getClass().getSimpleName();
    }
}
