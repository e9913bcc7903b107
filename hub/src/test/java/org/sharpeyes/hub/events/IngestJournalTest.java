package org.sharpeyes.hub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
            journal.stored(first);
        }
        try (IngestJournal journal = IngestJournal.open(dir)) {
            assertThat(journal.unfinished()).extracting(IngestJournal.Record::topic)
                    .containsExactly("devices/alarm/2/sos", "devices/gate/1/event");
            assertThat(new String(journal.unfinished().get(0).payload(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"alarmId\":\"川A\"}");
            assertThat(journal.unfinished().get(1).payload()).isEmpty();
            long next = journal.append("devices/acs/3/event", utf8("{}"));
            journal.stored(next);
            assertThat(journal.pendingBytes()).as("two replayed messages still wait").isPositive();
            for (IngestJournal.Record record : journal.unfinished()) {
                journal.stored(record.start());
            }
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
        Path log = segment();
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
    void readsEveryRecordOfAJournalThatWasNeverClosedAndWritesOnAfterThem() throws IOException {
        IngestJournal killed = IngestJournal.open(dir);
        killed.append("devices/gate/1/event", utf8("{\"eventId\":\"1\"}"));
        killed.append("devices/alarm/2/sos", utf8("{\"alarmId\":\"2\"}"));
        assertThat(Files.size(segment())).as("the segment is mapped ahead of its records")
                .isGreaterThan(1_000_000);
        try (IngestJournal journal = IngestJournal.open(dir)) {
            assertThat(journal.unfinished()).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
                    .containsExactly("{\"eventId\":\"1\"}", "{\"alarmId\":\"2\"}");
            journal.append("devices/gate/1/event", utf8("{\"eventId\":\"3\"}"));
        }
        try (IngestJournal journal = IngestJournal.open(dir)) {
            assertThat(journal.unfinished()).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
                    .containsExactly("{\"eventId\":\"1\"}", "{\"alarmId\":\"2\"}", "{\"eventId\":\"3\"}");
        }
        assertThat(Files.size(segment())).as("closed, the segment ends at its last record").isLessThan(1_000);
    }

    @Test
    void takesARecordLargerThanASegment() throws IOException {
        byte[] large = new byte[3_000];
        large[2_999] = 7;
        try (IngestJournal journal = IngestJournal.open(dir, 1_000)) {
            journal.append("devices/gate/1/event", utf8("{}"));
            journal.append("devices/viid/1/faces", large);
            journal.append("devices/gate/1/event", utf8("{}"));
        }
        try (IngestJournal journal = IngestJournal.open(dir, 1_000)) {
            assertThat(journal.unfinished()).extracting(r -> r.payload().length).containsExactly(2, 3_000, 2);
            assertThat(journal.unfinished().get(1).payload()[2_999]).isEqualTo((byte) 7);
        }
    }

    @Test
    void refusesARecordWhoseBytesChanged() throws IOException {
        try (IngestJournal journal = IngestJournal.open(dir)) {
            journal.append("devices/gate/1/event", utf8("{\"eventId\":\"x\"}"));
        }
        Path log = segment();
        byte[] bytes = Files.readAllBytes(log);
        bytes[bytes.length - 6] ^= 0x20;
        Files.write(log, bytes);
        try (IngestJournal journal = IngestJournal.open(dir)) {
            assertThat(journal.unfinished()).isEmpty();
        }
    }

    @Test
    void aCrashBetweenTwoMarksReadsAgainOnlyMessagesAfterTheLastMarkAndEveryOneNotStored() throws IOException {
        IngestJournal crashed = IngestJournal.open(dir);
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            starts.add(crashed.append("devices/gate/1/event", utf8("{\"eventId\":\"" + i + "\"}")));
        }
        crashed.stored(starts.get(0));
        // Past the mark's interval, the next message stored writes the mark: up to message 2.
        await().pollDelay(Duration.ofNanos(IngestJournal.MARK_EVERY_NANOS + 50_000_000)).until(() -> true);
        crashed.stored(starts.get(1));
        crashed.stored(starts.get(2));
        crashed.stored(starts.get(3));
        // Not closed: the process is gone, the mark on disk is where the last write left it.
        try (IngestJournal journal = IngestJournal.open(dir)) {
            assertThat(journal.unfinished()).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
                    .as("the stored ones after the last mark, then every one not stored")
                    .endsWith("{\"eventId\":\"4\"}", "{\"eventId\":\"5\"}")
                    .doesNotContain("{\"eventId\":\"0\"}", "{\"eventId\":\"1\"}");
        }
        crashed.close();
    }

    @Test
    void countsAsStoredOnlyUpToTheOldestMessageStillWaiting() throws IOException {
        List<Long> starts = new ArrayList<>();
        try (IngestJournal journal = IngestJournal.open(dir)) {
            for (int i = 0; i < 4; i++) {
                starts.add(journal.append("devices/gate/1/event", utf8("{\"eventId\":\"" + i + "\"}")));
            }
            journal.stored(starts.get(2));
            journal.stored(starts.get(0));
        }
        try (IngestJournal journal = IngestJournal.open(dir)) {
            assertThat(journal.unfinished()).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
                    .as("an alarm stored ahead of older messages does not mark them stored")
                    .containsExactly("{\"eventId\":\"1\"}", "{\"eventId\":\"2\"}", "{\"eventId\":\"3\"}");
        }
    }

    @Test
    void deletesEachSegmentOnceEverythingInItIsStored() throws IOException {
        byte[] body = new byte[300];
        List<Long> starts = new ArrayList<>();
        try (IngestJournal journal = IngestJournal.open(dir, 1_000)) {
            for (int i = 0; i < 12; i++) {
                starts.add(journal.append("devices/viid/1/faces", body));
            }
            assertThat(segments()).hasSize(3);
            for (int i = 0; i < 6; i++) {
                journal.stored(starts.get(i));
            }
            assertThat(segments()).as("the first segment holds only stored messages").hasSize(2);
        }
        try (IngestJournal journal = IngestJournal.open(dir, 1_000)) {
            assertThat(journal.unfinished()).extracting(IngestJournal.Record::start).containsExactlyElementsOf(
                    starts.subList(6, 12));
            long next = journal.append("devices/gate/1/event", utf8("{}"));
            assertThat(next).isGreaterThan(starts.get(11));
            for (IngestJournal.Record record : journal.unfinished()) {
                journal.stored(record.start());
            }
            journal.stored(next);
            assertThat(segments()).hasSize(1);
            assertThat(journal.pendingBytes()).isZero();
        }
        try (IngestJournal journal = IngestJournal.open(dir, 1_000)) {
            assertThat(journal.unfinished()).isEmpty();
            assertThat(journal.append("devices/gate/1/event", utf8("{}"))).as("positions only grow")
                    .isGreaterThan(starts.get(11));
        }
    }

    private List<Path> segments() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".journal")).sorted().toList();
        }
    }

    private Path segment() throws IOException {
        List<Path> all = segments();
        assertThat(all).hasSize(1);
        return all.get(0);
    }
}
