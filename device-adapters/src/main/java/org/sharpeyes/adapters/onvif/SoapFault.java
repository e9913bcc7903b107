package org.sharpeyes.adapters.onvif;

/**
 * A SOAP fault a device answered (#19), as words for an installer: {@code code} and {@code subcode} are the local
 * names of the fault's values (e.g. {@code Sender}, {@code NotAuthorized}), {@code reason} the device's own text.
 */
public record SoapFault(String code, String subcode, String reason) {

    /** Whether the device refused the login (a wrong password, or a clock too far from the device's). */
    public boolean notAuthorized() {
        return "NotAuthorized".equals(subcode) || "FailedAuthentication".equals(subcode);
    }

    /** Whether the device does not offer the operation asked for. */
    public boolean notSupported() {
        return "ActionNotSupported".equals(subcode) || "InvalidArgVal".equals(code) && reason != null
                && reason.toLowerCase(java.util.Locale.ROOT).contains("not supported");
    }

    @Override
    public String toString() {
        return code + (subcode == null ? "" : "/" + subcode) + (reason == null ? "" : ": " + reason);
    }
}
