package org.sharpeyes.adapters.onvif;

import java.util.Locale;

/**
 * A SOAP fault a device answered (#19), as words for an installer: {@code code} and {@code subcode} are the local
 * names of the fault's values (e.g. {@code Sender}, {@code NotAuthorized}), {@code reason} the device's own text.
 */
public record SoapFault(String code, String subcode, String reason) {

    /** Whether the device refused the login (a wrong password, or a clock too far from the device's). */
    public boolean notAuthorized() {
        return "NotAuthorized".equals(subcode) || "FailedAuthentication".equals(subcode)
                || "InvalidSecurityToken".equals(subcode) || reason != null
                && reason.toLowerCase(Locale.ROOT).contains("not authorized");
    }

    /** Whether the device does not offer the operation asked for. */
    public boolean notSupported() {
        return "ActionNotSupported".equals(subcode) || "ActionNotSupported".equals(code)
                || "NoSuchService".equals(subcode)
                || reason != null && reason.toLowerCase(Locale.ROOT).contains("not supported");
    }

    /** The exception a caller sees for this fault. */
    public OnvifException toException() {
        if (notAuthorized()) {
            return new OnvifException(OnvifException.Kind.NOT_AUTHORIZED, "the device refused the login (" + this
                    + "): check the user name and password");
        }
        if (notSupported()) {
            return new OnvifException(OnvifException.Kind.NOT_SUPPORTED, "the device does not support this "
                    + "operation (" + this + ")");
        }
        return new OnvifException(OnvifException.Kind.FAULT, "the device answered with a fault: " + this);
    }

    @Override
    public String toString() {
        return code + (subcode == null ? "" : "/" + subcode) + (reason == null ? "" : ": " + reason);
    }
}
