package org.sharpeyes.adapters.onvif;

import java.io.ByteArrayInputStream;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * SOAP 1.2 envelopes for ONVIF requests, and faults read back from answers (#19). Answers are read by local name,
 * since vendors bind the same namespaces to different prefixes; DTDs and external entities are refused.
 */
public final class Soap {

    public static final String ENVELOPE = "http://www.w3.org/2003/05/soap-envelope";
    public static final String CONTENT_TYPE = "application/soap+xml; charset=utf-8";
    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XML.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    private Soap() {
    }

    /** A request: {@code security} (a {@link UsernameToken#header}, or null for unauthenticated calls) and body. */
    public static String envelope(String security, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\"" + ENVELOPE + "\">"
                + (security == null ? "" : "<s:Header>" + security + "</s:Header>") + "<s:Body>" + body
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
     * The fault in an answer, if it is one (SOAP 1.2 {@code Fault/Code/Value}, {@code Subcode/Value},
     * {@code Reason/Text}); values are given without their namespace prefix. Throws {@link OnvifException} when
     * the answer is not XML.
     */
    public static Optional<SoapFault> fault(byte[] answer) throws OnvifException {
        try {
            XMLStreamReader xml = XML.createXMLStreamReader(new ByteArrayInputStream(answer));
            boolean inFault = false;
            String code = null;
            String subcode = null;
            String reason = null;
            java.util.ArrayDeque<String> path = new java.util.ArrayDeque<>();
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = xml.getLocalName();
                    path.push(name);
                    if (name.equals("Fault")) {
                        inFault = true;
                    } else if (inFault && name.equals("Value")) {
                        String value = localPart(xml.getElementText().strip());
                        path.pop();
                        if (path.contains("Subcode")) {
                            subcode = value;
                        } else {
                            code = value;
                        }
                    } else if (inFault && name.equals("Text") && path.contains("Reason") && reason == null) {
                        reason = xml.getElementText().strip();
                        path.pop();
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    path.pop();
                }
            }
            return inFault ? Optional.of(new SoapFault(code, subcode, reason)) : Optional.empty();
        } catch (XMLStreamException e) {
            throw new OnvifException("the answer is not XML: " + e.getMessage());
        }
    }

    private static String localPart(String qualified) {
        int colon = qualified.indexOf(':');
        return colon < 0 ? qualified : qualified.substring(colon + 1);
    }
}
