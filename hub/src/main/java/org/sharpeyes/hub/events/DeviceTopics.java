package org.sharpeyes.hub.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.sharpeyes.adapters.event.DeviceAdapters;
import org.sharpeyes.adapters.event.TopicBinding;

/**
 * The exact topics a device may use on the embedded broker: it publishes only on the topics its dialects are bound
 * to, with one of its own identities (point code or serial) in the {@code {device}} level, and subscribes only to its
 * own gate command topics, never with a wildcard. A binding without a {@code {device}} level names no device, so no
 * device may publish on it; {@code hub/…} and every other topic are the hub's.
 */
public final class DeviceTopics {

    private final List<String[]> uplinks = new ArrayList<>();
    private final List<String[]> downlinks = new ArrayList<>();

    /** {@code commandTopics}: dialect → command topic for the gate dialects a site moved; the others keep theirs. */
    public DeviceTopics(DeviceAdapters adapters, Map<String, String> commandTopics) {
        for (List<String> templates : adapters.templates().values()) {
            for (String template : templates) {
                String[] levels = template.split("/", -1);
                if (List.of(levels).contains(TopicBinding.DEVICE)) {
                    uplinks.add(levels);
                }
            }
        }
        GateControl.COMMAND_TOPICS.forEach((dialect, own) -> downlinks.add(commandTopics.getOrDefault(dialect, own)
                .split("/", -1)));
    }

    /** Whether a device known by {@code identities} may publish on {@code topic}. */
    public boolean mayPublish(Collection<String> identities, String topic) {
        return reaches(uplinks, identities, topic, true);
    }

    /** Whether a device known by {@code identities} may subscribe to {@code filter}: only its own command topics. */
    public boolean maySubscribe(Collection<String> identities, String filter) {
        return reaches(downlinks, identities, filter, false);
    }

    private static boolean reaches(List<String[]> templates, Collection<String> identities, String topic,
            boolean wildcards) {
        if (!concrete(topic)) {
            return false;
        }
        String[] levels = topic.split("/", -1);
        for (String[] template : templates) {
            if (fits(template, levels, identities, wildcards)) {
                return true;
            }
        }
        return false;
    }

    private static boolean concrete(String topic) {
        return topic != null && !topic.isEmpty() && !topic.startsWith("$") && topic.indexOf('+') < 0
                && topic.indexOf('#') < 0 && topic.indexOf('\0') < 0;
    }

    /**
     * Whether the concrete {@code levels} fit {@code template} with an identity in its device level; a template's
     * wildcards (a site may bind {@code devices/+/{device}/event}) take any level when {@code wildcards} is on.
     */
    private static boolean fits(String[] template, String[] levels, Collection<String> identities, boolean wildcards) {
        for (int i = 0; i < template.length; i++) {
            String expected = template[i];
            if (wildcards && expected.equals("#")) {
                return true;
            }
            if (i >= levels.length) {
                return false;
            }
            if (expected.equals(TopicBinding.DEVICE)) {
                if (!identities.contains(levels[i])) {
                    return false;
                }
            } else if (wildcards && expected.equals("+")) {
                if (levels[i].isEmpty()) {
                    return false;
                }
            } else if (!expected.equals(levels[i])) {
                return false;
            }
        }
        return template.length == levels.length;
    }
}
