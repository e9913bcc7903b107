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

    private EmbeddedBroker(String hubPassword) {
        this.hubPassword = hubPassword;
    }

    public static EmbeddedBroker start(String host, int port, Path dataDir, DeviceDirectory devices,
            MeterRegistry metrics) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        EmbeddedBroker broker = new EmbeddedBroker(HexFormat.of().formatHex(secret));
        if (port != 0) {
            // Moquette logs a taken port and carries on without listening: find out first, and say how to get out.
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(host))) {
                probe.setReuseAddress(true);
            } catch (IOException e) {
                throw new StartupException("MQTT port " + port + " is already in use: choose another with "
                        + "--mqtt.port=PORT (0 picks a free one), or use the broker already there with "
                        + "--mqtt.url=tcp://127.0.0.1:" + port, e);
            }
        }
        IConfig config = new FluentConfig().host(host).port(port).dataPath(dataDir.resolve("broker"))
                .enablePersistence().disallowAnonymous().disableTelemetry().sessionQueueSize(SESSION_QUEUE).build();
        DeviceBrokerPolicy policy = new DeviceBrokerPolicy(broker.hubPassword, devices, metrics);
        try {
            broker.server.startServer(config, List.of(), null, policy, policy);
        } catch (IOException | RuntimeException e) {
            broker.server.stopServer();
            throw new StartupException("the embedded MQTT broker does not start: " + e.getMessage(), e);
        }
        broker.port = boundPort(broker.server, port);
        return broker;
    }

    /** Moquette records the port it bound from a listener, a moment after start returns: wait for it. */
    private static int boundPort(Server server, int configured) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        int bound = server.getPort();
        while (bound == 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            bound = server.getPort();
        }
        if (bound == 0 && configured == 0) {
            server.stopServer();
            throw new StartupException("the embedded MQTT broker did not report its port within 5 s", null);
        }
        return bound == 0 ? configured : bound;
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
    }
}
