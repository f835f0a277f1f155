package org.labbridge.sockets;

/** Python's {@code action} argument of {@code DataPushSocket}. */
public enum PushAction {
    /** Only {@code last} and {@code updated} are kept (always done, whatever the action). */
    STORE_LAST("store_last"),
    /** Each message is also put on {@link DataPushSocket#queue()} for the owner to take. */
    ENQUEUE("enqueue"),
    /** The callback is called with each message, in order, on the socket's worker thread. */
    CALLBACK_ASYNC("callback_async"),
    /** The callback is called on the worker and its return value is the reply ({@code RET#}/{@code EXCEP#}). */
    CALLBACK_DIRECT("callback_direct");

    private final String pythonName;

    PushAction(String pythonName) {
        this.pythonName = pythonName;
    }

    /** The Python spelling. */
    public String pythonName() {
        return pythonName;
    }

    /** The action for a Python spelling, with PyExpLabSys's error text. */
    public static PushAction of(String pythonName) {
        for (PushAction a : values()) {
            if (a.pythonName.equals(pythonName)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Unknown action '" + pythonName
                + "'. Must be one of: ['store_last', 'enqueue', 'callback_async', 'callback_direct']");
    }

    boolean isCallback() {
        return this == CALLBACK_ASYNC || this == CALLBACK_DIRECT;
    }
}
