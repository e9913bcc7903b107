package org.sharpeyes.adapters.event;

import java.util.List;

/**
 * Reads one vendor dialect: the MQTT topic filters it is bound to by default, and topic + payload bytes → normalized
 * events, or an {@link AdapterException} naming the field. Pure and thread-safe: no state, no I/O.
 */
public interface DeviceAdapter {

    /** The dialect's name, as DIALECTS.md and the configuration call it, e.g. {@code gate.json}. */
    String dialect();

    /** The MQTT topic filters this dialect listens on by default. */
    List<String> topicFilters();

    List<DeviceEvent> normalize(String topic, byte[] payload) throws AdapterException;
}
