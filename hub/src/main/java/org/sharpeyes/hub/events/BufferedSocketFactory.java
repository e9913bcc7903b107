package org.sharpeyes.hub.events;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input is buffered. Paho reads each MQTT packet straight from the socket a byte or a field
 * at a time (fixed header, then the length byte by byte, then the rest), several system calls per message; through a
 * 64 KB buffer a burst of messages costs one read for many.
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

    /** A socket that hands out one buffered input stream. */
    private static final class BufferedSocket extends Socket {
        private InputStream input;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new BufferedInputStream(super.getInputStream(), BUFFER);
            }
            return input;
        }
    }
}
