package org.sharpeyes.hub.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * Outside services a test may use (the machine's PostgreSQL, Mosquitto): used when reachable, the test skipped by
 * name when not; under CI ({@code CI=true}) a missing service fails the test, because the CI machine has them.
 */
public final class ExternalServices {

    public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String POSTGRES_USER = "postgres";

    private ExternalServices() {
    }

    public static void assumePostgres() {
        assumeReachable("PostgreSQL", "127.0.0.1", 5432);
    }

    public static void assumeReachable(String name, String host, int port) {
        if (reachable(host, port)) {
            return;
        }
        String message = name + " is not reachable at " + host + ":" + port;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + ", and CI must have it");
        }
        Assumptions.abort(message + ": skipped");
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
