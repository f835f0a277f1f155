package org.labbridge.client.udp;

import java.io.IOException;

/** No reply datagram arrived within the timeout. */
public final class UdpTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    public UdpTimeoutException(String message) {
        super(message);
    }
}
