package org.sharpeyes.adapters.onvif;

/** Why an ONVIF call failed, in words an installer can act on (#19), never a stack of XML. */
public final class OnvifException extends Exception {

    /** What went wrong, so the hub can answer with the right status and an installer knows what to fix. */
    public enum Kind {
        /** The device refused the login: a wrong user name or password. */
        NOT_AUTHORIZED,
        /** The device refused the login and its clock is far from ours even after correcting for it. */
        CLOCK_SKEW,
        /** The device does not offer the operation or service. */
        NOT_SUPPORTED,
        /** No connection, no answer in time, or an HTTP error. */
        UNREACHABLE,
        /** The answer is not the XML the operation defines. */
        MALFORMED,
        /** Any other SOAP fault, with the device's own reason. */
        FAULT
    }

    private final Kind kind;

    public OnvifException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
