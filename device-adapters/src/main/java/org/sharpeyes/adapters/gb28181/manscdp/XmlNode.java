package org.sharpeyes.adapters.gb28181.manscdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An element of a MANSCDP body: its name, attributes, text, and child elements in order. */
public final class XmlNode {

    private final String name;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<XmlNode> children = new ArrayList<>();
    private String text = "";

    public XmlNode(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The element's own text, trimmed. */
    public String text() {
        return text;
    }

    public XmlNode text(String value) {
        this.text = value == null ? "" : value.trim();
        return this;
    }

    public Map<String, String> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    public XmlNode attribute(String key, String value) {
        attributes.put(key, value);
        return this;
    }

    public List<XmlNode> children() {
        return Collections.unmodifiableList(children);
    }

    /** Adds a child and returns it. */
    public XmlNode add(XmlNode child) {
        children.add(child);
        return child;
    }

    /** Adds a child element holding {@code value} as text and returns this element, for building. */
    public XmlNode with(String childName, Object value) {
        children.add(new XmlNode(childName).text(value == null ? "" : String.valueOf(value)));
        return this;
    }

    /** The first child of that name (compared without case, as devices vary it), or null. */
    public XmlNode child(String childName) {
        for (XmlNode child : children) {
            if (child.name.equalsIgnoreCase(childName)) {
                return child;
            }
        }
        return null;
    }

    /** The children of that name. */
    public List<XmlNode> all(String childName) {
        return children.stream().filter(child -> child.name.equalsIgnoreCase(childName)).toList();
    }

    /** The text at a slash-separated path of child names ("Info/PTZType"), or null when a step is missing. */
    public String at(String path) {
        XmlNode node = this;
        for (String step : path.split("/")) {
            node = node.child(step);
            if (node == null) {
                return null;
            }
        }
        return node.text;
    }
}
