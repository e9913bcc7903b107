package org.sharpeyes.adapters.onvif;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * An element of a device's answer, named and found by local name only (#19): vendors bind the ONVIF namespaces to
 * prefixes of their own choosing, and some send elements of a newer schema version than asked for.
 */
public final class XmlElement {

    private static final XMLInputFactory XML = XMLInputFactory.newFactory();
    private static final int MAX_DEPTH = 64;

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XML.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    private final String name;
    private final String namespace;
    private final Map<String, String> attributes;
    private final List<XmlElement> children = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    private XmlElement(String name, String namespace, Map<String, String> attributes) {
        this.name = name;
        this.namespace = namespace;
        this.attributes = attributes;
    }

    /** The root element of {@code bytes}; an {@link OnvifException} (MALFORMED) when they are not XML. */
    public static XmlElement parse(byte[] bytes) throws OnvifException {
        try {
            XMLStreamReader xml = XML.createXMLStreamReader(new ByteArrayInputStream(bytes));
            Deque<XmlElement> open = new ArrayDeque<>();
            XmlElement root = null;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    Map<String, String> attributes = new LinkedHashMap<>();
                    for (int i = 0; i < xml.getAttributeCount(); i++) {
                        attributes.put(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
                    }
                    XmlElement element = new XmlElement(xml.getLocalName(), xml.getNamespaceURI(), attributes);
                    if (open.isEmpty()) {
                        root = element;
                    } else {
                        open.peek().children.add(element);
                    }
                    open.push(element);
                    if (open.size() > MAX_DEPTH) {
                        throw new OnvifException(OnvifException.Kind.MALFORMED, "the answer nests deeper than "
                                + MAX_DEPTH + " elements");
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    open.pop();
                } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)
                        && !open.isEmpty()) {
                    open.peek().text.append(xml.getText());
                }
            }
            if (root == null) {
                throw new OnvifException(OnvifException.Kind.MALFORMED, "the answer holds no XML element");
            }
            return root;
        } catch (XMLStreamException e) {
            throw new OnvifException(OnvifException.Kind.MALFORMED, "the answer is not XML: "
                    + reason(e.getMessage()));
        }
    }

    /** The parser's own words: the last line of its message (the first names only the position). */
    private static String reason(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.strip().lines().reduce((a, b) -> b).orElse(message);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    /** The element's own text, stripped. */
    public String text() {
        return text.toString().strip();
    }

    /** An attribute by local name, or null. */
    public String attribute(String localName) {
        return attributes.get(localName);
    }

    public List<XmlElement> children() {
        return List.copyOf(children);
    }

    /** The children named {@code localName}. */
    public List<XmlElement> children(String localName) {
        return children.stream().filter(c -> c.name.equals(localName)).toList();
    }

    /** The element at {@code path} below this one, each step a child's local name. */
    public Optional<XmlElement> child(String... path) {
        XmlElement at = this;
        for (String step : path) {
            XmlElement next = null;
            for (XmlElement c : at.children) {
                if (c.name.equals(step)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            at = next;
        }
        return Optional.of(at);
    }

    /** The text at {@code path}, or null when there is no such element or it is empty. */
    public String text(String... path) {
        return child(path).map(XmlElement::text).filter(t -> !t.isEmpty()).orElse(null);
    }

    /** The first element named {@code localName} at any depth below this one (or this one). */
    public Optional<XmlElement> find(String localName) {
        if (name.equals(localName)) {
            return Optional.of(this);
        }
        for (XmlElement c : children) {
            Optional<XmlElement> found = c.find(localName);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Every element named {@code localName} at any depth below this one, in document order. */
    public List<XmlElement> findAll(String localName) {
        List<XmlElement> found = new ArrayList<>();
        collect(localName, found);
        return found;
    }

    private void collect(String localName, List<XmlElement> found) {
        for (XmlElement c : children) {
            if (c.name.equals(localName)) {
                found.add(c);
            }
            c.collect(localName, found);
        }
    }
}
