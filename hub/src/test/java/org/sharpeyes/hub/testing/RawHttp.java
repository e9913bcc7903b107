package org.sharpeyes.hub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.1 request over a plain socket from a chosen loopback address (127.0.0.2 is another caller to the hub,
 * as far as the hub can tell), answered with its status line's code and body.
 */
public final class RawHttp {

    /** A reply: the status code and the body as text. */
    public record Reply(int status, String body) {
    }

    private RawHttp() {
    }

    public static Reply post(String from, int port, String path, Map<String, String> headers, String body) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: " + content.length
                    + "\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            socket.getOutputStream().write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(content);
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(reply.substring(9, 12));
            int split = reply.indexOf("\r\n\r\n");
            return new Reply(status, split < 0 ? "" : reply.substring(split + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
