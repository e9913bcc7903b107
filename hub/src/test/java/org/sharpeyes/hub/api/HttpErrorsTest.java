package org.sharpeyes.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;

class HttpErrorsTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension("http.maxBodyBytes=4096");
    static ApiClient admin;

    @BeforeAll
    static void start() {
        admin = HUB.admin();
    }

    @Test
    void anUnknownRouteIsNotFoundAsJson() {
        ApiClient.Reply reply = admin.get("/api/v1/nothing-here");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("error").asText()).isEqualTo("not_found");
        assertThat(reply.json().get("detail").asText()).contains("/api/v1/nothing-here");
        assertThat(reply.json().has("field")).isTrue();
    }

    @Test
    void aWrongMethodIsNotAllowedNamingTheAllowedOnes() {
        ApiClient.Reply reply = admin.delete("/api/v1/regions");
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.json().get("detail").asText()).contains("GET").contains("POST");
    }

    @Test
    void aBodyOverTheLimitIsTooLarge() {
        ApiClient.Reply reply = admin.postRaw("/api/v1/points/import", "text/csv", new byte[10_000]);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().get("detail").asText()).contains("4096 bytes");
    }

    @Test
    void badJsonNamesWhereItBroke() {
        ApiClient.Reply reply = admin.post("/api/v1/auth/login", "{\"username\": \"admin\",\n \"password\": }");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("detail").asText()).startsWith("invalid JSON at line 2, column");
        ApiClient.Reply wrongType = admin.post("/api/v1/auth/login", Map.of("username", 5, "password", true));
        assertThat(wrongType.status()).isEqualTo(400);
        ApiClient.Reply unknown = admin.post("/api/v1/auth/login", Map.of("user", "admin"));
        assertThat(unknown.json().get("field").asText()).isEqualTo("user");
        assertThat(admin.post("/api/v1/regions", "[1,2]").status()).isEqualTo(400);
        assertThat(admin.post("/api/v1/regions", "").status()).isEqualTo(400);
    }

    @Test
    void survivesHundredsOfMalformedRequestsAndStillAnswers() throws IOException {
        Random random = new Random(42);
        int port = HUB.hub().hub().httpPort();
        for (int i = 0; i < 300; i++) {
            byte[] junk = switch (i % 4) {
                case 0 -> randomBytes(random, 1 + random.nextInt(300));
                case 1 -> ("GET /" + "x".repeat(10_000) + " HTTP/1.1\r\nHost: a\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                case 2 -> "POST /api/v1/auth/login HTTP/1.1\r\nHost: a\r\nContent-Length: 9999\r\n\r\n{\"a\""
                        .getBytes(StandardCharsets.US_ASCII);
                default -> ("POST /api/v1/auth/login HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 7\r\nConnection: close\r\n\r\n{\"a\":[").getBytes(StandardCharsets.US_ASCII);
            };
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(2_000);
                OutputStream out = socket.getOutputStream();
                out.write(junk);
                out.flush();
                socket.shutdownOutput();
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[4096];
                try {
                    while (in.read(buffer) >= 0) {
                        // drain until the hub closes
                    }
                } catch (IOException timeoutOrReset) {
                    // the hub may reset a connection it refuses; only its health below matters
                }
            }
        }
        assertThat(HUB.hub().anonymous().get("/health").json().get("status").asText()).isEqualTo("UP");
        assertThat(admin.get("/api/v1/regions").status()).isEqualTo(200);
    }

    @Test
    void answersAMalformedRequestLineWithBadRequest() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", HUB.hub().hub().httpPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(reply).startsWith("HTTP/1.1 400").contains("malformed HTTP request");
        }
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
