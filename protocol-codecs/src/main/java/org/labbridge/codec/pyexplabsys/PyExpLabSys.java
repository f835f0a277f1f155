package org.labbridge.codec.pyexplabsys;

import java.util.List;

/** The protocol's constants, verbatim from PyExpLabSys {@code common/sockets.py}. */
public final class PyExpLabSys {
    private PyExpLabSys() {
    }

    /** Reply to an unknown command. The three M are PyExpLabSys's typo; clients compare against it. */
    public static final String UNKNOWN_COMMAND = "UNKNOWN_COMMMAND";
    /** Stands in for a point older than its timeout. */
    public static final String OLD_DATA = "OLD_DATA";
    /** Push reply prefix: the request was refused. */
    public static final String ERROR = "ERROR";
    /** Push reply prefix: the data was accepted. */
    public static final String ACK = "ACK";
    /** Push reply prefix: the callback (or the formatting of its value) raised. */
    public static final String EXCEP = "EXCEP";
    /** Push reply prefix: a return value. */
    public static final String RET = "RET";
    /** Characters a codename may not contain, in the order PyExpLabSys checks them. */
    public static final List<Character> BAD_CHARS = List.of('#', ',', ';', ':', '&');

    /** Default port of a DateDataPullSocket. */
    public static final int DATE_DATA_PULL_PORT = 9000;
    /** Default port of a DataPullSocket. */
    public static final int DATA_PULL_PORT = 9010;
    /** Default port of a DataPushSocket. */
    public static final int DATA_PUSH_PORT = 8500;
    /** Default port of a LiveSocket's internal DataPullSocket. */
    public static final int LIVE_PULL_PORT = 8000;
    /** Largest UDP payload over IPv4 (65,535 - 8 UDP header - 20 IP header). */
    public static final int MAX_UDP_PAYLOAD = 65_507;
}
