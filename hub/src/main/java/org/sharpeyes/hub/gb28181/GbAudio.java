package org.sharpeyes.hub.gb28181;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.sharpeyes.adapters.gb28181.ps.PsAudioFrame;
import org.sharpeyes.adapters.gb28181.ps.PsStreamType;
import org.sharpeyes.adapters.rtp.RtpPacket;
import org.sharpeyes.adapters.rtp.audio.Adts;
import org.sharpeyes.adapters.rtp.audio.Mpeg4Generic;
import org.sharpeyes.hub.media.stream.AudioTrack;
import org.sharpeyes.hub.media.stream.MediaStream;

/**
 * A GB/T 28181 channel's sound, out of its program stream and into the stream as the RTP packets the outputs already
 * pass on: G.711 as PCMA or PCMU at 8 kHz (announced as soon as the stream map names it, so viewers from the first
 * picture on get it), AAC as RFC 3640 AAC-hbr, one frame per packet, with the AudioSpecificConfig its ADTS header
 * gives (announced at its first frame). Other audio types (G.722.1, G.723.1, G.729) are left out. One per play
 * attempt, on the source's event loop.
 */
final class GbAudio {

    /** G.711 bytes per RTP packet at most (120 ms): a PES of a second's sound still fits a UDP viewer's datagram. */
    private static final int G711_CHUNK = 960;
    private static final int AAC_SAMPLES_PER_FRAME = 1024;

    private final MediaStream stream;
    private final ByteBufAllocator allocator;
    private PsStreamType type;
    private long timestamp;
    private int sequence;

    GbAudio(MediaStream stream, ByteBufAllocator allocator) {
        this.stream = stream;
        this.allocator = allocator;
        stream.setAudioTrack(null);
    }

    /** The stream map named {@code mapped} as its audio (null: none yet): G.711 is announced at once. */
    void mapped(PsStreamType mapped) {
        if (type == null && (mapped == PsStreamType.G711A || mapped == PsStreamType.G711U)) {
            announce(mapped, g711(mapped));
        }
    }

    /**
     * One audio PES (released here); throws IllegalArgumentException, naming what, when its AAC is not ADTS, and
     * nothing is published of it then.
     */
    void frame(PsAudioFrame frame) {
        try {
            switch (frame.type()) {
                case G711A, G711U -> g711Frame(frame);
                case AAC -> aacFrame(frame.data());
                default -> {
                    // Codecs the outputs cannot carry.
                }
            }
        } finally {
            frame.data().release();
        }
    }

    private void g711Frame(PsAudioFrame frame) {
        if (type != frame.type()) {
            announce(frame.type(), g711(frame.type()));
        }
        ByteBuf data = frame.data();
        int payloadType = frame.type() == PsStreamType.G711A ? 8 : 0;
        for (int at = data.readerIndex(); at < data.writerIndex(); at += G711_CHUNK) {
            int size = Math.min(G711_CHUNK, data.writerIndex() - at);
            publish(payloadType, data.slice(at, size), size);
        }
    }

    private void aacFrame(ByteBuf data) {
        List<Adts.Frame> frames = Adts.frames(data);
        for (Adts.Frame frame : frames) {
            AudioTrack track = stream.audioTrack();
            if (type != PsStreamType.AAC || track == null || !java.util.Arrays.equals(track.aacConfig(),
                    frame.config())) {
                announce(PsStreamType.AAC, new AudioTrack("MPEG4-GENERIC", frame.sampleRate(), frame.channels(),
                        Map.of("streamtype", "5", "profile-level-id", "1", "mode", "AAC-hbr", "sizelength", "13",
                                "indexlength", "3", "indexdeltalength", "3", "config", HexFormat.of().formatHex(
                                        frame.config())), frame.config()));
            }
            ByteBuf payload = Mpeg4Generic.payload(allocator, frame.payload());
            try {
                publish(97, payload, AAC_SAMPLES_PER_FRAME);
            } finally {
                payload.release();
            }
        }
    }

    private void announce(PsStreamType announced, AudioTrack track) {
        type = announced;
        stream.setAudioTrack(track);
    }

    /** One packet on our own audio clock, which advances by the samples it carries (the stream re-times it anyway). */
    private void publish(int payloadType, ByteBuf payload, int samples) {
        stream.publishAudio(new RtpPacket(false, payloadType, sequence, timestamp, 0, payload));
        sequence = (sequence + 1) & 0xFFFF;
        timestamp += samples;
    }

    private static AudioTrack g711(PsStreamType type) {
        return new AudioTrack(type == PsStreamType.G711A ? "PCMA" : "PCMU", 8000, 1, Map.of(), null);
    }
}
