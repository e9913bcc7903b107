package org.sharpeyes.sim.camera;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;
import org.sharpeyes.adapters.rtp.NalPacketizer;
import org.sharpeyes.adapters.rtp.RtpPacket;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.adapters.rtsp.InterleavedFrame;

/** One viewer of a simulated camera over RTSP/TCP: packetizes each frame and writes it into the connection. */
final class CameraSession implements Consumer<EncodedFrame> {

    static final int PAYLOAD_TYPE = 96;

    private final Channel channel;
    private final int rtpChannel;
    private final NalPacketizer packetizer;
    private final Fault fault;
    private final Channel udpSocket;
    private final InetSocketAddress udpDestination;
    private boolean started;
    private int audioChannel = -1;
    private int audioPayloadType;
    private final long audioSsrc;
    private int audioSequence;
    private long frames;

    CameraSession(Channel channel, VideoCodec codec, int rtpChannel, long ssrc, int firstSequence, Fault fault) {
        this(channel, codec, rtpChannel, ssrc, firstSequence, fault, null, null);
    }

    /** A viewer that takes RTP over UDP: datagrams from {@code udpSocket} to {@code udpDestination}. */
    CameraSession(Channel channel, VideoCodec codec, int rtpChannel, long ssrc, int firstSequence, Fault fault,
            Channel udpSocket, InetSocketAddress udpDestination) {
        this.udpSocket = udpSocket;
        this.udpDestination = udpDestination;
        this.channel = channel;
        this.fault = fault;
        this.rtpChannel = rtpChannel;
        this.packetizer = codec.packetizer(channel.alloc(), PAYLOAD_TYPE, ssrc, firstSequence, 1_400);
        this.audioSsrc = ssrc ^ 0x5A5A5A5AL;
        this.audioSequence = firstSequence ^ 0x1234;
    }

    /** Also sends the camera's audio, interleaved on {@code channel}. */
    void sendAudio(int channel, int payloadType) {
        this.audioChannel = channel;
        this.audioPayloadType = payloadType;
    }

    /** Cuts the connection, as a camera losing power or network does. */
    void drop() {
        channel.close();
    }

    int nextSequence() {
        return packetizer.nextSequenceNumber();
    }

    @Override
    public void accept(EncodedFrame frame) {
        // A viewer starts on a key frame, and one that cannot keep up waits for the next.
        if (!started && !frame.keyFrame()) {
            return;
        }
        if (!channel.isActive()) {
            return;
        }
        if (!channel.isWritable()) {
            started = false;
            return;
        }
        started = true;
        List<ByteBuf> packets = packetizer.packetize(frame.nals(), frame.timestamp());
        if (udpSocket != null) {
            for (ByteBuf packet : packets) {
                udpSocket.write(new DatagramPacket(packet, udpDestination));
            }
            udpSocket.flush();
            return;
        }
        for (ByteBuf packet : packets) {
            channel.write(new InterleavedFrame(rtpChannel, packet));
        }
        if (audioChannel >= 0) {
            for (CameraAudio.Packet audio : frame.audio()) {
                ByteBuf packet = channel.alloc().buffer(RtpPacket.HEADER_BYTES + audio.payload().readableBytes());
                RtpPacket.writeHeader(packet, true, audioPayloadType, audioSequence, audio.timestamp(), audioSsrc);
                audioSequence = (audioSequence + 1) & 0xFFFF;
                packet.writeBytes(audio.payload(), audio.payload().readerIndex(), audio.payload().readableBytes());
                channel.write(new InterleavedFrame(audioChannel, packet));
            }
        }
        if (fault == Fault.GARBAGE_RTP && frames++ % 5 == 0) {
            // A short packet, a wrong RTP version and a lying padding length: what broken firmware sends.
            channel.write(new InterleavedFrame(rtpChannel, channel.alloc().buffer(3).writeMedium(0x80E0)));
            channel.write(new InterleavedFrame(rtpChannel, channel.alloc().buffer(16).writeByte(0x40).writeZero(15)));
            channel.write(new InterleavedFrame(rtpChannel, channel.alloc().buffer(13).writeByte(0xA0).writeZero(11)
                    .writeByte(200)));
        }
        channel.flush();
    }
}
