package org.sharpeyes.hub.media.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.sharpeyes.adapters.flv.FlvTags;
import org.sharpeyes.adapters.rtp.NalPacketizer;
import org.sharpeyes.adapters.rtp.RtpPacket;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.adapters.rtp.audio.Mpeg4Generic;
import org.sharpeyes.adapters.rtp.h264.NalUnits;
import org.sharpeyes.adapters.rtp.h265.HevcNalUnits;

/**
 * The fan-out of one path: access units published by its source reach every reader, and the current group of
 * pictures (from the last key frame, up to {@code gopCacheMaxFrames}) is kept so a new reader starts at once on a key
 * frame with the whole group. RTP packets are made here once per picture, and only while an RTSP reader exists; the
 * FLV body is made on the first FLV or fMP4 reader's demand. Outlives source reconnects, so readers stay attached
 * while a camera returns.
 */
public final class MediaStream {

    public static final int PAYLOAD_TYPE = 96;
    private static final int MAX_PAYLOAD = 1_400;
    /** The default of {@code media.gopCacheMaxFrames}: 24 s at 25 fps, past the longest "smart codec" groups. */
    public static final int DEFAULT_GOP_CACHE_FRAMES = 600;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A jump larger than this between two pictures is a camera that restarted its clock, not elapsed time. */
    private static final long MAX_STEP = 5 * 90_000;
    private static final long NOMINAL_STEP = 3_600;

    private final ByteBufAllocator allocator;
    private final int gopCacheMaxFrames;
    private int rtpReaders;
    private final long ssrc = RANDOM.nextInt() & 0xFFFFFFFFL;
    private VideoCodec codec = VideoCodec.H264;
    private NalPacketizer packetizer;
    private final ReaderLoops readers = new ReaderLoops();
    private final List<AccessUnit> gop = new ArrayList<>();
    private volatile VideoTrack track;
    private long publishedUnits;
    private long lastSourceTimestamp = -1;
    private long lastUnitTime = Long.MIN_VALUE / 2;
    private long streamTimestamp;
    private long lastPublishNanos;
    private volatile AudioTrack audioTrack;
    private final long audioSsrc = RANDOM.nextInt() & 0xFFFFFFFFL;
    private int audioSequence = RANDOM.nextInt(0x10000);
    private long lastSourceAudioTimestamp = -1;
    private long audioTimestamp;
    private long audioAnchor = -1;
    private long audioAnchorVideoTime;

    public MediaStream(ByteBufAllocator allocator) {
        this(allocator, DEFAULT_GOP_CACHE_FRAMES);
    }

    public MediaStream(ByteBufAllocator allocator, int gopCacheMaxFrames) {
        this.allocator = allocator;
        this.gopCacheMaxFrames = gopCacheMaxFrames;
        this.packetizer = codec.packetizer(allocator, PAYLOAD_TYPE, ssrc, RANDOM.nextInt(0x10000), MAX_PAYLOAD);
    }

    /**
     * Sets the codec the source announced (before its first picture). A camera that comes back with another codec
     * starts a new group of pictures; RTP sequence numbers carry on, so RTSP viewers see no jump.
     */
    public synchronized void setCodec(VideoCodec codec) {
        if (codec == this.codec) {
            return;
        }
        this.codec = codec;
        packetizer = codec.packetizer(allocator, PAYLOAD_TYPE, ssrc, packetizer.nextSequenceNumber(), MAX_PAYLOAD);
        track = null;
        clearGop();
    }

    public synchronized VideoCodec codec() {
        return codec;
    }

    /** The parameter sets, once known (from the camera's SDP or its first key frame); null before. */
    public VideoTrack track() {
        return track;
    }

    /** Takes the track from the camera's SDP, unless it only repeats the one known. */
    public synchronized void setTrack(VideoTrack track) {
        if (!track.sameAs(this.track)) {
            this.track = track;
        }
    }

    /** Publishes one picture of the stream's codec; takes ownership of {@code nals}. */
    public synchronized void publish(List<ByteBuf> nals, long timestamp) {
        boolean key = false;
        for (ByteBuf nal : nals) {
            key |= codec.isKeyNal(nal);
        }
        if (key) {
            updateTrack(nals);
        }
        long time = streamTime(timestamp);
        lastPublishNanos = System.nanoTime();
        AccessUnit unit = new AccessUnit(codec, nals, time, key, allocator);
        long step = time - lastUnitTime;
        unit.placed(publishedUnits + 1, step > 0 && step <= MAX_STEP ? (int) step : (int) NOMINAL_STEP);
        lastUnitTime = time;
        try {
            if (rtpReaders > 0) {
                unit.packetize(packetizer);
            }
            if (key) {
                clearGop();
            }
            if (gop.size() >= gopCacheMaxFrames) {
                // A group cut short would smear a joiner's picture: it waits for the next key frame instead.
                clearGop();
            }
            if (key || !gop.isEmpty()) {
                gop.add(unit.retain());
            }
            publishedUnits++;
            readers.deliver(unit, StreamReader::offer);
        } finally {
            unit.release();
        }
    }

    /** Takes in-band parameter sets of a key frame, which win over the SDP's (cameras change them on reconfiguration). */
    private void updateTrack(List<ByteBuf> nals) {
        byte[] vps = null;
        byte[] sps = null;
        byte[] pps = null;
        for (ByteBuf nal : nals) {
            int type = codec.nalType(nal);
            if (codec == VideoCodec.H264 ? type == NalUnits.SPS : type == HevcNalUnits.SPS) {
                sps = bytes(nal);
            } else if (codec == VideoCodec.H264 ? type == NalUnits.PPS : type == HevcNalUnits.PPS) {
                pps = bytes(nal);
            } else if (codec == VideoCodec.H265 && type == HevcNalUnits.VPS) {
                vps = bytes(nal);
            }
        }
        if (sps == null || pps == null || (codec == VideoCodec.H265 && vps == null)) {
            return;
        }
        try {
            VideoTrack inBand = codec == VideoCodec.H264 ? VideoTrack.h264(sps, pps) : VideoTrack.h265(vps, sps, pps);
            if (!inBand.sameAs(track)) {
                track = inBand;
            }
        } catch (IllegalArgumentException e) {
            // An unreadable in-band SPS: keep the sets known so far rather than announce a broken track.
        }
    }

    /** The camera's audio, or null when it has none (or the hub cannot read its SDP section). */
    public AudioTrack audioTrack() {
        return audioTrack;
    }

    /**
     * Sets the audio the source announced, at each (re)connection: its clock is placed anew on the video clock at its
     * first packet, since cameras send no common time base the hub reads (RTCP is not used).
     */
    public synchronized void setAudioTrack(AudioTrack track) {
        audioTrack = track;
        lastSourceAudioTimestamp = -1;
        audioAnchor = -1;
    }

    /**
     * Passes one audio RTP packet on to every reader (its payload is copied, the packet not kept); returns false when
     * its payload was malformed for FLV, in which case RTSP viewers still get it.
     */
    public synchronized boolean publishAudio(RtpPacket packet) {
        AudioTrack track = audioTrack;
        if (track == null) {
            return true;
        }
        long time = audioTime(packet.timestamp(), track.clockRate());
        ByteBuf payload = packet.payload();
        ByteBuf out = allocator.buffer(RtpPacket.HEADER_BYTES + payload.readableBytes());
        RtpPacket.writeHeader(out, packet.marker(), track.payloadType(), audioSequence, time, audioSsrc);
        audioSequence = (audioSequence + 1) & 0xFFFF;
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        List<AudioUnit.FlvAudio> flv = new ArrayList<>(1);
        boolean readable = true;
        try {
            flvAudio(track, payload, videoTime(time, track.clockRate()), flv);
        } catch (IllegalArgumentException e) {
            flv.forEach(f -> f.body().release());
            flv.clear();
            readable = false;
        }
        AudioUnit unit = new AudioUnit(out, flv);
        try {
            readers.deliver(unit, StreamReader::offerAudio);
        } finally {
            unit.release();
        }
        return readable;
    }

    private void flvAudio(AudioTrack track, ByteBuf payload, long videoTime, List<AudioUnit.FlvAudio> out) {
        switch (track.flvCarriage()) {
            case AAC -> {
                int sampleRate = Math.max(1, Mpeg4Generic.sampleRate(track.aacConfig()));
                long step = 1024L * 90_000 / sampleRate;
                List<ByteBuf> units = Mpeg4Generic.accessUnits(payload, Mpeg4Generic.HBR_SIZE_LENGTH,
                        Mpeg4Generic.HBR_INDEX_LENGTH);
                for (int i = 0; i < units.size(); i++) {
                    out.add(new AudioUnit.FlvAudio(FlvTags.aacFrame(allocator, units.get(i)), videoTime + i * step));
                }
            }
            case PCMA, PCMU -> out.add(new AudioUnit.FlvAudio(FlvTags.g711Frame(allocator,
                    track.flvCarriage() == AudioTrack.FlvCarriage.PCMA, payload), videoTime));
            case NONE -> {
                // RTSP viewers only.
            }
        }
    }

    /** The camera's audio timestamp on the stream's own audio clock, seamless across reconnects like the video's. */
    private long audioTime(long sourceTimestamp, int clockRate) {
        if (lastSourceAudioTimestamp >= 0) {
            long step = (int) (sourceTimestamp - lastSourceAudioTimestamp);
            audioTimestamp += Math.abs(step) > 5L * clockRate ? clockRate / 50 : step;
        }
        lastSourceAudioTimestamp = sourceTimestamp;
        return audioTimestamp;
    }

    /** Places an audio time on the 90 kHz video clock, anchored where the video stood when this audio began. */
    private long videoTime(long audioTime, int clockRate) {
        if (audioAnchor < 0) {
            audioAnchor = audioTime;
            long sinceLastPicture = lastPublishNanos == 0 ? 0 : (System.nanoTime() - lastPublishNanos) * 90 / 1_000_000;
            audioAnchorVideoTime = streamTimestamp + Math.min(sinceLastPicture, 90_000);
        }
        return audioAnchorVideoTime + (audioTime - audioAnchor) * 90_000 / clockRate;
    }

    /** Maps a camera's RTP timestamp onto the stream's clock, so a reconnected camera's new clock is seamless. */
    private long streamTime(long sourceTimestamp) {
        if (lastSourceTimestamp >= 0) {
            long step = (int) (sourceTimestamp - lastSourceTimestamp);
            streamTimestamp += Math.abs(step) > MAX_STEP ? NOMINAL_STEP : step;
        }
        lastSourceTimestamp = sourceTimestamp;
        return streamTimestamp;
    }

    /**
     * Adds a reader and hands it the current group of pictures first, so it starts on a key frame now. The first RTSP
     * reader has the kept pictures packetized (they are always the newest ones of the group, so the packet numbers
     * stay in order).
     */
    public synchronized void addReader(StreamReader reader) {
        if (!readers.add(reader)) {
            return;
        }
        if (reader.needsRtp() && rtpReaders++ == 0) {
            gop.forEach(unit -> unit.packetize(packetizer));
        }
        reader.join(List.copyOf(gop));
    }

    /** Removes a reader; it is told, so it lets go of what it still queues. */
    public synchronized void removeReader(StreamReader reader) {
        if (readers.remove(reader)) {
            if (reader.needsRtp()) {
                rtpReaders--;
            }
            reader.detached();
        }
    }

    /** Pictures kept for the next reader now. */
    public synchronized int keptPictures() {
        return gop.size();
    }

    public synchronized int readerCount() {
        return readers.size();
    }

    public synchronized long publishedUnits() {
        return publishedUnits;
    }

    /** Drops the kept pictures; the stream is not used after this. */
    public synchronized void close() {
        clearGop();
        readers.all().forEach(StreamReader::detached);
        readers.clear();
        rtpReaders = 0;
    }

    private void clearGop() {
        gop.forEach(AccessUnit::release);
        gop.clear();
    }

    private static byte[] bytes(ByteBuf nal) {
        byte[] bytes = new byte[nal.readableBytes()];
        nal.getBytes(nal.readerIndex(), bytes);
        return bytes;
    }
}
