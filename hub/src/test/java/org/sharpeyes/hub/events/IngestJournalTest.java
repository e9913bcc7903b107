package org.sharpeyes.hub.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest journal gives back exactly what was written and not stored, and survives a record cut short. */
class IngestJournalTest {

    @TempDir
    Path dir;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void givesBackOnlyTheMessagesNotStoredBeforeTheStop() throws IOException {
        long first;
        try (IngestJournal journal = IngestJournal.open(dir)) {
            assertThat(journal.unfinished()).isEmpty();
            first = journal.append("devices/gate/1/event", utf8("{\"eventId\":\"a\"}"));
            journal.append("devices/alarm/2/sos", utf8("{\"alarmId\":\"川A\"}"));
            journal.append("devices/gate/1/event", new byte[0]);
            journal.committed(first);
        }
        try (IngestJournal journal = IngestJournal.open(dir)) {
            assertThat(journal.unfinished()).extracting(IngestJournal.Record::topic)
                    .containsExactly("devices/alarm/2/sos", "devices/gate/1/event");
            assertThat(new String(journal.unfinished().get(0).payload(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"alarmId\":\"川A\"}");
            assertThat(journal.unfinished().get(1).payload()).isEmpty();
            long next = journal.append("devices/acs/3/event", utf8("{}"));
            journal.committed(next);
            assertThat(journal.pendingBytes()).isZero();
        }
        try (IngestJournal journal = IngestJournal.open(dir)) {
            assertThat(journal.unfinished()).isEmpty();
        }
    }

    @Test
    void dropsARecordCutShortByACrashAndWritesOnAfterTheLastWholeOne() throws IOException {
        try (IngestJournal journal = IngestJournal.open(dir)) {
            journal.append("devices/gate/1/event", utf8("{\"eventId\":\"whole\"}"));
            journal.append("devices/gate/1/event", utf8("{\"eventId\":\"torn\"}"));
        }
        Path log = dir.resolve("journal.bin");
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(log) - 3);
        }
        try (IngestJournal journal = IngestJournal.open(dir)) {
            assertThat(journal.unfinished()).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
                    .containsExactly("{\"eventId\":\"whole\"}");
            journal.append("devices/gate/1/event", utf8("{\"eventId\":\"after\"}"));
        }
        try (IngestJournal journal = IngestJournal.open(dir)) {
            assertThat(journal.unfinished()).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
                    .containsExactly("{\"eventId\":\"whole\"}", "{\"eventId\":\"after\"}");
        }
    }

    @Test
    void refusesARecordWhoseBytesChanged() throws IOException {
        try (IngestJournal journal = IngestJournal.open(dir)) {
            journal.append("devices/gate/1/event", utf8("{\"eventId\":\"x\"}"));
        }
        Path log = dir.resolve("journal.bin");
        byte[] bytes = Files.readAllBytes(log);
        bytes[bytes.length - 6] ^= 0x20;
        Files.write(log, bytes);
        try (IngestJournal journal = IngestJournal.open(dir)) {
            assertThat(journal.unfinished()).isEmpty();
        }
    }

    @Test
    void startsOverOnceEverythingInALargeJournalIsStored() throws IOException {
        byte[] big = new byte[1024 * 1024];
        long last = 0;
        try (IngestJournal journal = IngestJournal.open(dir)) {
            for (int i = 0; i < IngestJournal.ROTATE_BYTES / big.length + 1; i++) {
                last = journal.append("devices/viid/1/faces", big);
            }
            journal.committed(last);
            assertThat(Files.size(dir.resolve("journal.bin"))).isZero();
            journal.append("devices/gate/1/event", utf8("{\"eventId\":\"new\"}"));
        }
        try (IngestJournal journal = IngestJournal.open(dir)) {
            assertThat(journal.unfinished()).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
                    .containsExactly("{\"eventId\":\"new\"}");
        }
    }
}
