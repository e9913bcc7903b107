package org.sharpeyes.hub.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.moquette.broker.Server;
import io.moquette.broker.config.FluentConfig;
import io.moquette.broker.config.IConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.sharpeyes.hub.app.StartupException;

/**
 * The MQTT broker the hub runs itself when {@code mqtt.embedded} is on (Moquette, MQTT 3.1.1, persistent sessions
 * under {@code data.dir}): devices log in with their registered credentials; the hub with a password made at start.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Commands a broker session may have waiting; a burst from one publisher must not overflow it. */
    private static final int SESSION_QUEUE = 65_536;

    private final Server server = new Server();
    private final String hubPassword;
    private int port;
    private BrokerRefusals.Counters refusals;

    private EmbeddedBroker(String hubPassword) {
        this.hubPassword = hubPassword;
    }

    public static EmbeddedBroker start(String host, int port, int maxMessageBytes, Path dataDir,
            DeviceDirectory devices, DeviceTopics topics, MeterRegistry metrics) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        EmbeddedBroker broker = new EmbeddedBroker(HexFormat.of().formatHex(secret));
        // Moquette logs a taken port and carries on without listening, and reports a port chosen for it only later
        // from a listener: pick the port here and find out now whether it is free.
        int chosen;
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            chosen = probe.getLocalPort();
        } catch (IOException e) {
            throw new StartupException("MQTT port " + port + " is already in use: choose another with "
                    + "--mqtt.port=PORT (0 picks a free one), or use the broker already there with "
                    + "--mqtt.url=tcp://127.0.0.1:" + port, e);
        }
        IConfig config = new FluentConfig().host(host).port(chosen).dataPath(dataDir.resolve("broker"))
                .enablePersistence().disallowAnonymous().disableTelemetry().sessionQueueSize(SESSION_QUEUE).build();
        config.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(maxMessageBytes));
        broker.refusals = BrokerRefusals.install(metrics, maxMessageBytes);
        DeviceBrokerPolicy policy = new DeviceBrokerPolicy(broker.hubPassword, devices, topics, metrics);
        try {
            broker.server.startServer(config, List.of(), null, policy, policy);
        } catch (IOException | RuntimeException e) {
            broker.server.stopServer();
            BrokerRefusals.remove(broker.refusals);
            throw new StartupException("the embedded MQTT broker does not start: " + e.getMessage(), e);
        }
        broker.port = chosen;
        return broker;
    }

    public int port() {
        return port;
    }

    /** The user the hub's own client logs in as. */
    public String hubUser() {
        return DeviceBrokerPolicy.HUB_USER;
    }

    public String hubPassword() {
        return hubPassword;
    }

    @Override
    public void close() {
        server.stopServer();
        BrokerRefusals.remove(refusals);
    }
}
