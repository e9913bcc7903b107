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
 * registered credentials (MQTT username: its point code or serial) only on topics that name it, so one device cannot
 * publish as another. Refusals are counted and logged.
 */
final class DeviceBrokerPolicy implements IAuthenticator, IAuthorizatorPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceBrokerPolicy.class);
    static final String HUB_USER = "$hub";

    private final String hubPassword;
    private final DeviceDirectory devices;
    private final Counter refusedLogins;
    private final Counter refusedTopics;

    DeviceBrokerPolicy(String hubPassword, DeviceDirectory devices, MeterRegistry metrics) {
        this.hubPassword = hubPassword;
        this.devices = devices;
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
        return same(device.get().credentials().password().getBytes(StandardCharsets.UTF_8), password)
                || refuseLogin(clientId, username, "wrong password");
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        return allowed(topic, user);
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        return allowed(topic, user);
    }

    private boolean allowed(Topic topic, String user) {
        if (HUB_USER.equals(user)) {
            return true;
        }
        Optional<DeviceDirectory.Device> device = devices.find(user);
        if (device.isPresent()) {
            Set<String> names = device.get().point().serial() == null ? Set.of(device.get().point().code())
                    : Set.of(device.get().point().code(), device.get().point().serial());
            for (String segment : topic.toString().split("/")) {
                if (names.contains(segment)) {
                    return true;
                }
            }
        }
        refusedTopics.increment();
        LOG.warn("MQTT user {} refused on topic {}: a device may only use topics that name it", user, topic);
        return false;
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
