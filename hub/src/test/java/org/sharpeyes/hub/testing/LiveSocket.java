package org.sharpeyes.hub.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A WebSocket viewer of a hub's /live/{code}.flv or .mp4: collects whole binary messages until it has enough. */
public final class LiveSocket {

    private LiveSocket() {
    }

    public static URI url(HubExtension hub, String pointCode, String extension, ApiClient viewer) {
        return URI.create("ws://127.0.0.1:" + hub.hub().hub().httpPort() + "/live/" + pointCode + "." + extension
                + "?token=" + viewer.token());
    }

    /** The first {@code count} binary messages (or more, if they came at once), within 60 s. */
    public static List<byte[]> messages(URI url, int count) throws Exception {
        return read(url, count, Integer.MAX_VALUE);
    }

    /** The messages joined, once more than {@code bytes} bytes have arrived, within 60 s. */
    public static byte[] bytes(URI url, int bytes) throws Exception {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] message : read(url, Integer.MAX_VALUE, bytes)) {
            joined.write(message);
        }
        return joined.toByteArray();
    }

    private static List<byte[]> read(URI url, int count, int bytes) throws Exception {
        List<byte[]> messages = new ArrayList<>();
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        CompletableFuture<Void> enough = new CompletableFuture<>();
        long[] total = new long[1];
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(url, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                partial.write(chunk, 0, chunk.length);
                total[0] += chunk.length;
                if (last) {
                    synchronized (messages) {
                        messages.add(partial.toByteArray());
                        if (messages.size() >= count || total[0] > bytes) {
                            enough.complete(null);
                        }
                    }
                    partial.reset();
                }
                ws.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        try {
            enough.get(60, TimeUnit.SECONDS);
        } finally {
            socket.abort();
        }
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }
}
