package org.sharpeyes.hub.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class BufferedSocketFactoryTest {

    @Test
    void readsWhatThePeerWroteThroughOneBufferedStream() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket socket = new BufferedSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5_000);
            try (Socket peer = server.accept()) {
                OutputStream out = peer.getOutputStream();
                for (int i = 0; i < 1_000; i++) {
                    out.write(new byte[] {0x30, 2, (byte) (i >> 8), (byte) i});
                }
                out.flush();
                assertThat(socket.getInputStream()).isInstanceOf(BufferedInputStream.class)
                        .isSameAs(socket.getInputStream());
                DataInputStream in = new DataInputStream(socket.getInputStream());
                for (int i = 0; i < 1_000; i++) {
                    assertThat(in.readUnsignedByte()).isEqualTo(0x30);
                    assertThat(in.readUnsignedByte()).isEqualTo(2);
                    assertThat(in.readUnsignedShort()).isEqualTo(i);
                }
            }
        }
    }

    @Test
    void deliversFlushedWritesShortlyAndWhatIsLeftWhenClosed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket socket = new BufferedSocketFactory().createSocket();
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5_000);
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(5_000);
                DataInputStream in = new DataInputStream(peer.getInputStream());
                OutputStream out = socket.getOutputStream();
                out.write(new byte[] {(byte) 0xC0, 0});
                out.flush();
                assertThat(in.readUnsignedShort()).as("a PINGREQ, flushed").isEqualTo(0xC000);
                for (int i = 0; i < 100; i++) {
                    out.write(new byte[] {0x40, 2, 0, (byte) i});
                    out.flush();
                }
                out.write(new byte[] {(byte) 0xE0, 0});
                socket.close();
                for (int i = 0; i < 100; i++) {
                    assertThat(in.readInt()).isEqualTo(0x40020000 | i);
                }
                assertThat(in.readUnsignedShort()).as("written just before close").isEqualTo(0xE000);
                assertThat(in.read()).as("then the end").isEqualTo(-1);
            }
        }
    }
}
