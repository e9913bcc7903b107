package org.sharpeyes.hub.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the embedded broker, and for what: the hub itself (a generated password) everywhere; a device with its
 * registered credentials (MQTT username and client id: its point code or serial) only on the exact topics of its own
 * dialects ({@link DeviceTopics}), so one device can neither publish as another, read another's messages, nor take
 * over another's (or the hub's) session. Refusals are counted and logged.
 */
final class DeviceBrokerPolicy implements IAuthenticator, IAuthorizatorPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceBrokerPolicy.class);
    static final String HUB_USER = "$hub";

    private final String hubPassword;
    private final DeviceDirectory devices;
    private final DeviceTopics topics;
    private final Counter refusedLogins;
    private final Counter refusedTopics;

    DeviceBrokerPolicy(String hubPassword, DeviceDirectory devices, DeviceTopics topics, MeterRegistry metrics) {
        this.hubPassword = hubPassword;
        this.devices = devices;
        this.topics = topics;
        this.refusedLogins = Counter.builder("hub.mqtt.refused").tag("what", "login")
                .description("embedded broker refusals").register(metrics);
        this.refusedTopics = Counter.builder("hub.mqtt.refused").tag("what", "topic")
                .description("embedded broker refusals").register(metrics);
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        if (username == null || password == null) {
            return refuseLogin(clientId, username, "no username or password");
        }
        if (HUB_USER.equals(username)) {
            return same(hubPassword.getBytes(StandardCharsets.UTF_8), password) || refuseLogin(clientId, username,
                    "wrong password");
        }
        Optional<DeviceDirectory.Device> device = devices.find(username);
        if (device.isEmpty()) {
            return refuseLogin(clientId, username, "no point has this code or serial");
        }
        if (device.get().credentials() == null || device.get().credentials().password() == null) {
            return refuseLogin(clientId, username, "the point has no credentials registered");
        }
        if (!same(device.get().credentials().password().getBytes(StandardCharsets.UTF_8), password)) {
            return refuseLogin(clientId, username, "wrong password");
        }
        // A client id is a session: another device's, or the hub's, would knock its owner off the broker.
        return identities(device.get()).contains(clientId) || refuseLogin(clientId, username, "a device's client id "
                + "must be its own point code or serial (mosquitto_pub -i " + username + ")");
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        return HUB_USER.equals(user) || allowed(topic, user, true);
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        return HUB_USER.equals(user) || allowed(topic, user, false);
    }

    private boolean allowed(Topic topic, String user, boolean write) {
        Optional<DeviceDirectory.Device> device = devices.find(user);
        if (device.isPresent()) {
            Set<String> names = identities(device.get());
            if (write ? topics.mayPublish(names, topic.toString()) : topics.maySubscribe(names, topic.toString())) {
                return true;
            }
        }
        refusedTopics.increment();
        LOG.warn("MQTT user {} refused to {} {}: a device may only publish on its own dialects' topics and "
                + "subscribe to its own command topic, with its own code or serial in them", user,
                write ? "publish on" : "subscribe to", topic);
        return false;
    }

    private static Set<String> identities(DeviceDirectory.Device device) {
        String serial = device.point().serial();
        return serial == null ? Set.of(device.point().code()) : Set.of(device.point().code(), serial);
    }

    private boolean refuseLogin(String clientId, String username, String why) {
        refusedLogins.increment();
        LOG.warn("MQTT login refused for client {} (user {}): {}", clientId, username, why);
        return false;
    }

    private static boolean same(byte[] expected, byte[] given) {
        return MessageDigest.isEqual(expected, given);
    }
}
