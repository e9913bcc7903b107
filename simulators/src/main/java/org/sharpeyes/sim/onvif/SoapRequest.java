package org.sharpeyes.sim.onvif;

import java.io.ByteArrayInputStream;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** A SOAP request as the simulated device reads it (#19): the body's operation and the WS-Security login, if any. */
final class SoapRequest {

    private final Element operation;
    private final Element header;

    private SoapRequest(Element operation, Element header) {
        this.operation = operation;
        this.header = header;
    }

    /** Parses {@code bytes}; empty when they are no SOAP envelope with an operation in its body. */
    static Optional<SoapRequest> parse(byte[] bytes) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Document document = builder.parse(new ByteArrayInputStream(bytes));
            Element envelope = document.getDocumentElement();
            Element body = child(envelope, "Body");
            Element first = body == null ? null : firstElement(body);
            return first == null ? Optional.empty() : Optional.of(new SoapRequest(first, child(envelope, "Header")));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    String operation() {
        return operation.getLocalName();
    }

    String namespace() {
        return operation.getNamespaceURI() == null ? "" : operation.getNamespaceURI();
    }

    /** The text of the first element named {@code localName} in the operation, or null. */
    String text(String localName) {
        Element found = find(operation, localName);
        return found == null ? null : found.getTextContent().strip();
    }

    /** An attribute of the first element named {@code localName} in the operation, or null. */
    Double number(String localName, String attribute) {
        Element found = find(operation, localName);
        if (found == null || !found.hasAttribute(attribute)) {
            return null;
        }
        try {
            return Double.valueOf(found.getAttribute(attribute));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An element of the operation, to read a sub-element by local name. */
    Element element(String localName) {
        return find(operation, localName);
    }

    /** A header element's text by local name: the UsernameToken's Username, Password, Nonce, Created; MessageID. */
    String header(String localName) {
        Element found = header == null ? null : find(header, localName);
        return found == null ? null : found.getTextContent().strip();
    }

    static Element find(Element at, String localName) {
        for (Node n = at.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                if (localName.equals(e.getLocalName())) {
                    return e;
                }
                Element deeper = find(e, localName);
                if (deeper != null) {
                    return deeper;
                }
            }
        }
        return null;
    }

    private static Element child(Element at, String localName) {
        for (Node n = at.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static Element firstElement(Element at) {
        for (Node n = at.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }
}
