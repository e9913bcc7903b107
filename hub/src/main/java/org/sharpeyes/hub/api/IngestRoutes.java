package org.sharpeyes.hub.api;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.hub.auth.LoginThrottle;
import org.sharpeyes.hub.events.DeviceDirectory;
import org.sharpeyes.hub.events.EventIngest;

/**
 * Devices that push over HTTP instead of MQTT: {@code POST /api/v1/ingest/isapi} (Hikvision alerts) and GA/T 1400's
 * {@code POST /VIID/MotorVehicles} and {@code /VIID/Faces}, each logged in with the device's own credentials (HTTP
 * Basic, username its point code or serial) and read by the same dialect as its MQTT twin. The answer comes once the
 * message is stored (or kept as a dead letter), so a device that got a 200 can forget it.
 */
public final class IngestRoutes {

    private static final long STORE_WAIT_SECONDS = 15;
    private static final DateTimeFormatter GAT1400_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final DeviceDirectory devices;
    private final EventIngest ingest;
    /** A device guessing passwords is held off per device and address, so it cannot lock the real one out. */
    private final LoginThrottle throttle = new LoginThrottle(AuthRoutes.MAX_FAILURES, AuthRoutes.LOCK_OUT);

    public IngestRoutes(DeviceDirectory devices, EventIngest ingest) {
        this.devices = devices;
        this.ingest = ingest;
    }

    public void register(Router router) {
        router.post("/api/v1/ingest/isapi", Access.PUBLIC, this::isapi);
        router.post("/VIID/MotorVehicles", Access.PUBLIC, request -> viid(request, "plate.gat1400",
                "motorvehicles", "/VIID/MotorVehicles"));
        router.post("/VIID/Faces", Access.PUBLIC, request -> viid(request, "face.gat1400", "faces",
                "/VIID/Faces"));
    }

    private Reply isapi(Request request) {
        DeviceDirectory.Device device = authenticate(request);
        String deviceId = request.queryParam("deviceId").orElse(device.point().code());
        if (!names(device, deviceId)) {
            throw ApiException.forbidden("device " + deviceId + " is not the device that logged in");
        }
        submit("plate.isapi", "devices/isapi/" + deviceId + "/anpr", request.body());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", 1);
        body.put("statusString", "OK");
        return Reply.ok(body);
    }

    private Reply viid(Request request, String dialect, String kind, String url) {
        DeviceDirectory.Device device = authenticate(request);
        submit(dialect, "devices/viid/" + device.point().code() + "/" + kind, request.body());
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("RequestURL", url);
        status.put("StatusCode", 0);
        status.put("StatusString", "OK");
        status.put("Id", device.point().code());
        status.put("LocalTime", LocalDateTime.now(DeviceTimes.CHINA).format(GAT1400_TIME));
        return Reply.ok(Map.of("ResponseStatusListObject", Map.of("ResponseStatusObject", List.of(status))));
    }

    /** Read with {@code dialect} whatever topics it is bound to: {@code topic} is in the dialect's own form. */
    private void submit(String dialect, String topic, byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest(null, "the request has no body");
        }
        CountDownLatch stored = new CountDownLatch(1);
        try {
            ingest.submit(new EventIngest.Message(topic, body, stored::countDown, false, dialect));
            if (!stored.await(STORE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy", "the event store is behind; "
                        + "the message is queued, send it again later if in doubt (repeats are stored once)", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy", "the hub is stopping", null);
        }
    }

    private DeviceDirectory.Device authenticate(Request request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw ApiException.unauthorized("devices push with HTTP Basic: username the point code or serial, "
                    + "password the point's registered password");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthorized("the Basic credentials are not Base64");
        }
        int colon = decoded.indexOf(':');
        String username = colon < 0 ? decoded : decoded.substring(0, colon);
        String password = colon < 0 ? "" : decoded.substring(colon + 1);
        String key = username + "@" + request.remoteAddress();
        Instant now = Instant.now();
        Optional<Instant> locked = throttle.lockedUntil(key, now);
        if (locked.isPresent()) {
            throw new ApiException(HttpResponseStatus.LOCKED, "locked", "this device login is locked after "
                    + AuthRoutes.MAX_FAILURES + " failed attempts until " + locked.get(), null);
        }
        Optional<DeviceDirectory.Device> device = devices.find(username);
        if (device.isEmpty() || device.get().credentials() == null || device.get().credentials().password() == null
                || !MessageDigest.isEqual(device.get().credentials().password().getBytes(StandardCharsets.UTF_8),
                        password.getBytes(StandardCharsets.UTF_8))) {
            throttle.fail(key, now);
            throw ApiException.unauthorized("unknown device or wrong password");
        }
        throttle.clear(key);
        return device.get();
    }

    private static boolean names(DeviceDirectory.Device device, String deviceId) {
        return deviceId.equals(device.point().code()) || deviceId.equals(device.point().serial());
    }
}
