package org.sharpeyes.hub.gb28181;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.sharpeyes.adapters.gb28181.ps.PsMuxer;
import org.sharpeyes.adapters.gb28181.ps.PsRtpPacketizer;
import org.sharpeyes.adapters.gb28181.ps.PsStreamType;
import org.sharpeyes.adapters.rtp.RtpPacket;
import org.sharpeyes.adapters.rtp.audio.Adts;
import org.sharpeyes.adapters.rtp.audio.Mpeg4Generic;
import org.sharpeyes.hub.media.stream.AccessUnit;
import org.sharpeyes.hub.media.stream.AudioTrack;
import org.sharpeyes.hub.media.stream.AudioUnit;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.media.stream.QueuedReader;
import org.sharpeyes.hub.media.stream.ReaderPolicy;
import org.sharpeyes.hub.media.stream.VideoTrack;

/**
 * A platform above playing a point: each picture of the path's stream as MPEG-PS (the parameter sets the stream knows
 * put before every key frame, as a decoder joining there needs them) over RTP with the SSRC its INVITE asked for, to
 * a UDP address or on a TCP connection with RFC 4571 framing. A reader like any viewer's: it starts on the kept key
 * frame and is dropped to the next one when it falls behind. The path's sound goes with it: G.711 as it is, AAC
 * behind ADTS headers made from its AudioSpecificConfig, each on the pictures' clock; other codecs are left out.
 */
final class PsStreamReader extends QueuedReader {

    private final MediaStream stream;
    private final InetSocketAddress udpDestination;
    private final PsRtpPacketizer packetizer;
    private PsMuxer muxer;
    private VideoTrack muxed;
    private AudioTrack muxedAudio;

    /** {@code udpDestination} null: {@code channel} is the TCP connection the packets go on, framed. */
    PsStreamReader(Channel channel, ReaderPolicy policy, MediaStream stream, InetSocketAddress udpDestination,
            long ssrc) {
        super(channel, policy);
        this.stream = stream;
        this.udpDestination = udpDestination;
        this.packetizer = new PsRtpPacketizer(96, ssrc, (int) (ssrc & 0xFFFF));
    }

    /** A UDP socket is never full; the network drops what is too much. */
    @Override
    protected boolean writable() {
        return udpDestination != null || super.writable();
    }

    @Override
    protected void write(AccessUnit unit) {
        VideoTrack track = stream.track();
        AudioTrack audio = stream.audioTrack();
        if (muxer == null || (track != null && track != muxed) || audio != muxedAudio) {
            muxer = new PsMuxer(unit.codec(), audioType(audio));
            muxed = track;
            muxedAudio = audio;
        }
        PsMuxer mine = muxer;
        // The program stream of a picture is the same for every platform above that reads it in this form: made once.
        ByteBuf ps = unit.shared(new PsForm(audioType(audio), track), picture -> {
            List<ByteBuf> nals = picture.nals();
            if (picture.keyFrame() && track != null) {
                nals = new ArrayList<>();
                for (byte[] set : track.parameterSets()) {
                    nals.add(Unpooled.wrappedBuffer(set));
                }
                nals.addAll(picture.nals());
            }
            return mine.picture(channel.alloc(), nals, picture.timestamp(), picture.keyFrame());
        });
        send(ps.retainedDuplicate(), unit.timestamp());
    }

    /** What a picture's program stream depends on besides the picture: the sound it announces, the parameter sets. */
    private record PsForm(PsStreamType audio, VideoTrack track) {
    }

    @Override
    protected void writeAudio(AudioUnit unit) {
        AudioTrack audio = stream.audioTrack();
        if (muxer == null || audio != muxedAudio || audioType(audio) == null || unit.flv().isEmpty()) {
            // Before the first picture, or a codec the program stream does not carry here.
            return;
        }
        ByteBuf payload = RtpPacket.parse(unit.rtpPacket().duplicate()).payload();
        if (audio.flvCarriage() == AudioTrack.FlvCarriage.AAC) {
            List<ByteBuf> frames = Mpeg4Generic.accessUnits(payload, Mpeg4Generic.HBR_SIZE_LENGTH,
                    Mpeg4Generic.HBR_INDEX_LENGTH);
            for (int i = 0; i < frames.size() && i < unit.flv().size(); i++) {
                ByteBuf adts = Adts.frame(channel.alloc(), audio.aacConfig(), frames.get(i));
                try {
                    long pts = unit.flv().get(i).timestamp();
                    send(muxer.audio(channel.alloc(), adts, pts), pts);
                } finally {
                    adts.release();
                }
            }
            return;
        }
        long pts = unit.flv().get(0).timestamp();
        send(muxer.audio(channel.alloc(), payload, pts), pts);
    }

    /** The stream type the program stream gives the path's sound: G.711 and AAC (FLV-carriable ones), else none. */
    private static PsStreamType audioType(AudioTrack audio) {
        if (audio == null) {
            return null;
        }
        return switch (audio.flvCarriage()) {
            case PCMA -> PsStreamType.G711A;
            case PCMU -> PsStreamType.G711U;
            case AAC -> PsStreamType.AAC;
            case NONE -> null;
        };
    }

    /** One pack (released here) as RTP packets to the platform above. */
    private void send(ByteBuf ps, long timestamp) {
        try {
            for (ByteBuf packet : packetizer.packetize(channel.alloc(), ps, timestamp)) {
                if (udpDestination != null) {
                    channel.write(new DatagramPacket(packet, udpDestination), channel.voidPromise());
                } else {
                    ByteBuf length = channel.alloc().buffer(2).writeShort(packet.readableBytes());
                    channel.write(length, channel.voidPromise());
                    channel.write(packet, channel.voidPromise());
                }
            }
            channel.flush();
        } finally {
            ps.release();
        }
    }
}
