package org.sharpeyes.hub.events;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.sharpeyes.adapters.gate.AlarmInfoPlateAdapter;
import org.sharpeyes.adapters.gate.GateJsonAdapter;
import org.sharpeyes.hub.registry.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a barrier gate by publishing its dialect's down command; the dialect is the one the gate itself last spoke,
 * so a gate that has never reported cannot be commanded yet.
 */
public final class GateControl {

    private static final Logger LOG = LoggerFactory.getLogger(GateControl.class);

    /** Why a gate could not be opened, for the API to say. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private final EventStore events;
    private final MqttIngest mqtt;

    public GateControl(EventStore events, MqttIngest mqtt) {
        this.events = events;
        this.mqtt = mqtt;
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
                topic = AlarmInfoPlateAdapter.openTopic(sn);
                payload = AlarmInfoPlateAdapter.openCommand(sn, commandId, Instant.now().getEpochSecond());
            }
            case "gate.json" -> {
                topic = GateJsonAdapter.openTopic(gate.code());
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
