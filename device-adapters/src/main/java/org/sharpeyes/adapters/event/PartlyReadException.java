package org.sharpeyes.adapters.event;

import java.util.List;

/**
 * A message of many records some of which could not be read: carries the events of the good ones, to be kept, and
 * the problem of each bad one. Its own field and message are the first bad record's.
 */
public final class PartlyReadException extends AdapterException {

    private final transient List<DeviceEvent> read;
    private final transient List<AdapterException> refused;

    public PartlyReadException(List<DeviceEvent> read, List<AdapterException> refused) {
        super(refused.get(0).field(), refused.size() + " of " + (read.size() + refused.size())
                + " records unreadable; first: " + bare(refused.get(0)));
        this.read = List.copyOf(read);
        this.refused = List.copyOf(refused);
    }

    /** A problem's words without the field it names, which this exception names itself. */
    private static String bare(AdapterException problem) {
        String message = problem.getMessage();
        String prefix = problem.field() + ": ";
        return problem.field() != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** The events of the records that could be read. */
    public List<DeviceEvent> read() {
        return read;
    }

    /** Why each other record could not be read, in order. */
    public List<AdapterException> refused() {
        return refused;
    }

    /** One record's reader. */
    @FunctionalInterface
    public interface RecordReader<T> {
        DeviceEvent read(T record, int index) throws AdapterException;
    }

    /**
     * Reads every record on its own: all good gives their events; some bad throws this with the good ones; all bad
     * throws the first record's problem, as a message nothing could be read from.
     */
    public static <T> List<DeviceEvent> readEach(List<T> records, RecordReader<T> reader) throws AdapterException {
        List<DeviceEvent> events = new java.util.ArrayList<>(records.size());
        List<AdapterException> refused = new java.util.ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            try {
                events.add(reader.read(records.get(i), i));
            } catch (AdapterException e) {
                refused.add(e);
            }
        }
        if (refused.isEmpty()) {
            return events;
        }
        if (events.isEmpty()) {
            throw refused.size() == 1 ? refused.get(0) : new AdapterException(refused.get(0).field(),
                    "all " + refused.size() + " records unreadable; first: " + refused.get(0).getMessage());
        }
        throw new PartlyReadException(events, refused);
    }
}
