package org.sharpeyes.hub.registry;

import java.util.List;

/**
 * How much of a caller's input an error message repeats: enough to find the mistake, never the whole input (a 4 MB
 * value must not come back as a 4 MB reply).
 */
public final class Echo {

    /** The most characters of one value an error repeats. */
    public static final int MAX_CHARS = 80;
    /** The most items of a list an error repeats. */
    public static final int MAX_ITEMS = 20;

    private Echo() {
    }

    /** {@code value} as text, cut to {@link #MAX_CHARS} with a note of how long it was. */
    public static String text(Object value) {
        String text = String.valueOf(value);
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        return text.substring(0, MAX_CHARS) + "… (" + text.length() + " characters)";
    }

    /** The first {@link #MAX_ITEMS} items, each cut by {@link #text}, and a last item counting the rest. */
    public static List<String> items(List<String> values) {
        List<String> shown = values.stream().limit(MAX_ITEMS).map(Echo::text).collect(
                java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        if (values.size() > MAX_ITEMS) {
            shown.add("… and " + (values.size() - MAX_ITEMS) + " more");
        }
        return shown;
    }
}
