package org.sharpeyes.adapters.event;

import java.time.ZoneId;
import java.util.List;
import org.sharpeyes.adapters.alarm.AlarmBoxAdapter;
import org.sharpeyes.adapters.alarm.Gb28181AlarmAdapter;
import org.sharpeyes.adapters.face.AcsEventAdapter;
import org.sharpeyes.adapters.face.Gat1400FaceAdapter;
import org.sharpeyes.adapters.gate.AlarmInfoPlateAdapter;
import org.sharpeyes.adapters.gate.GateJsonAdapter;
import org.sharpeyes.adapters.plate.Gat1400MotorVehicleAdapter;
import org.sharpeyes.adapters.plate.IsapiAnprAdapter;

/** The eight dialects of DIALECTS.md, and which one a topic belongs to. */
public final class DeviceAdapters {

    private final List<DeviceAdapter> adapters;

    public DeviceAdapters(List<DeviceAdapter> adapters) {
        this.adapters = List.copyOf(adapters);
    }

    /** Every dialect, with device times read in {@code zone} and watch-list matches from {@code faceThreshold}. */
    public static DeviceAdapters standard(ZoneId zone, double faceThreshold) {
        return new DeviceAdapters(List.of(new AlarmInfoPlateAdapter(zone), new GateJsonAdapter(zone),
                new IsapiAnprAdapter(zone), new Gat1400MotorVehicleAdapter(zone), new AcsEventAdapter(zone),
                new Gat1400FaceAdapter(zone, faceThreshold), new AlarmBoxAdapter(zone), new Gb28181AlarmAdapter(zone)));
    }

    public List<DeviceAdapter> all() {
        return adapters;
    }

    /** The adapter whose topic filters match {@code topic}, or null. */
    public DeviceAdapter forTopic(String topic) {
        for (DeviceAdapter adapter : adapters) {
            for (String filter : adapter.topicFilters()) {
                if (matches(filter, topic)) {
                    return adapter;
                }
            }
        }
        return null;
    }

    public DeviceAdapter byDialect(String dialect) {
        return adapters.stream().filter(a -> a.dialect().equals(dialect)).findFirst().orElse(null);
    }

    /** MQTT topic filter matching ({@code +} one level, {@code #} the rest). */
    public static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
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
