package org.sharpeyes.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The few API calls the command line makes: log in, post a CSV chunk, discover ONVIF cameras. */
final class HubClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI server;
    private String token;

    HubClient(URI server) {
        this.server = server;
    }

    /** Logs in; throws with the server's words when it refuses. */
    void login(String username, String password) throws IOException, InterruptedException {
        byte[] body = JSON.writeValueAsBytes(Map.of("username", username, "password", password));
        JsonNode reply = send(HttpRequest.newBuilder(server.resolve("/api/v1/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)), 200);
        token = reply.get("token").asText();
    }

    /** Posts CSV text to the import endpoint; returns the import report (200, or 422 for a refused all-or-nothing). */
    JsonNode importCsv(String csv, boolean allOrNothing) throws IOException, InterruptedException {
        URI uri = server.resolve("/api/v1/points/import" + (allOrNothing ? "?mode=all-or-nothing" : ""));
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "text/csv; charset=utf-8")
                .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)), 200, 422);
    }

    /** {@code POST /api/v1/onvif/discover} with {@code body}; returns the hub's answer. */
    JsonNode discover(Map<String, Object> body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(server.resolve("/api/v1/onvif/discover"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofByteArray(
                        JSON.writeValueAsBytes(body))), 200);
    }

    private JsonNode send(HttpRequest.Builder request, int... expected) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        for (int status : expected) {
            if (response.statusCode() == status) {
                return body;
            }
        }
        String detail = body.hasNonNull("detail") ? body.get("detail").asText() : new String(response.body(),
                StandardCharsets.UTF_8);
        throw new IOException("the hub answered " + response.statusCode() + ": " + detail);
    }
}
