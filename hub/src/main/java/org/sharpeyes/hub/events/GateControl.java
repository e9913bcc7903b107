package org.sharpeyes.hub.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.sharpeyes.adapters.event.TopicBinding;
import org.sharpeyes.adapters.gate.AlarmInfoPlateAdapter;
import org.sharpeyes.adapters.gate.GateJsonAdapter;
import org.sharpeyes.hub.registry.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a barrier gate by publishing its dialect's down command, on the dialect's command topic as configured; the
 * dialect is the one the gate itself last spoke, so a gate that has never reported cannot be commanded yet.
 */
public final class GateControl {

    private static final Logger LOG = LoggerFactory.getLogger(GateControl.class);

    /** Why a gate could not be opened, for the API to say. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** Each gate dialect's own command topic, {@link TopicBinding#DEVICE} naming the gate. */
    public static final Map<String, String> COMMAND_TOPICS = Map.of(
            "gate.alarminfoplate", TopicBinding.template(AlarmInfoPlateAdapter.openTopic("+")),
            "gate.json", TopicBinding.template(GateJsonAdapter.openTopic("+")));

    private final EventStore events;
    private final MqttIngest mqtt;
    private final Map<String, String> commandTopics;

    /** {@code commandTopics}: dialect → command topic, for the dialects a site moved; the others keep their own. */
    public GateControl(EventStore events, MqttIngest mqtt, Map<String, String> commandTopics) {
        this.events = events;
        this.mqtt = mqtt;
        this.commandTopics = commandTopics;
    }

    private String topic(String dialect, String device) {
        return commandTopics.getOrDefault(dialect, COMMAND_TOPICS.get(dialect)).replace(TopicBinding.DEVICE, device);
    }

    /** Publishes the open command for {@code gate}; returns the command id. */
    public String open(Point gate, String operator) throws Refused {
        if (mqtt == null || !mqtt.isConnected()) {
            throw new Refused("the hub is not connected to its MQTT broker");
        }
        String dialect = events.lastDialect(gate.code()).orElseThrow(() -> new Refused("gate " + gate.code()
                + " has not reported yet, so the hub does not know which command it understands"));
        String commandId = UUID.randomUUID().toString();
        String topic;
        String payload;
        switch (dialect) {
            case "gate.alarminfoplate" -> {
                String sn = gate.serial() == null ? gate.code() : gate.serial();
                topic = topic(dialect, sn);
                payload = AlarmInfoPlateAdapter.openCommand(sn, commandId, Instant.now().getEpochSecond());
            }
            case "gate.json" -> {
                topic = topic(dialect, gate.code());
                payload = GateJsonAdapter.openCommand(commandId);
            }
            default -> throw new Refused("gate " + gate.code() + " speaks " + dialect + ", which has no open command");
        }
        try {
            mqtt.command(topic, payload);
        } catch (MqttException e) {
            throw new Refused("the broker did not take the command: " + e.getMessage());
        }
        LOG.debug("gate {} opened by {} (command {} on {})", gate.code(), operator, commandId, topic);
        return commandId;
    }
}
