package org.sharpeyes.adapters.event;

import java.util.Arrays;

/**
 * One topic a dialect listens on, as a site configured it: an MQTT topic filter in which the level {@code {device}}
 * names the device. A message that matches is read as if it had arrived on the dialect's own topic, so the adapters
 * stay unaware of where a site chose to put their devices.
 */
public final class TopicBinding {

    /** The level of a template that names the device. */
    public static final String DEVICE = "{device}";

    private final DeviceAdapter adapter;
    private final String template;
    private final String filter;
    private final String[] filterLevels;
    private final int deviceLevel;
    private final String[] dialectLevels;
    private final int dialectDeviceLevel;

    private TopicBinding(DeviceAdapter adapter, String template, String dialectFilter) {
        this.adapter = adapter;
        this.template = template;
        this.filter = template.replace(DEVICE, "+");
        this.filterLevels = filter.split("/", -1);
        this.deviceLevel = Arrays.asList(template.split("/", -1)).indexOf(DEVICE);
        this.dialectLevels = dialectFilter.split("/", -1);
        this.dialectDeviceLevel = Arrays.asList(dialectLevels).indexOf("+");
    }

    /**
     * Binds {@code adapter}'s message kind whose own filter is {@code dialectFilter} to {@code template}, or throws
     * {@link IllegalArgumentException} saying what is wrong with the template.
     */
    public static TopicBinding of(DeviceAdapter adapter, String template, String dialectFilter) {
        check(template);
        return new TopicBinding(adapter, template, dialectFilter);
    }

    /** The dialect's own filter, with its device level written as {@link #DEVICE}. */
    public static String template(String dialectFilter) {
        return dialectFilter.replace("+", DEVICE);
    }

    private static void check(String template) {
        if (template.isEmpty()) {
            throw new IllegalArgumentException("a topic must not be empty");
        }
        if (template.startsWith("$")) {
            throw new IllegalArgumentException("topics starting with $ belong to the broker: " + template);
        }
        String[] levels = template.split("/", -1);
        int devices = 0;
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals(DEVICE)) {
                devices++;
            } else if (level.equals("#")) {
                if (i != levels.length - 1) {
                    throw new IllegalArgumentException("# may only be the last level: " + template);
                }
            } else if (!level.equals("+") && (level.contains("+") || level.contains("#") || level.contains("{")
                    || level.contains("}"))) {
                throw new IllegalArgumentException("a wildcard or " + DEVICE + " must be a whole level, not part of '"
                        + level + "': " + template);
            }
        }
        if (devices > 1) {
            throw new IllegalArgumentException(DEVICE + " may appear only once: " + template);
        }
    }

    public DeviceAdapter adapter() {
        return adapter;
    }

    /** As configured, with {@link #DEVICE}. */
    public String template() {
        return template;
    }

    /** What to subscribe to: the template with its device level as {@code +}. */
    public String filter() {
        return filter;
    }

    /**
     * The device a topic of these {@code levels} names in its {@code {device}} level: null when this binding does not
     * take the topic, empty when its template names no device.
     */
    String device(String[] levels) {
        if (!DeviceAdapters.matches(filterLevels, levels)) {
            return null;
        }
        return deviceLevel < 0 ? "" : levels[deviceLevel];
    }

    /**
     * The dialect's own topic for a message that arrived on a topic of these {@code levels}, naming the same device
     * (an empty level when the template names none), or null when this binding does not take that topic.
     */
    String dialectTopic(String[] levels) {
        if (!DeviceAdapters.matches(filterLevels, levels)) {
            return null;
        }
        String device = deviceLevel < 0 ? "" : levels[deviceLevel];
        if (dialectDeviceLevel < 0) {
            return String.join("/", dialectLevels);
        }
        String[] own = dialectLevels.clone();
        own[dialectDeviceLevel] = device;
        return String.join("/", own);
    }
}
