package org.sharpeyes.hub.media;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;

/** A "camera" that answers every connection with random bytes, as a broken device does. */
final class GarbageServer implements AutoCloseable {

    private final ServerSocket socket = new ServerSocket(0);
    private final Thread thread = new Thread(this::serve, "garbage-camera");

    GarbageServer() throws IOException {
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        Random random = new Random(5);
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                OutputStream out = client.getOutputStream();
                byte[] junk = new byte[4096];
                random.nextBytes(junk);
                out.write(junk);
                out.write("RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 2\r\n\r\nxx".getBytes());
                out.flush();
                client.setSoTimeout(500);
                client.getInputStream().read(new byte[1024]);
            } catch (IOException e) {
                // closed or reset: next connection
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
