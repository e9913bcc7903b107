package org.sharpeyes.hub.onvif;

import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.sharpeyes.adapters.onvif.MediaProfile;
import org.sharpeyes.adapters.onvif.OnvifClient;
import org.sharpeyes.adapters.onvif.OnvifException;
import org.sharpeyes.adapters.onvif.OnvifHttp;
import org.sharpeyes.adapters.rtsp.Authenticator;
import org.sharpeyes.hub.registry.DeviceCredentials;
import org.sharpeyes.hub.registry.Point;

/**
 * The hub's ONVIF devices (#19): clients for points with an ONVIF address (signed with the point's credentials on
 * the device's remembered clock), and readings of a device for registration and refresh. Blocking work (the store,
 * the credentials) runs on {@code blocking}; the calls themselves on the media event loops.
 */
public final class OnvifDevices {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration OFFSET_WORTH_WRITING = Duration.ofSeconds(2);

    private final OnvifHttp http;
    private final Executor blocking;
    private final Function<String, Optional<DeviceCredentials>> credentials;
    private final OnvifStore store;
    private final Clock clock;
    private final Map<String, Duration> offsets = new ConcurrentHashMap<>();
    /** What the store holds per point, read once: every PTZ command and snapshot asks. */
    private final Map<String, Optional<OnvifRecord>> records = new ConcurrentHashMap<>();

    public OnvifDevices(EventLoopGroup loops, Executor blocking,
            Function<String, Optional<DeviceCredentials>> credentials, OnvifStore store, Clock clock) {
        this.http = new OnvifHttp(loops, TIMEOUT);
        this.blocking = blocking;
        this.credentials = credentials;
        this.store = store;
        this.clock = clock;
    }

    public OnvifStore store() {
        return store;
    }

    /** A client for {@code deviceUrl} with this login (a discovered camera, not yet a point). */
    public OnvifClient client(String deviceUrl, String username, String password) throws OnvifException {
        return new OnvifClient(http, uri(deviceUrl), username, password, null, clock);
    }

    /** A client for the ONVIF device of {@code point}, with its credentials and its remembered clock offset. */
    public CompletableFuture<OnvifClient> client(Point point) {
        if (point.onvifUrl() == null) {
            return CompletableFuture.failedFuture(new OnvifException(OnvifException.Kind.NOT_SUPPORTED, "point "
                    + point.code() + " has no ONVIF address"));
        }
        URI device;
        try {
            device = uri(point.onvifUrl());
        } catch (OnvifException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(() -> {
            Optional<DeviceCredentials> login = credentials.apply(point.code());
            Duration offset = offsets.computeIfAbsent(point.code(), code -> record(point)
                    .map(OnvifRecord::clockOffset).orElse(null));
            return new OnvifClient(http, device, login.map(DeviceCredentials::username).orElse(null),
                    login.map(DeviceCredentials::password).orElse(null), offset, clock);
        }, blocking);
    }

    /** What was read from the device at {@code point}'s ONVIF address, if it was. Blocking. */
    public Optional<OnvifRecord> record(Point point) {
        return records.computeIfAbsent(point.code(), store::find).filter(r -> point.onvifUrl() != null
                && r.deviceUrl().strip().equalsIgnoreCase(point.onvifUrl().strip()));
    }

    /** Remembers the clock offset {@code client} learned for {@code pointCode}, writing it when it moved. */
    public void remember(String pointCode, OnvifClient client) {
        Duration learned = client.clockOffset();
        if (learned == null) {
            return;
        }
        Duration before = offsets.put(pointCode, learned);
        if (before == null || before.minus(learned).abs().compareTo(OFFSET_WORTH_WRITING) > 0) {
            blocking.execute(() -> store.saveClockOffset(pointCode, learned));
        }
    }

    /**
     * Reads a device: its information, profiles, the stream and snapshot addresses of {@code profileToken} (or of
     * the best H.264 profile, since browsers and most platforms play H.264; H.265 where that is all there is).
     */
    public CompletableFuture<OnvifReport> read(OnvifClient client, String profileToken) {
        return client.deviceInformation().thenCompose(info -> client.profiles().thenCompose(profiles -> {
            List<MediaProfile> video = profiles.stream().filter(p -> p.encoding() != null).toList();
            MediaProfile chosen;
            if (profileToken != null) {
                chosen = profiles.stream().filter(p -> p.token().equals(profileToken)).findFirst().orElse(null);
                if (chosen == null) {
                    return CompletableFuture.failedFuture(new OnvifException(OnvifException.Kind.FAULT,
                            "the device has no profile " + profileToken + "; it offers " + profiles.stream()
                            .map(MediaProfile::token).toList()));
                }
            } else {
                chosen = video.stream().max(Comparator.comparing((MediaProfile p) -> "H264".equals(p.encoding()))
                        .thenComparing(p -> (long) p.width() * p.height())).orElse(profiles.isEmpty() ? null
                        : profiles.get(0));
            }
            if (chosen == null) {
                return CompletableFuture.failedFuture(new OnvifException(OnvifException.Kind.FAULT,
                        "the device offers no media profile"));
            }
            MediaProfile ptz = chosen.ptz() ? chosen : profiles.stream().filter(MediaProfile::ptz).findFirst()
                    .orElse(null);
            return client.streamUri(chosen).thenCompose(stream -> client.snapshotUri(chosen)
                    .exceptionally(e -> null)
                    .thenApply(snapshot -> new OnvifReport(client.deviceUrl().toString(), info, profiles, chosen,
                            ptz, stream, snapshot, client.clockOffset())));
        }));
    }

    /** Keeps {@code report} for {@code pointCode}. Blocking. */
    public void keep(String pointCode, OnvifReport report) {
        offsets.put(pointCode, report.clockOffset() == null ? Duration.ZERO : report.clockOffset());
        store.save(new OnvifRecord(pointCode, report.deviceUrl(), report.information().manufacturer(), report.information().model(),
                report.information().firmwareVersion(), report.information().hardwareId(), report.stream().token(),
                report.ptz() == null ? null : report.ptz().token(), report.stream().media2(), report.snapshotUrl(),
                report.profiles(), report.clockOffset(), Instant.now(clock)));
        records.remove(pointCode);
    }

    /**
     * The profile PTZ commands name for {@code point}: the one kept at registration, else the first profile the
     * device binds a PTZ configuration to, else its first.
     */
    public CompletableFuture<String> ptzProfile(Point point, OnvifClient client) {
        return CompletableFuture.supplyAsync(() -> record(point).map(OnvifRecord::ptzProfileToken)
                .orElse(null), blocking).thenCompose(kept -> kept != null ? CompletableFuture.completedFuture(kept)
                : client.profiles().thenApply(profiles -> profiles.stream().filter(MediaProfile::ptz).findFirst()
                        .or(() -> profiles.stream().findFirst()).map(MediaProfile::token).orElseThrow(() ->
                        new java.util.concurrent.CompletionException(new OnvifException(
                                OnvifException.Kind.NOT_SUPPORTED, "the device offers no media profile for PTZ")))));
    }

    /**
     * The camera's own JPEG of {@code point} from the snapshot address its device gave, answering a Digest or Basic
     * challenge with the point's credentials; empty when it has none.
     */
    public CompletableFuture<Optional<byte[]>> snapshot(Point point) {
        return CompletableFuture.supplyAsync(() -> record(point).map(OnvifRecord::snapshotUrl)
                .filter(url -> url.startsWith("http://")), blocking).thenCompose(url -> {
                    if (url.isEmpty()) {
                        return CompletableFuture.completedFuture(Optional.<byte[]>empty());
                    }
                    URI target = URI.create(url.get());
                    String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?"
                            + target.getRawQuery());
                    return http.get(target, null).thenCompose(answer -> {
                        if (answer.status() == 401 && answer.challenge() != null) {
                            return CompletableFuture.supplyAsync(() -> credentials.apply(point.code()), blocking)
                                    .thenCompose(login -> login.isEmpty() ? CompletableFuture.completedFuture(answer)
                                            : http.get(target, Authenticator.forChallenge(answer.challenge(),
                                                    login.get().username(), login.get().password())
                                                    .authorization("GET", path)));
                        }
                        return CompletableFuture.completedFuture(answer);
                    }).thenApply(answer -> answer.status() == 200 && isJpeg(answer.body())
                            ? Optional.of(answer.body()) : Optional.<byte[]>empty());
                });
    }

    private static boolean isJpeg(byte[] body) {
        return body.length > 3 && (body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xD8;
    }

    private static URI uri(String deviceUrl) throws OnvifException {
        try {
            URI uri = new URI(deviceUrl.strip());
            if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
                throw new OnvifException(OnvifException.Kind.UNREACHABLE, "the ONVIF address " + deviceUrl
                        + " is no http:// URL with a host");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new OnvifException(OnvifException.Kind.UNREACHABLE, "the ONVIF address " + deviceUrl
                    + " is no URL: " + e.getReason());
        }
    }
}
