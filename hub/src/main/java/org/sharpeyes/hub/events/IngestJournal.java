package org.sharpeyes.hub.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The device messages the hub has taken from the broker but not yet stored, written down before the broker is told
 * it may forget them. The broker's in-flight window (10 messages in the embedded Moquette, 20 by default in
 * Mosquitto) then never waits on the database, and a hub killed before its commit finds the messages here when it
 * starts again. Each record is {@code [topic length][topic][payload length][payload][CRC-32]}; a record cut short
 * by a crash fails its check and ends the journal. Writes reach the operating system at once (a {@code kill -9}
 * loses nothing), not the disk: the same promise as the database's own commits.
 */
public final class IngestJournal implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestJournal.class);
    /** The journal starts over once everything in it is stored and it has grown past this. */
    static final long ROTATE_BYTES = 64L * 1024 * 1024;
    private static final int MAX_TOPIC_BYTES = 64 * 1024;
    private static final int MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

    /** A message read back from the journal, and where its record ends. */
    public record Record(String topic, byte[] payload, long end) {
    }

    private final FileChannel log;
    private final FileChannel mark;
    private final List<Record> unfinished;
    private long end;
    private long committed;

    private IngestJournal(FileChannel log, FileChannel mark, List<Record> unfinished, long end, long committed) {
        this.log = log;
        this.mark = mark;
        this.unfinished = unfinished;
        this.end = end;
        this.committed = committed;
    }

    /** Opens the journal in {@code dir}, reading what an earlier run left unstored. */
    public static IngestJournal open(Path dir) throws IOException {
        Files.createDirectories(dir);
        FileChannel log = FileChannel.open(dir.resolve("journal.bin"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel mark = FileChannel.open(dir.resolve("committed.bin"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        long committed = 0;
        ByteBuffer stored = ByteBuffer.allocate(8);
        if (mark.read(stored, 0) == 8) {
            committed = stored.flip().getLong();
        }
        List<Record> records = new ArrayList<>();
        long size = log.size();
        // A mark past the end is from before the journal last started over: nothing of it is left to read.
        long position = Math.min(Math.max(committed, 0), size);
        while (true) {
            Record record = read(log, position, size);
            if (record == null) {
                break;
            }
            records.add(record);
            position = record.end();
        }
        // A torn tail from a crash is cut off, so new records follow the last whole one.
        log.truncate(position);
        return new IngestJournal(log, mark, records, position, Math.min(committed, position));
    }

    private static Record read(FileChannel log, long position, long size) throws IOException {
        if (size - position < 4) {
            return null;
        }
        ByteBuffer length = ByteBuffer.allocate(4);
        log.read(length, position);
        int topicLength = length.flip().getInt();
        if (topicLength < 0 || topicLength > MAX_TOPIC_BYTES || size - position < 8L + topicLength) {
            return null;
        }
        ByteBuffer head = ByteBuffer.allocate(topicLength + 4);
        log.read(head, position + 4);
        head.flip();
        byte[] topic = new byte[topicLength];
        head.get(topic);
        int payloadLength = head.getInt();
        long recordLength = 4L + topicLength + 4 + payloadLength + 4;
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_BYTES || size - position < recordLength) {
            return null;
        }
        ByteBuffer whole = ByteBuffer.allocate((int) recordLength);
        log.read(whole, position);
        whole.flip();
        CRC32 crc = new CRC32();
        crc.update(whole.array(), 0, (int) recordLength - 4);
        if ((int) crc.getValue() != whole.getInt((int) recordLength - 4)) {
            return null;
        }
        byte[] payload = new byte[payloadLength];
        whole.position(8 + topicLength);
        whole.get(payload);
        return new Record(new String(topic, StandardCharsets.UTF_8), payload, position + recordLength);
    }

    /** What an earlier run took from the broker and did not store, oldest first; to be ingested again at start. */
    public List<Record> unfinished() {
        return List.copyOf(unfinished);
    }

    /** Writes a message down; returns where its record ends, to pass to {@link #committed} once it is stored. */
    public synchronized long append(String topic, byte[] payload) throws IOException {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        ByteBuffer record = ByteBuffer.allocate(4 + topicBytes.length + 4 + payload.length + 4);
        record.putInt(topicBytes.length).put(topicBytes).putInt(payload.length).put(payload);
        CRC32 crc = new CRC32();
        crc.update(record.array(), 0, record.position());
        record.putInt((int) crc.getValue()).flip();
        while (record.hasRemaining()) {
            log.write(record, end + record.position());
        }
        end += record.limit();
        return end;
    }

    /**
     * Notes that every message up to {@code position} is stored (messages are stored in the order they were
     * written); once all are, a large journal starts over.
     */
    public synchronized void committed(long position) throws IOException {
        if (position <= committed) {
            return;
        }
        committed = position;
        if (committed == end && end >= ROTATE_BYTES) {
            log.truncate(0);
            end = 0;
            committed = 0;
        }
        mark.write(ByteBuffer.allocate(8).putLong(0, committed), 0);
    }

    /**
     * {@link #committed}, for a caller that can do nothing about a failure: it only makes the next start ingest more
     * again, which de-duplication absorbs.
     */
    public void storedUpTo(long position) {
        try {
            committed(position);
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
        log.close();
        mark.close();
    }
}
