package org.sharpeyes.hub.media.server.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.sharpeyes.hub.media.stream.AccessUnit;
import org.sharpeyes.hub.media.stream.AudioUnit;
import org.sharpeyes.hub.media.stream.QueuedReader;
import org.sharpeyes.hub.media.stream.ReaderPolicy;

/**
 * An RTSP viewer that takes RTP over UDP: the stream's shared packets go as datagrams from the server's RTP socket
 * to the viewer's {@code client_port}. Queued on the viewer's control connection, like every viewer.
 */
final class UdpStreamReader extends QueuedReader {

    private final Channel rtpSocket;
    private final InetSocketAddress destination;
    private final InetSocketAddress audioDestination;

    /** {@code audioDestination} is null when the viewer did not set up the audio track. */
    UdpStreamReader(Channel control, Channel rtpSocket, InetSocketAddress destination,
            InetSocketAddress audioDestination, ReaderPolicy policy) {
        super(control, policy);
        this.rtpSocket = rtpSocket;
        this.destination = destination;
        this.audioDestination = audioDestination;
    }

    @Override
    public boolean needsRtp() {
        return true;
    }

    /** The RTP socket is shared by every UDP viewer, and the network, not the socket, drops what is too much. */
    @Override
    protected boolean writable() {
        return true;
    }

    @Override
    protected void writeAudio(AudioUnit unit) {
        if (audioDestination != null) {
            rtpSocket.writeAndFlush(new DatagramPacket(unit.rtpPacket().retainedDuplicate(), audioDestination),
                    rtpSocket.voidPromise());
        }
    }

    @Override
    protected void write(AccessUnit unit) {
        for (ByteBuf packet : unit.rtpPackets()) {
            rtpSocket.write(new DatagramPacket(packet.retainedDuplicate(), destination), rtpSocket.voidPromise());
        }
        rtpSocket.flush();
    }
}
