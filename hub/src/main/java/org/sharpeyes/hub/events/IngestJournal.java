package org.sharpeyes.hub.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device messages the hub has taken from the broker but not yet stored, written down before the broker is told
 * it may forget them. The broker's in-flight window (10 messages in the embedded Moquette, 20 by default in
 * Mosquitto) then never waits on the database, and a hub killed before its commit finds the messages here when it
 * starts again. The journal is a run of segment files named by the position they start at; a segment is deleted
 * once every message in it is stored. Each record is {@code [topic length][topic][payload length][payload][CRC-32]};
 * a record cut short by a crash fails its check and ends the journal. A record is copied into the segment's memory
 * mapping, so it is in the operating system's page cache at once (a {@code kill -9} loses nothing), not on the disk:
 * the same promise as the database's own commits, without a system call per message.
 */
public final class IngestJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestJournal.class);
    private static final sun.misc.Unsafe UNSAFE = unsafe();
    /** A new segment is started once the current one has grown past this. */
    static final long SEGMENT_BYTES = 32L * 1024 * 1024;
    private static final int MAX_TOPIC_BYTES = 64 * 1024;
    private static final int MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;
    private static final String SUFFIX = ".journal";
    static final long MARK_EVERY_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

    /** A message read back from the journal, and the position where its record starts. */
    public record Record(String topic, byte[] payload, long start) {
    }

    private final Path dir;
    private final long segmentBytes;
    private final FileChannel mark;
    private final TreeMap<Long, FileChannel> segments;
    private final List<Record> unfinished;
    /** Where the records not stored yet start: the journal is stored up to the first of them. */
    private final java.util.TreeSet<Long> pending = new java.util.TreeSet<>();
    private long end;
    private long committed;
    /**
     * The last segment, mapped into memory: appending a record is a copy into the page cache, not a system call, and
     * what is in the page cache outlives the process. Null until the first append.
     */
    private MappedByteBuffer tail;
    private long tailStart;
    /** The position the mark on disk says, and when it was written. */
    private long marked;
    private long markedAt = System.nanoTime();

    private IngestJournal(Path dir, long segmentBytes, FileChannel mark, TreeMap<Long, FileChannel> segments,
            List<Record> unfinished, long end, long committed) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.mark = mark;
        this.segments = segments;
        this.unfinished = unfinished;
        this.end = end;
        this.committed = committed;
        this.marked = committed;
        unfinished.forEach(record -> pending.add(record.start()));
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            java.lang.reflect.Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (sun.misc.Unsafe) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JDK does not offer sun.misc.Unsafe for unmapping files", e);
        }
    }

    /** Opens the journal in {@code dir}, reading what an earlier run left unstored. */
    public static IngestJournal open(Path dir) throws IOException {
        return open(dir, SEGMENT_BYTES);
    }

    static IngestJournal open(Path dir, long segmentBytes) throws IOException {
        Files.createDirectories(dir);
        FileChannel mark = FileChannel.open(dir.resolve("committed.bin"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        long committed = 0;
        ByteBuffer stored = ByteBuffer.allocate(8);
        if (mark.read(stored, 0) == 8) {
            committed = Math.max(0, stored.flip().getLong());
        }
        TreeMap<Long, FileChannel> segments = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                String name = file.getFileName().toString();
                segments.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())),
                        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
            }
        }
        List<Record> records = new ArrayList<>();
        long end = committed;
        for (var segment : new ArrayList<>(segments.entrySet())) {
            long start = segment.getKey();
            FileChannel channel = segment.getValue();
            Long next = segments.higherKey(start);
            if (next != null && next <= committed) {
                channel.close();
                Files.deleteIfExists(segmentFile(dir, start));
                segments.remove(start);
                continue;
            }
            long size = channel.size();
            long offset = Math.max(0, Math.min(committed - start, size));
            while (true) {
                Record record = read(channel, offset, size, start);
                if (record == null) {
                    break;
                }
                records.add(record);
                offset = record.start() - start + length(record);
            }
            if (offset < size) {
                // A torn tail from a crash is cut off, so new records follow the last whole one.
                channel.truncate(offset);
            }
            end = Math.max(end, start + offset);
        }
        return new IngestJournal(dir, segmentBytes, mark, segments, records, end, Math.min(committed, end));
    }

    private static Path segmentFile(Path dir, long start) {
        return dir.resolve(String.format("%020d", start) + SUFFIX);
    }

    private static Record read(FileChannel channel, long offset, long size, long start) throws IOException {
        if (size - offset < 4) {
            return null;
        }
        ByteBuffer length = ByteBuffer.allocate(4);
        channel.read(length, offset);
        int topicLength = length.flip().getInt();
        if (topicLength < 0 || topicLength > MAX_TOPIC_BYTES || size - offset < 8L + topicLength) {
            return null;
        }
        ByteBuffer head = ByteBuffer.allocate(topicLength + 4);
        channel.read(head, offset + 4);
        head.flip();
        byte[] topic = new byte[topicLength];
        head.get(topic);
        int payloadLength = head.getInt();
        long recordLength = 4L + topicLength + 4 + payloadLength + 4;
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_BYTES || size - offset < recordLength) {
            return null;
        }
        ByteBuffer whole = ByteBuffer.allocate((int) recordLength);
        channel.read(whole, offset);
        whole.flip();
        CRC32 crc = new CRC32();
        crc.update(whole.array(), 0, (int) recordLength - 4);
        if ((int) crc.getValue() != whole.getInt((int) recordLength - 4)) {
            return null;
        }
        byte[] payload = new byte[payloadLength];
        whole.position(8 + topicLength);
        whole.get(payload);
        return new Record(new String(topic, StandardCharsets.UTF_8), payload, start + offset);
    }

    private static long length(Record record) {
        return 4L + record.topic().getBytes(StandardCharsets.UTF_8).length + 4 + record.payload().length + 4;
    }

    /** What an earlier run took from the broker and did not store, oldest first; to be ingested again at start. */
    public List<Record> unfinished() {
        return List.copyOf(unfinished);
    }

    /** Writes a message down; returns where its record starts, to pass to {@link #stored} once it is stored. */
    public synchronized long append(String topic, byte[] payload) throws IOException {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        int length = 4 + topicBytes.length + 4 + payload.length + 4;
        MappedByteBuffer buffer = room(length);
        int at = (int) (end - tailStart);
        try {
            buffer.putInt(at, topicBytes.length).put(at + 4, topicBytes)
                    .putInt(at + 4 + topicBytes.length, payload.length).put(at + 8 + topicBytes.length, payload);
            CRC32 crc = new CRC32();
            crc.update(buffer.slice(at, length - 4));
            buffer.putInt(at + length - 4, (int) crc.getValue());
        } catch (InternalError e) {
            // A mapped page the file system cannot back (a full disk) faults on the write instead of failing a call.
            throw new IOException("the ingest journal cannot be written at " + segmentFile(dir, tailStart), e);
        }
        long start = end;
        end += length;
        pending.add(start);
        return start;
    }

    /**
     * The mapped segment to append {@code length} bytes to: the last one, mapped larger if the record does not fit, or
     * a new one once the last has grown past {@link #segmentBytes}. A segment's file is as long as its mapping, zeros
     * after the last record, until it is closed; reading stops at the zeros, as no record checks out there.
     */
    private MappedByteBuffer room(int length) throws IOException {
        var last = segments.lastEntry();
        if (last == null || end - last.getKey() >= segmentBytes) {
            unmapTail();
            FileChannel channel = FileChannel.open(segmentFile(dir, end), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            segments.put(end, channel);
            last = segments.lastEntry();
        }
        long used = end - last.getKey();
        if (tail == null || tailStart != last.getKey() || used + length > tail.capacity()) {
            unmapTail();
            tail = last.getValue().map(FileChannel.MapMode.READ_WRITE, 0, Math.max(segmentBytes, used + length));
            tailStart = last.getKey();
        }
        return tail;
    }

    /** Lets go of the mapping now rather than at some later garbage collection, which could come after a delete. */
    private void unmapTail() {
        if (tail != null) {
            UNSAFE.invokeCleaner(tail);
            tail = null;
        }
    }

    /**
     * Notes that the message whose record starts at {@code start} is stored. Messages may be stored out of order
     * (alarms go first): the journal counts as stored up to the oldest message still waiting, and deletes the
     * segments that hold nothing else. The mark of how far it is stored is written at most every
     * {@link #MARK_EVERY_NANOS} (and before a segment goes, and at close), not once a message: a crash between two
     * marks only makes the next start read again some messages already stored, which de-duplication absorbs.
     */
    public synchronized void stored(long start) throws IOException {
        if (!pending.remove(start)) {
            return;
        }
        long upTo = pending.isEmpty() ? end : pending.first();
        if (upTo <= committed) {
            return;
        }
        committed = upTo;
        Long second = segments.size() > 1 ? segments.higherKey(segments.firstKey()) : null;
        boolean segmentDone = second != null && second <= committed;
        long now = System.nanoTime();
        if (segmentDone || now - markedAt >= MARK_EVERY_NANOS) {
            writeMark();
            markedAt = now;
        }
        while (segments.size() > 1) {
            long first = segments.firstKey();
            long next = segments.higherKey(first);
            if (next > committed) {
                break;
            }
            segments.remove(first).close();
            Files.deleteIfExists(segmentFile(dir, first));
        }
    }

    private void writeMark() throws IOException {
        if (committed != marked) {
            mark.write(ByteBuffer.allocate(8).putLong(0, committed), 0);
            marked = committed;
        }
    }

    /**
     * {@link #stored}, for a caller that can do nothing about a failure: it only makes the next start ingest more
     * again, which de-duplication absorbs.
     */
    public void storedQuietly(long start) {
        try {
            stored(start);
        } catch (IOException e) {
            LOG.warn("the ingest journal's mark cannot be written; a restart will ingest more again", e);
        }
    }

    /** Bytes written and not yet stored: what a restart would ingest again. */
    public synchronized long pendingBytes() {
        return end - committed;
    }

    @Override
    public synchronized void close() throws IOException {
        writeMark();
        if (tail != null) {
            unmapTail();
            // Closed cleanly, the last segment ends at its last record, like the others.
            segments.get(tailStart).truncate(end - tailStart);
        }
        for (FileChannel channel : segments.values()) {
            channel.close();
        }
        mark.close();
    }
}
