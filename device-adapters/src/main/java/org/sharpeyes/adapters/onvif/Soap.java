package org.sharpeyes.adapters.onvif;

import java.util.Locale;
import java.util.Optional;

/**
 * SOAP 1.2 envelopes for ONVIF requests, and answers read back (#19): the body's first element, or the fault in its
 * place (SOAP 1.2 or the 1.1 form older firmware still sends). Answers are read by local name, since vendors bind
 * the same namespaces to different prefixes; DTDs and external entities are refused.
 */
public final class Soap {

    public static final String ENVELOPE = "http://www.w3.org/2003/05/soap-envelope";
    public static final String CONTENT_TYPE = "application/soap+xml; charset=utf-8";

    private Soap() {
    }

    /** A request: {@code security} (a {@link UsernameToken#header}, or null for unauthenticated calls) and body. */
    public static String envelope(String security, String body) {
        return envelope(security, null, body);
    }

    /** A request with extra header elements (WS-Addressing for event subscriptions) after the security header. */
    public static String envelope(String security, String headers, String body) {
        String header = (security == null ? "" : security) + (headers == null ? "" : headers);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\"" + ENVELOPE + "\">"
                + (header.isEmpty() ? "" : "<s:Header>" + header + "</s:Header>") + "<s:Body>" + body
                + "</s:Body></s:Envelope>";
    }

    /** Text made safe for an XML element or attribute. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The fault in an answer, if it is one: SOAP 1.2 {@code Fault/Code/Value}, {@code Subcode/Value},
     * {@code Reason/Text}, or SOAP 1.1 {@code faultcode} and {@code faultstring}; values are given without their
     * namespace prefix. Throws {@link OnvifException} when the answer is not XML.
     */
    public static Optional<SoapFault> fault(byte[] answer) throws OnvifException {
        return fault(XmlElement.parse(answer));
    }

    static Optional<SoapFault> fault(XmlElement envelope) {
        Optional<XmlElement> found = envelope.child("Body", "Fault");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        XmlElement fault = found.get();
        if (fault.child("Code").isPresent() || fault.child("Reason").isPresent()) {
            String code = localPart(fault.text("Code", "Value"));
            String subcode = fault.child("Code", "Subcode").map(s -> {
                // The most specific subcode names the reason best (ter:InvalidArgVal under ter:NotAuthorized, …).
                XmlElement at = s;
                while (at.child("Subcode").isPresent()) {
                    at = at.child("Subcode").get();
                }
                return localPart(at.text("Value"));
            }).orElse(null);
            String reason = fault.child("Reason").flatMap(r -> r.children("Text").stream().findFirst())
                    .map(XmlElement::text).orElse(null);
            return Optional.of(new SoapFault(code, subcode, reason));
        }
        String code = localPart(fault.text("faultcode"));
        String subcode = null;
        // SOAP 1.1 folds the subcode into faultcode as Client.NotAuthorized or puts an ONVIF code in detail.
        if (code != null && code.contains(".")) {
            subcode = code.substring(code.indexOf('.') + 1);
            code = code.substring(0, code.indexOf('.'));
        }
        return Optional.of(new SoapFault(code == null ? null : code11(code), subcode, fault.text("faultstring")));
    }

    private static String code11(String code) {
        return switch (code.toLowerCase(Locale.ROOT)) {
            case "client" -> "Sender";
            case "server" -> "Receiver";
            default -> code;
        };
    }

    /**
     * The body's first element of a device's answer, {@code expected} by local name (e.g.
     * {@code GetDeviceInformationResponse}); a fault or another element becomes an {@link OnvifException}.
     */
    public static XmlElement body(byte[] answer, String expected) throws OnvifException {
        XmlElement envelope = XmlElement.parse(answer);
        if (!envelope.name().equals("Envelope")) {
            throw new OnvifException(OnvifException.Kind.MALFORMED, "the answer is no SOAP envelope but <"
                    + envelope.name() + ">");
        }
        Optional<SoapFault> fault = fault(envelope);
        if (fault.isPresent()) {
            throw fault.get().toException();
        }
        XmlElement body = envelope.child("Body").orElseThrow(() -> new OnvifException(
                OnvifException.Kind.MALFORMED, "the answer's envelope has no Body"));
        XmlElement first = body.children().stream().findFirst().orElseThrow(() -> new OnvifException(
                OnvifException.Kind.MALFORMED, "the answer's Body is empty, expected " + expected));
        if (!first.name().equals(expected)) {
            throw new OnvifException(OnvifException.Kind.MALFORMED, "expected " + expected + " in the answer, got "
                    + first.name());
        }
        return first;
    }

    /** Whether {@code bytes} begin, after white space, with markup (an error page may be HTML or plain text). */
    public static boolean looksLikeXml(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '<') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != (byte) 0xEF && b != (byte) 0xBB
                    && b != (byte) 0xBF) {
                return false;
            }
        }
        return false;
    }

    private static String localPart(String qualified) {
        if (qualified == null) {
            return null;
        }
        int colon = qualified.indexOf(':');
        return colon < 0 ? qualified : qualified.substring(colon + 1);
    }
}
