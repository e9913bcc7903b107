package org.sharpeyes.hub.media.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.sharpeyes.adapters.flv.FlvTags;
import org.sharpeyes.adapters.rtp.h264.H264Packetizer;
import org.sharpeyes.adapters.rtp.h264.NalUnits;

/**
 * The fan-out of one path: access units published by its source reach every reader, and the current group of
 * pictures (from the last key frame) is kept so a new reader starts at once on a key frame. RTP packets are made once
 * here and shared by all RTSP readers. Outlives source reconnects, so readers stay attached while a camera returns.
 */
public final class MediaStream {

    public static final int PAYLOAD_TYPE = 96;
    private static final int MAX_GOP = 600;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A jump larger than this between two pictures is a camera that restarted its clock, not elapsed time. */
    private static final long MAX_STEP = 5 * 90_000;
    private static final long NOMINAL_STEP = 3_600;

    private final ByteBufAllocator allocator;
    private final H264Packetizer packetizer;
    private final Set<StreamReader> readers = new CopyOnWriteArraySet<>();
    private final List<AccessUnit> gop = new ArrayList<>();
    private volatile VideoTrack track;
    private long publishedUnits;
    private long lastSourceTimestamp = -1;
    private long streamTimestamp;

    public MediaStream(ByteBufAllocator allocator) {
        this.allocator = allocator;
        this.packetizer = new H264Packetizer(allocator, PAYLOAD_TYPE, RANDOM.nextInt() & 0xFFFFFFFFL,
                RANDOM.nextInt(0x10000), 1_400);
    }

    /** The parameter sets, once known (from the camera's SDP or its first key frame); null before. */
    public VideoTrack track() {
        return track;
    }

    public void setTrack(VideoTrack track) {
        this.track = track;
    }

    /** Publishes one picture; takes ownership of {@code nals}. */
    public synchronized void publish(List<ByteBuf> nals, long timestamp) {
        boolean key = false;
        byte[] sps = null;
        byte[] pps = null;
        for (ByteBuf nal : nals) {
            int type = NalUnits.type(nal);
            key |= type == NalUnits.IDR;
            if (type == NalUnits.SPS) {
                sps = bytes(nal);
            } else if (type == NalUnits.PPS) {
                pps = bytes(nal);
            }
        }
        if (sps != null && pps != null) {
            track = new VideoTrack(sps, pps);
        }
        long time = streamTime(timestamp);
        List<ByteBuf> packets = packetizer.packetize(nals, time);
        AccessUnit unit = new AccessUnit(nals, packets, interleaved(packets), FlvTags.avcPicture(allocator, key, nals),
                time, key);
        try {
            if (key) {
                clearGop();
            }
            if ((key || !gop.isEmpty()) && gop.size() < MAX_GOP) {
                gop.add(unit.retain());
            }
            publishedUnits++;
            for (StreamReader reader : readers) {
                reader.offer(unit);
            }
        } finally {
            unit.release();
        }
    }

    private ByteBuf interleaved(List<ByteBuf> packets) {
        int size = 0;
        for (ByteBuf packet : packets) {
            size += 4 + packet.readableBytes();
        }
        ByteBuf framed = allocator.buffer(size);
        for (ByteBuf packet : packets) {
            framed.writeByte('$').writeByte(0).writeShort(packet.readableBytes());
            framed.writeBytes(packet, packet.readerIndex(), packet.readableBytes());
        }
        return framed;
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

    /** Adds a reader and hands it the current group of pictures first, so it starts on a key frame now. */
    public synchronized void addReader(StreamReader reader) {
        for (AccessUnit unit : gop) {
            reader.offer(unit);
        }
        readers.add(reader);
    }

    public void removeReader(StreamReader reader) {
        readers.remove(reader);
    }

    public int readerCount() {
        return readers.size();
    }

    public synchronized long publishedUnits() {
        return publishedUnits;
    }

    /** Drops the kept pictures; the stream is not used after this. */
    public synchronized void close() {
        clearGop();
        readers.clear();
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
