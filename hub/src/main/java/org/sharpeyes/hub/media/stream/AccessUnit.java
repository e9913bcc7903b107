package org.sharpeyes.hub.media.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.AbstractReferenceCounted;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.sharpeyes.adapters.flv.FlvTags;
import org.sharpeyes.adapters.rtp.NalPacketizer;
import org.sharpeyes.adapters.rtp.VideoCodec;

/**
 * One video picture as the hub moves it: its codec and NAL units, its 90 kHz timestamp and whether it is a key frame,
 * and each output format made from it at most once, only when a reader of that format exists, then shared by all of
 * them: the RTP packets (with their interleaved framing) and the length-prefixed body FLV and fMP4 carry.
 * Reference-counted as a whole: each reader holding it retains it, and its buffers are released when the last one
 * lets go. Never copied per reader.
 */
public final class AccessUnit extends AbstractReferenceCounted {

    /** Key of the FLV body among the shared forms. */
    private static final Object FLV_BODY = new Object();
    private final VideoCodec codec;
    private final List<ByteBuf> nals;
    private final long timestamp;
    private final boolean keyFrame;
    private final ByteBufAllocator allocator;
    private volatile List<ByteBuf> rtpPackets = List.of();
    private volatile ByteBuf interleaved;
    private final Map<Object, ByteBuf> shared = new ConcurrentHashMap<>(4);
    private long serial;
    private int step = 3_600;

    /** Takes ownership of {@code nals}; the outputs are made later, by {@link #packetize} and {@link #flvBody}. */
    public AccessUnit(VideoCodec codec, List<ByteBuf> nals, long timestamp, boolean keyFrame,
            ByteBufAllocator allocator) {
        this.codec = codec;
        this.nals = List.copyOf(nals);
        this.timestamp = timestamp;
        this.keyFrame = keyFrame;
        this.allocator = allocator;
    }

    public VideoCodec codec() {
        return codec;
    }

    public List<ByteBuf> nals() {
        return nals;
    }

    /**
     * Makes the RTP packets, once. Called by the stream, in publishing order, since the packetizer numbers packets in
     * the order it is given pictures; an RTSP reader only ever sees a unit after this.
     */
    public void packetize(NalPacketizer packetizer) {
        if (isPacketized()) {
            return;
        }
        List<ByteBuf> packets = packetizer.packetize(nals, timestamp);
        int size = 0;
        for (ByteBuf packet : packets) {
            size += 4 + packet.readableBytes();
        }
        ByteBuf framed = allocator.buffer(size);
        // Each packet is kept once, in the framed buffer; the bare packets are views of it, which a group of pictures
        // cached for every camera makes worth a few hundred kilobytes per camera.
        List<ByteBuf> views = new ArrayList<>(packets.size());
        for (ByteBuf packet : packets) {
            int length = packet.readableBytes();
            framed.writeByte('$').writeByte(0).writeShort(length);
            views.add(framed.slice(framed.writerIndex(), length));
            framed.writeBytes(packet, packet.readerIndex(), length);
            packet.release();
        }
        interleaved = framed;
        rtpPackets = List.copyOf(views);
    }

    /** Whether the RTP packets have been made (only while an RTSP reader exists). */
    public boolean isPacketized() {
        return interleaved != null;
    }

    /**
     * The RTP packets, or none when no RTSP reader existed while this picture was kept: views of
     * {@link #interleavedChannel0}, which live as long as this picture; a reader that keeps one longer retains it.
     */
    public List<ByteBuf> rtpPackets() {
        return rtpPackets;
    }

    /**
     * All RTP packets of the picture, each framed for RTSP interleaved channel 0 ({@code $}, 0, length), in one
     * buffer: most viewers take channel 0, and for them a picture is one write.
     */
    public ByteBuf interleavedChannel0() {
        return interleaved;
    }

    /**
     * The FLV video body (its header, then the length-prefixed NAL units), made on the first reader's demand and shared
     * by every FLV and fMP4 viewer after it.
     */
    public ByteBuf flvBody() {
        return shared(FLV_BODY, unit -> FlvTags.picture(allocator, codec, keyFrame, nals));
    }

    /** Whether the FLV body has been made (only when an FLV or fMP4 reader asked for it). */
    public boolean hasFlvBody() {
        return shared.containsKey(FLV_BODY);
    }

    /** Presentation time on the stream's own 90 kHz clock, which only moves forward (camera reconnects included). */
    public long timestamp() {
        return timestamp;
    }

    public boolean keyFrame() {
        return keyFrame;
    }

    @Override
    public AccessUnit retain() {
        super.retain();
        return this;
    }

    @Override
    public AccessUnit touch(Object hint) {
        return this;
    }

    /**
     * What an output makes of this picture once for all its viewers, made by {@code make} the first time {@code key}
     * asks, then kept and released with the picture; viewers write duplicates of it. Without a lock: viewers on two
     * event loops that ask at once both make it and the loser's is released, which is cheaper than one waiting.
     */
    public ByteBuf shared(Object key, Function<AccessUnit, ByteBuf> make) {
        ByteBuf made = shared.get(key);
        if (made != null) {
            return made;
        }
        ByteBuf mine = make.apply(this);
        ByteBuf theirs = shared.putIfAbsent(key, mine);
        if (theirs != null) {
            mine.release();
            return theirs;
        }
        return mine;
    }

    /** Where the stream placed it: its number among the stream's pictures and the 90 kHz ticks since the one before. */
    void placed(long number, int ticks) {
        serial = number;
        step = ticks;
    }

    /** Its number among the pictures its stream published (from 1; 0 for one made outside a stream). */
    public long serial() {
        return serial;
    }

    /** 90 kHz ticks since the picture before it (3,600 when unknown), which fMP4 gives as its duration. */
    public int step() {
        return step;
    }

    @Override
    protected synchronized void deallocate() {
        shared.values().forEach(ByteBuf::release);
        nals.forEach(ByteBuf::release);
        if (interleaved != null) {
            interleaved.release();
        }
    }
}
