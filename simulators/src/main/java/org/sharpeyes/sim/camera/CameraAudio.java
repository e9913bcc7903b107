package org.sharpeyes.sim.camera;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.sharpeyes.adapters.rtp.audio.Mpeg4Generic;

/**
 * A simulated camera's microphone, asked for with {@code ?audio=pcmu}, {@code pcma} or {@code aac} on its URL: a
 * 1 kHz beep at the start of every second (the audible twin of the picture's clock), encoded as G.711 at 8 kHz (by
 * Java Sound) or AAC-LC at 16 kHz (by FFmpeg), mono, and cut into RTP payloads (AAC as RFC 3640 AAC-hbr, one access
 * unit each).
 */
final class CameraAudio implements AutoCloseable {

    /** The audio codecs the simulated cameras offer. */
    enum Codec { PCMU, PCMA, AAC }

    /** One RTP payload and its timestamp on the audio clock. */
    record Packet(ByteBuf payload, long timestamp) {
    }

    private static final int AAC_FRAME = 1024;
    private static final int ADTS_HEADER = 7;

    private final Codec codec;
    private final int sampleRate;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final FFmpegFrameRecorder recorder;
    private final AudioFormat g711;
    private final ByteArrayOutputStream pendingAdts = new ByteArrayOutputStream();
    private long samplesIn;
    private long samplesOut;

    CameraAudio(Codec codec) throws FrameRecorder.Exception {
        this.codec = codec;
        this.sampleRate = codec == Codec.AAC ? 16_000 : 8_000;
        if (codec != Codec.AAC) {
            g711 = new AudioFormat(codec == Codec.PCMU ? AudioFormat.Encoding.ULAW : AudioFormat.Encoding.ALAW,
                    sampleRate, 8, 1, 1, sampleRate, false);
            recorder = null;
            return;
        }
        g711 = null;
        recorder = new FFmpegFrameRecorder(out, 1);
        recorder.setSampleRate(sampleRate);
        recorder.setAudioChannels(1);
        recorder.setFormat("adts");
        recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
        recorder.setAudioBitrate(32_000);
        recorder.setOption("flush_packets", "1");
        recorder.start();
    }

    /** The codec a URL asks for, or null for a camera without a microphone. */
    static Codec codecOf(String uri) {
        List<String> values = new QueryStringDecoder(uri).parameters().get("audio");
        if (values == null || values.isEmpty()) {
            return null;
        }
        try {
            return Codec.valueOf(values.get(0).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The SDP lines of the audio section, its control being {@code trackID=1}. */
    static String sdp(Codec codec) {
        String section = switch (codec) {
            case PCMU -> "m=audio 0 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
            case PCMA -> "m=audio 0 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
            // AudioSpecificConfig 0x1408: AAC-LC, 16 kHz, mono.
            case AAC -> "m=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/16000/1\r\na=fmtp:97 streamtype=5;"
                    + "profile-level-id=15;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1408\r\n";
        };
        return section + "c=IN IP4 0.0.0.0\r\na=control:trackID=1\r\n";
    }

    static int payloadType(Codec codec) {
        return switch (codec) {
            case PCMU -> 0;
            case PCMA -> 8;
            case AAC -> 97;
        };
    }

    /** Encodes the sound up to {@code elapsedNanos} since the camera started; returns the payloads it made. */
    List<Packet> encodeUntil(long elapsedNanos) throws FrameRecorder.Exception {
        long target = elapsedNanos * sampleRate / 1_000_000_000L;
        int count = (int) Math.max(0, target - samplesIn);
        if (count == 0) {
            return List.of();
        }
        short[] samples = new short[count];
        for (int i = 0; i < count; i++) {
            long n = samplesIn + i;
            boolean beep = n % sampleRate < sampleRate / 10;
            samples[i] = beep ? (short) (8000 * Math.sin(2 * Math.PI * 1000 * n / sampleRate)) : 0;
        }
        samplesIn += count;
        if (codec != Codec.AAC) {
            return g711Packet(samples);
        }
        out.reset();
        recorder.recordSamples(sampleRate, 1, ShortBuffer.wrap(samples));
        return aacPackets(out.toByteArray());
    }

    /** G.711 through Java Sound's own A-law and mu-law converters, one packet per picture's worth of sound. */
    private List<Packet> g711Packet(short[] samples) {
        ByteBuffer pcm = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        pcm.asShortBuffer().put(samples);
        AudioFormat linear = new AudioFormat(sampleRate, 16, 1, true, false);
        try (AudioInputStream source = new AudioInputStream(new ByteArrayInputStream(pcm.array()), linear,
                samples.length); AudioInputStream encoded = AudioSystem.getAudioInputStream(g711, source)) {
            byte[] bytes = encoded.readAllBytes();
            Packet packet = new Packet(Unpooled.wrappedBuffer(bytes), samplesOut);
            samplesOut += bytes.length;
            return List.of(packet);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Packet> aacPackets(byte[] encoded) {
        pendingAdts.write(encoded, 0, encoded.length);
        byte[] data = pendingAdts.toByteArray();
        List<Packet> packets = new ArrayList<>();
        int at = 0;
        while (at + ADTS_HEADER <= data.length) {
            int length = ((data[at + 3] & 0x03) << 11) | ((data[at + 4] & 0xFF) << 3) | ((data[at + 5] & 0xE0) >> 5);
            if (length < ADTS_HEADER || at + length > data.length) {
                break;
            }
            int header = (data[at + 1] & 0x01) == 0 ? ADTS_HEADER + 2 : ADTS_HEADER;
            ByteBuf unit = Unpooled.wrappedBuffer(data, at + header, length - header);
            packets.add(new Packet(Mpeg4Generic.payload(ByteBufAllocator.DEFAULT, unit), samplesOut));
            samplesOut += AAC_FRAME;
            at += length;
        }
        pendingAdts.reset();
        pendingAdts.write(data, at, data.length - at);
        return packets;
    }

    @Override
    public void close() throws FrameRecorder.Exception {
        if (recorder != null) {
            recorder.stop();
            recorder.release();
        }
    }
}
