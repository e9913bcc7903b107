package org.sharpeyes.hub.events;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets that read and write in bulk. Paho reads each MQTT packet straight from the socket a byte or a
 * field at a time (fixed header, then the length byte by byte, then the rest), several system calls per message, and
 * flushes after every packet it sends; through a 64 KB read buffer a burst of messages costs one read for many, and
 * writes flushed within the same millisecond go out together.
 */
final class BufferedSocketFactory extends SocketFactory {

    private static final int BUFFER = 64 * 1024;

    @Override
    public Socket createSocket() {
        return new BufferedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = new BufferedSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = new BufferedSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    private static Socket connected(InetSocketAddress address) throws IOException {
        Socket socket = new BufferedSocket();
        socket.connect(address);
        return socket;
    }

    /** A socket that hands out one buffered input stream and one coalescing output stream. */
    private static final class BufferedSocket extends Socket {
        private InputStream input;
        private CoalescingOutputStream output;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new BufferedInputStream(super.getInputStream(), BUFFER);
            }
            return input;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (output == null) {
                output = new CoalescingOutputStream(super.getOutputStream());
            }
            return output;
        }

        @Override
        public synchronized void close() throws IOException {
            try {
                if (output != null && !isClosed()) {
                    output.flushNow();
                }
            } catch (IOException e) {
                // The peer is gone; closing is all that is left to do.
            } finally {
                super.close();
            }
        }
    }

    /**
     * Buffers writes and turns each flush into one that happens a millisecond later (or at once when the buffer
     * fills), so the packets written meanwhile share it.
     */
    private static final class CoalescingOutputStream extends BufferedOutputStream {
        private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mqtt-flush");
            thread.setDaemon(true);
            return thread;
        });

        private boolean flushPending;
        private IOException failure;

        CoalescingOutputStream(OutputStream out) {
            super(out, BUFFER);
        }

        @Override
        public synchronized void write(int b) throws IOException {
            rethrow();
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            rethrow();
            super.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            rethrow();
            if (!flushPending) {
                flushPending = true;
                FLUSHER.schedule(this::flushLater, 1, TimeUnit.MILLISECONDS);
            }
        }

        synchronized void flushNow() throws IOException {
            flushPending = false;
            super.flush();
        }

        private synchronized void flushLater() {
            try {
                flushNow();
            } catch (IOException e) {
                // Told to the writer at its next write, which is where Paho notices a broken connection.
                failure = e;
            }
        }

        private void rethrow() throws IOException {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
