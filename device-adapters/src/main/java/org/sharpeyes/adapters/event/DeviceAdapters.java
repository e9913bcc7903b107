package org.sharpeyes.adapters.event;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.sharpeyes.adapters.alarm.AlarmBoxAdapter;
import org.sharpeyes.adapters.alarm.Gb28181AlarmAdapter;
import org.sharpeyes.adapters.face.AcsEventAdapter;
import org.sharpeyes.adapters.face.Gat1400FaceAdapter;
import org.sharpeyes.adapters.gate.AlarmInfoPlateAdapter;
import org.sharpeyes.adapters.gate.GateJsonAdapter;
import org.sharpeyes.adapters.onvif.OnvifEventsAdapter;
import org.sharpeyes.adapters.plate.Gat1400MotorVehicleAdapter;
import org.sharpeyes.adapters.plate.IsapiAnprAdapter;

/** The nine dialects of DIALECTS.md, the topics each is bound to, and which one a topic belongs to. */
public final class DeviceAdapters {

    private final List<DeviceAdapter> adapters;
    private final List<TopicBinding> bindings;
    private final Map<String, Optional<Match>> recent = new ConcurrentHashMap<>();
    private static final int RECENT_TOPICS = 50_000;

    /** Each dialect on its own topics. */
    public DeviceAdapters(List<DeviceAdapter> adapters) {
        this(adapters, Map.of());
    }

    private DeviceAdapters(List<DeviceAdapter> adapters, Map<String, List<String>> templates) {
        this.adapters = List.copyOf(adapters);
        List<TopicBinding> bound = new ArrayList<>();
        for (DeviceAdapter adapter : adapters) {
            List<String> own = adapter.topicFilters();
            List<String> chosen = templates.get(adapter.dialect());
            if (chosen != null && chosen.size() != own.size()) {
                throw new IllegalArgumentException(adapter.dialect() + ": " + own.size() + " topic(s) expected, one "
                        + "for each of " + String.join(", ", own) + "; got " + chosen.size());
            }
            for (int i = 0; i < own.size(); i++) {
                String template = chosen == null ? TopicBinding.template(own.get(i)) : chosen.get(i).strip();
                try {
                    bound.add(TopicBinding.of(adapter, template, own.get(i)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(adapter.dialect() + ": " + e.getMessage(), e);
                }
            }
        }
        this.bindings = List.copyOf(bound);
    }

    /** Every dialect, with device times read in {@code zone} and watch-list matches from {@code faceThreshold}. */
    public static DeviceAdapters standard(ZoneId zone, double faceThreshold) {
        return new DeviceAdapters(List.of(new AlarmInfoPlateAdapter(zone), new GateJsonAdapter(zone),
                new IsapiAnprAdapter(zone), new Gat1400MotorVehicleAdapter(zone), new AcsEventAdapter(zone),
                new Gat1400FaceAdapter(zone, faceThreshold), new AlarmBoxAdapter(zone), new Gb28181AlarmAdapter(zone),
                new OnvifEventsAdapter()));
    }

    /**
     * The same dialects bound to other topics: dialect → one template per topic of the dialect's own, in the same
     * order, with {@link TopicBinding#DEVICE} naming the device; a dialect left out keeps its own topics. Throws
     * {@link IllegalArgumentException} naming the dialect when a template is unusable or the count is wrong.
     */
    public DeviceAdapters withTopics(Map<String, List<String>> templates) {
        for (String dialect : templates.keySet()) {
            if (byDialect(dialect) == null) {
                throw new IllegalArgumentException("no dialect is called " + dialect);
            }
        }
        return new DeviceAdapters(adapters, templates);
    }

    public List<DeviceAdapter> all() {
        return adapters;
    }

    /** Dialect → its topic templates as bound now, in the dialects' order. */
    public Map<String, List<String>> templates() {
        Map<String, List<String>> templates = new LinkedHashMap<>();
        for (TopicBinding binding : bindings) {
            templates.computeIfAbsent(binding.adapter().dialect(), d -> new ArrayList<>()).add(binding.template());
        }
        return templates;
    }

    /** Every filter to subscribe to, once each. */
    public List<String> topicFilters() {
        return bindings.stream().map(TopicBinding::filter).distinct().toList();
    }

    /**
     * The dialect a message on {@code topic} is read with, and the dialect's own topic to read it as; or null. Asked
     * for every message, so the answers for recent topics are kept (a device keeps to its few topics).
     */
    public Match match(String topic) {
        Optional<Match> known = recent.get(topic);
        if (known == null) {
            if (recent.size() >= RECENT_TOPICS) {
                recent.clear();
            }
            known = Optional.ofNullable(matchNow(topic));
            recent.put(topic, known);
        }
        return known.orElse(null);
    }

    private Match matchNow(String topic) {
        String[] levels = topic.split("/", -1);
        for (TopicBinding binding : bindings) {
            String own = binding.dialectTopic(levels);
            if (own != null) {
                return new Match(binding.adapter(), own, binding.device(levels));
            }
        }
        return null;
    }

    /**
     * A message read with {@code dialect} whatever it is bound to (an HTTP push), {@code dialectTopic} already in the
     * dialect's own form; or null when there is no such dialect.
     */
    public Match matchDialect(String dialect, String dialectTopic) {
        DeviceAdapter adapter = byDialect(dialect);
        if (adapter == null) {
            return null;
        }
        String[] levels = dialectTopic.split("/", -1);
        for (String own : adapter.topicFilters()) {
            String[] filter = own.split("/", -1);
            if (matches(filter, levels)) {
                int device = java.util.Arrays.asList(filter).indexOf("+");
                return new Match(adapter, dialectTopic, device < 0 ? "" : levels[device]);
            }
        }
        return new Match(adapter, dialectTopic, "");
    }

    /** The adapter bound to {@code topic}, or null. */
    public DeviceAdapter forTopic(String topic) {
        Match match = match(topic);
        return match == null ? null : match.adapter();
    }

    /**
     * A topic's dialect, the topic in the dialect's own form, and the device the topic names in its {@code {device}}
     * level (empty when its binding names none): on a broker that checks topics, the device that sent it.
     */
    public record Match(DeviceAdapter adapter, String dialectTopic, String topicDevice) {
    }

    public DeviceAdapter byDialect(String dialect) {
        return adapters.stream().filter(a -> a.dialect().equals(dialect)).findFirst().orElse(null);
    }

    /** MQTT topic filter matching ({@code +} one level, {@code #} the rest). */
    public static boolean matches(String filter, String topic) {
        return matches(filter.split("/", -1), topic.split("/", -1));
    }

    static boolean matches(String[] f, String[] t) {
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || (!f[i].equals("+") && !f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
