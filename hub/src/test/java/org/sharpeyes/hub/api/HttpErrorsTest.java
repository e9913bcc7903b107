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

    /** #16: a stray '%' used to close the connection with no answer, on the API and on stream URLs alike. */
    @Test
    void aBrokenPercentEscapeGetsBadRequestAsJson() throws IOException {
        for (String path : new String[] {"/health?x=%", "/api/v1/points?q=%zz", "/live/%.flv", "/api/v1/%E4%"}) {
            try (Socket socket = new Socket("127.0.0.1", HUB.hub().hub().httpPort())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(reply).as(path).startsWith("HTTP/1.1 400").contains("\"error\":\"bad_request\"")
                        .contains("cannot be decoded");
            }
        }
        assertThat(HUB.hub().metric("hub_http_refused_total{what=\"malformed_url\"}")).isGreaterThanOrEqualTo(4);
    }

    /** #16: an error repeats enough of the input to find the mistake, never the whole of it. */
    @Test
    void errorsEchoOnlyTheStartOfAnOversizedValue() {
        StringBuilder layout = new StringBuilder("{\"layout\":[");
        for (int i = 0; i < 1_000; i++) {
            layout.append(i == 0 ? "" : ",").append(i);
        }
        long wall = HUB.as("county-op").get("/api/v1/walls").json().get(0).get("id").asLong();
        ApiClient.Reply reply = HUB.as("county-op").put("/api/v1/walls/" + wall + "/layout", layout + "]}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text().length()).isLessThan(400);
        assertThat(reply.json().get("detail").asText()).contains("characters)");
        StringBuilder header = new StringBuilder("code,name,type,region,source,lat,lon");
        for (int i = 0; i < 300; i++) {
            header.append(",extra").append(i);
        }
        ApiClient.Reply imported = admin.postRaw("/api/v1/points/import", "text/csv", (header + "\nx,y,CAMERA,1,2,,\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(imported.json().has("ignoredColumns")).as(imported.text()).isTrue();
        assertThat(imported.json().get("ignoredColumns").size()).isEqualTo(21);
        assertThat(imported.json().get("ignoredColumns").get(20).asText()).isEqualTo("… and 280 more");
    }

    /** #16: a NUL in a request's text used to be stored as it came. */
    @Test
    void takesNulCharactersOutOfEveryText() {
        ApiClient.Reply wall = HUB.as("county-op").post("/api/v1/walls", "{\"name\":\"指挥\\u0000大屏\"}");
        assertThat(wall.status()).as(wall.text()).isEqualTo(201);
        assertThat(wall.json().get("name").asText()).isEqualTo("指挥大屏");
    }

    /** #16: headers trickled a byte at a time no longer hold a connection open for good. */
    @Test
    void aClientTricklingItsHeadersIsCutOff() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", HUB.hub().hub().httpPort())) {
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            boolean closed = false;
            for (int i = 0; i < 60 && !closed; i++) {
                try {
                    out.write('a');
                    out.flush();
                    closed = socket.getInputStream().read() < 0;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // nothing to read yet: the hub is still waiting for the rest of the headers
                } catch (IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed).as("the hub closed the connection within a minute of trickling").isTrue();
        }
        assertThat(HUB.hub().metric("hub_http_refused_total{what=\"slow_headers\"}")).isPositive();
        assertThat(HUB.hub().anonymous().get("/health").status()).isEqualTo(200);
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
