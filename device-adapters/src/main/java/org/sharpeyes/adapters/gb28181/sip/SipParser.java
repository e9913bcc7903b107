package org.sharpeyes.adapters.gb28181.sip;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads SIP messages (RFC 3261 section 7) liberally, as devices write them: bare LF line ends, folded header lines,
 * compact header names, a missing Content-Length on UDP (the body is the rest of the datagram), and whitespace
 * before a UDP keep-alive. Anything it cannot read is a {@link SipParseException} saying what and where.
 */
public final class SipParser {

    /** Largest message taken: GB/T 28181 catalog fragments stay far below it. */
    public static final int MAX_MESSAGE_BYTES = 256 * 1024;

    private SipParser() {
    }

    /** One whole message from a UDP datagram (read, not released). */
    public static SipMessage parseDatagram(ByteBuf datagram) throws SipParseException {
        int start = skipBlank(datagram, datagram.readerIndex(), datagram.writerIndex());
        int headEnd = headEnd(datagram, start, datagram.writerIndex());
        if (headEnd < 0) {
            throw new SipParseException("no empty line ends the headers in a datagram of " + datagram.readableBytes()
                    + " bytes");
        }
        SipMessage message = head(datagram, start, headEnd);
        int bodyStart = bodyStart(datagram, headEnd);
        int available = datagram.writerIndex() - bodyStart;
        int length = contentLength(message, available);
        if (length > available) {
            throw new SipParseException(message + ": Content-Length " + length + " but only " + available
                    + " bytes follow the headers");
        }
        byte[] body = new byte[length];
        datagram.getBytes(bodyStart, body);
        return message.body(body, null);
    }

    /** How many blank bytes (CRLF keep-alives) begin a TCP stream's bytes: the caller skips them first. */
    public static int blankPrefix(ByteBuf in) {
        return skipBlank(in, in.readerIndex(), in.writerIndex()) - in.readerIndex();
    }

    /**
     * The length of the whole message at the reader index of a TCP stream's bytes (after {@link #blankPrefix}), or -1
     * while more bytes are needed.
     */
    public static int frameLength(ByteBuf in) throws SipParseException {
        int start = in.readerIndex();
        int headEnd = headEnd(in, start, in.writerIndex());
        if (headEnd < 0) {
            if (in.readableBytes() > MAX_MESSAGE_BYTES) {
                throw new SipParseException("no end of headers within " + MAX_MESSAGE_BYTES + " bytes");
            }
            return -1;
        }
        SipMessage message = head(in, start, headEnd);
        if (message.header("Content-Length") == null) {
            throw new SipParseException(message + " over TCP without Content-Length");
        }
        int length = contentLength(message, Integer.MAX_VALUE);
        int end = bodyStart(in, headEnd) + length;
        if (end - start > MAX_MESSAGE_BYTES) {
            throw new SipParseException(message + ": Content-Length " + length + " over the limit of "
                    + MAX_MESSAGE_BYTES);
        }
        return end <= in.writerIndex() ? end - start : -1;
    }

    /** One whole message of {@code length} bytes at the reader index, as {@link #frameLength} measured it. */
    public static SipMessage parseFrame(ByteBuf in, int length) throws SipParseException {
        return parseDatagram(in.slice(in.readerIndex(), length));
    }

    private static SipMessage head(ByteBuf in, int start, int end) throws SipParseException {
        String text = in.toString(start, end - start, StandardCharsets.UTF_8);
        String[] lines = text.split("\r?\n");
        SipMessage message = startLine(lines[0]);
        String name = null;
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.trim());
                continue;
            }
            if (name != null) {
                message.add(name, value.toString());
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new SipParseException(message + ": header line " + (i + 1) + " has no name: \"" + clip(line)
                        + "\"");
            }
            name = line.substring(0, colon).trim();
            value.setLength(0);
            value.append(line.substring(colon + 1).trim());
        }
        if (name != null) {
            message.add(name, value.toString());
        }
        return message;
    }

    private static SipMessage startLine(String line) throws SipParseException {
        String[] parts = line.trim().split(" ", 3);
        if (parts.length == 3 && parts[0].equalsIgnoreCase(SipMessage.VERSION)) {
            try {
                int status = Integer.parseInt(parts[1]);
                if (status >= 100 && status <= 699) {
                    return SipMessage.response(status, parts[2]);
                }
            } catch (NumberFormatException e) {
                // Falls through to the error below.
            }
            throw new SipParseException("status line with no status code from 100 to 699: \"" + clip(line) + "\"");
        }
        if (parts.length == 3 && parts[2].trim().equalsIgnoreCase(SipMessage.VERSION) && !parts[0].isEmpty()) {
            return SipMessage.request(parts[0], parts[1]);
        }
        throw new SipParseException("start line is neither a SIP/2.0 request nor a response: \"" + clip(line) + "\"");
    }

    private static int contentLength(SipMessage message, int available) throws SipParseException {
        String value = message.header("Content-Length");
        if (value == null) {
            return available;
        }
        try {
            int length = Integer.parseInt(value.trim());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw new SipParseException(message + ": Content-Length \"" + clip(value) + "\" is not a number");
        }
    }

    /** Index of the line end that ends the headers (the second of CRLF CRLF or LF LF), or -1. */
    private static int headEnd(ByteBuf in, int from, int to) {
        for (int i = from; i < to; i++) {
            if (in.getByte(i) != '\n') {
                continue;
            }
            if (i + 1 < to && in.getByte(i + 1) == '\n') {
                return i + 1;
            }
            if (i + 2 < to && in.getByte(i + 1) == '\r' && in.getByte(i + 2) == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int bodyStart(ByteBuf in, int headEnd) {
        int at = headEnd;
        if (in.getByte(at) == '\r') {
            at++;
        }
        return at + 1;
    }

    private static int skipBlank(ByteBuf in, int from, int to) {
        int at = from;
        while (at < to && (in.getByte(at) == '\r' || in.getByte(at) == '\n' || in.getByte(at) == ' ')) {
            at++;
        }
        return at;
    }

    private static String clip(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
