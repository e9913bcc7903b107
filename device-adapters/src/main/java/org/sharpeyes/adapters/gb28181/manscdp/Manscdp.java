package org.sharpeyes.adapters.gb28181.manscdp;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads and writes MANSCDP bodies ({@code Application/MANSCDP+xml}). Devices declare GB2312 and send UTF-8, or the
 * other way round, so the declaration is not trusted: bytes that are valid UTF-8 are read as UTF-8, others as GB18030
 * (which contains GB2312 and GBK). A bare ampersand in a name is taken as text. What the hub writes declares GB2312
 * and is encoded in GB18030, the same bytes for every character GB2312 has.
 */
public final class Manscdp {

    /** The SIP Content-Type of a MANSCDP body. */
    public static final String CONTENT_TYPE = "Application/MANSCDP+xml";

    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final Pattern BARE_AMPERSAND = Pattern.compile("&(?![a-zA-Z]+;|#[0-9]+;|#x[0-9a-fA-F]+;)");
    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        FACTORY.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        FACTORY.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    }

    private Manscdp() {
    }

    /** The root element of a body; the message says what is wrong and where when it is not XML. */
    public static XmlNode parse(byte[] body) throws ManscdpException {
        String text = decode(body);
        int start = text.indexOf("<?xml");
        if (start >= 0) {
            int end = text.indexOf("?>", start);
            text = end < 0 ? text : text.substring(end + 2);
        }
        text = BARE_AMPERSAND.matcher(text).replaceAll("&amp;");
        try {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(new StringReader(text));
            Deque<XmlNode> open = new ArrayDeque<>();
            Deque<StringBuilder> texts = new ArrayDeque<>();
            XmlNode root = null;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    XmlNode node = new XmlNode(reader.getLocalName());
                    for (int i = 0; i < reader.getAttributeCount(); i++) {
                        node.attribute(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
                    }
                    if (open.isEmpty()) {
                        root = node;
                    } else {
                        open.peek().add(node);
                    }
                    open.push(node);
                    texts.push(new StringBuilder());
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    if (!texts.isEmpty()) {
                        texts.peek().append(reader.getText());
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    open.pop().text(texts.pop().toString());
                }
            }
            if (root == null) {
                throw new ManscdpException("no element in a body of " + body.length + " bytes");
            }
            return root;
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber() + ", column "
                    + e.getLocation().getColumnNumber();
            throw new ManscdpException("not well-formed XML" + where + ": " + e.getMessage().replaceAll("\\s+", " "));
        }
    }

    /** The body's text: UTF-8 when the bytes are valid UTF-8, else GB18030. */
    static String decode(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return new String(body, GB18030);
        }
    }

    /** Writes an element tree as a body, with the GB2312 declaration devices expect. */
    public static byte[] write(XmlNode root) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n");
        write(out, root, 0);
        return out.toString().getBytes(GB18030);
    }

    private static void write(StringBuilder out, XmlNode node, int depth) {
        out.append("  ".repeat(depth)).append('<').append(node.name());
        node.attributes().forEach((key, value) -> out.append(' ').append(key).append("=\"").append(escape(value))
                .append('"'));
        out.append('>');
        if (node.children().isEmpty()) {
            out.append(escape(node.text()));
        } else {
            out.append("\r\n");
            for (XmlNode child : node.children()) {
                write(out, child, depth + 1);
            }
            out.append("  ".repeat(depth));
        }
        out.append("</").append(node.name()).append(">\r\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A query, response, notification or control: the root named so, with CmdType, SN and DeviceID first. */
    public static XmlNode message(String root, String cmdType, long sn, String deviceId) {
        return new XmlNode(root).with("CmdType", cmdType).with("SN", sn).with("DeviceID", deviceId);
    }
}
