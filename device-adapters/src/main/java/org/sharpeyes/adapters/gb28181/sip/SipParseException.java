package org.sharpeyes.adapters.gb28181.sip;

/** A SIP message that cannot be read; the message says what is wrong and where. */
public final class SipParseException extends Exception {

    public SipParseException(String message) {
        super(message);
    }
}
