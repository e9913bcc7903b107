package org.sharpeyes.adapters.onvif;

/** WS-Addressing headers for calls to a pull point (#19): devices route them by {@code To}, some insist on it. */
public final class Notifications {

    static final String WSNT = "http://docs.oasis-open.org/wsn/b-2";
    static final String WSA = "http://www.w3.org/2005/08/addressing";

    private Notifications() {
    }

    /** The {@code wsa:Action} and {@code wsa:To} headers of {@code request} sent to {@code address}. */
    public static String addressing(OnvifRequest request, String address) {
        return "<wsa:Action xmlns:wsa=\"" + WSA + "\">" + Soap.escape(request.action()) + "</wsa:Action>"
                + "<wsa:To xmlns:wsa=\"" + WSA + "\">" + Soap.escape(address) + "</wsa:To>";
    }
}
