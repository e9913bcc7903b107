package org.sharpeyes.adapters.event;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads an XML payload by its own encoding declaration (devices declare GB2312 and mean it), with DOCTYPEs and
 * external entities refused, and finds elements by local name whatever their namespace.
 */
public final class XmlPayload {

    private XmlPayload() {
    }

    /** The document element; malformed XML names the line and column. */
    public static Element parse(byte[] payload) throws AdapterException {
        if (payload.length == 0) {
            throw new AdapterException(null, "empty payload");
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Document document = builder.parse(new ByteArrayInputStream(payload));
            return document.getDocumentElement();
        } catch (SAXParseException e) {
            throw new AdapterException(null, "not well-formed XML at line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage());
        } catch (SAXException | IOException e) {
            throw new AdapterException(null, "unreadable XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a standard feature", e);
        }
    }

    /** The first element named {@code localName} below {@code parent} (any depth), or null. */
    public static Element child(Element parent, String localName) {
        NodeList all = parent.getElementsByTagNameNS("*", localName);
        return all.getLength() == 0 ? null : (Element) all.item(0);
    }

    /** The trimmed text of the first element named {@code localName} below {@code parent}, or null when absent/empty. */
    public static String optionalText(Element parent, String localName) {
        Element element = child(parent, localName);
        if (element == null) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(node.getNodeValue());
            }
        }
        String trimmed = text.toString().trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    public static String text(Element parent, String localName) throws AdapterException {
        String text = optionalText(parent, localName);
        if (text == null) {
            throw new AdapterException(localName, "missing");
        }
        return text;
    }

    /** An optional whole number. */
    public static Long optionalLong(Element parent, String localName) throws AdapterException {
        String text = optionalText(parent, localName);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new AdapterException(localName, "expected a whole number, got '" + text + "'");
        }
    }

    /** An optional decimal number. */
    public static Double optionalDouble(Element parent, String localName) throws AdapterException {
        String text = optionalText(parent, localName);
        if (text == null) {
            return null;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new AdapterException(localName, "expected a number, got '" + text + "'");
        }
    }
}
