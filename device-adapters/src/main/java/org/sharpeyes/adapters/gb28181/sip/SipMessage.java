package org.sharpeyes.adapters.gb28181.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One SIP request or response: start line, headers in their order (names in full form, compared without case), and
 * the body as bytes (GB/T 28181 bodies are often GB2312 XML, decoded by whoever reads them). Mutable while it is
 * being built; not thread-safe.
 */
public final class SipMessage {

    /** The version every message carries. */
    public static final String VERSION = "SIP/2.0";

    private static final Map<String, String> COMPACT = Map.ofEntries(Map.entry("v", "Via"), Map.entry("f", "From"),
            Map.entry("t", "To"), Map.entry("i", "Call-ID"), Map.entry("m", "Contact"),
            Map.entry("l", "Content-Length"), Map.entry("c", "Content-Type"), Map.entry("k", "Supported"),
            Map.entry("e", "Content-Encoding"), Map.entry("s", "Subject"), Map.entry("o", "Event"));

    private final String method;
    private final String uri;
    private final int status;
    private final String reason;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body = new byte[0];

    private SipMessage(String method, String uri, int status, String reason) {
        this.method = method;
        this.uri = uri;
        this.status = status;
        this.reason = reason;
    }

    public static SipMessage request(String method, String uri) {
        return new SipMessage(method, uri, 0, null);
    }

    public static SipMessage response(int status, String reason) {
        return new SipMessage(null, null, status, reason);
    }

    public boolean isRequest() {
        return method != null;
    }

    /** The request's method, or null for a response. */
    public String method() {
        return method;
    }

    /** The request URI, or null for a response. */
    public String uri() {
        return uri;
    }

    /** The response's status code, or 0 for a request. */
    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** The full form of a header name as this class keeps it: compact forms expanded, case as given otherwise. */
    static String fullName(String name) {
        String full = COMPACT.get(name.toLowerCase(Locale.ROOT));
        return full != null && name.length() == 1 ? full : name;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        String full = fullName(name);
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase(full)) {
                return header[1];
            }
        }
        return null;
    }

    /** Every value of a header, in order; a value holding several comma-separated ones stays one. */
    public List<String> headers(String name) {
        String full = fullName(name);
        List<String> values = new ArrayList<>();
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase(full)) {
                values.add(header[1]);
            }
        }
        return values;
    }

    /** Adds a header after the others of any name. */
    public SipMessage add(String name, String value) {
        headers.add(new String[] {fullName(name), value});
        return this;
    }

    /** Replaces every value of a header with one, kept where the first was (or added at the end). */
    public SipMessage set(String name, String value) {
        String full = fullName(name);
        int at = -1;
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i)[0].equalsIgnoreCase(full)) {
                headers.remove(i);
                at = i;
            }
        }
        if (at < 0) {
            headers.add(new String[] {full, value});
        } else {
            headers.add(at, new String[] {full, value});
        }
        return this;
    }

    public byte[] body() {
        return body;
    }

    /** Sets the body; Content-Length follows it when the message is written. */
    public SipMessage body(byte[] bytes, String contentType) {
        body = bytes == null ? new byte[0] : bytes;
        if (contentType != null) {
            set("Content-Type", contentType);
        }
        return this;
    }

    /** The CSeq header's number, or -1 when it is missing or broken. */
    public long cseqNumber() {
        String cseq = header("CSeq");
        if (cseq == null) {
            return -1;
        }
        String[] parts = cseq.trim().split("\\s+");
        try {
            return Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The CSeq header's method (for a response, the method of the request it answers), or null. */
    public String cseqMethod() {
        String cseq = header("CSeq");
        if (cseq == null) {
            return null;
        }
        String[] parts = cseq.trim().split("\\s+");
        return parts.length > 1 ? parts[1] : null;
    }

    /** The top Via's branch parameter, or null. */
    public String topBranch() {
        String via = header("Via");
        return via == null ? null : SipHeaders.parameter(SipHeaders.firstOfList(via), "branch");
    }

    /** Writes the message with a Content-Length that matches its body. */
    public ByteBuf encode(ByteBufAllocator allocator) {
        StringBuilder text = new StringBuilder(512);
        if (isRequest()) {
            text.append(method).append(' ').append(uri).append(' ').append(VERSION);
        } else {
            text.append(VERSION).append(' ').append(status).append(' ').append(reason);
        }
        text.append("\r\n");
        for (String[] header : headers) {
            if (!header[0].equalsIgnoreCase("Content-Length")) {
                text.append(header[0]).append(": ").append(header[1]).append("\r\n");
            }
        }
        text.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        return allocator.buffer(head.length + body.length).writeBytes(head).writeBytes(body);
    }

    @Override
    public String toString() {
        return isRequest() ? method + " " + uri : status + " " + reason;
    }
}
