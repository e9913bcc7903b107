package org.sharpeyes.adapters.onvif;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.sharpeyes.adapters.rtsp.Authenticator;

/**
 * One ONVIF device as the hub calls it (#19): the device service at {@code deviceUrl}, the login, and what the
 * client learned on the way (the device's clock offset, its service addresses, whether it wants HTTP Digest).
 * Calls are signed with a WS-UsernameToken on the device's clock; an HTTP 401 is answered once with HTTP Digest; a
 * refused login re-reads the device's clock once before it is taken as a wrong password.
 */
public final class OnvifClient {

    private static final SecureRandom NONCES = new SecureRandom();
    private static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(5);

    private final OnvifHttp http;
    private final URI deviceUrl;
    private final String username;
    private final String password;
    private final Clock clock;
    private volatile Duration clockOffset;
    private volatile Map<OnvifService, String> services;
    private volatile Authenticator digest;

    /** A client; {@code clockOffset} is what was learned before (device minus hub), or null to read it first. */
    public OnvifClient(OnvifHttp http, URI deviceUrl, String username, String password, Duration clockOffset,
            Clock clock) {
        this.http = http;
        this.deviceUrl = deviceUrl;
        this.username = username == null || username.isEmpty() ? null : username;
        this.password = password == null ? "" : password;
        this.clockOffset = clockOffset;
        this.clock = clock;
    }

    public URI deviceUrl() {
        return deviceUrl;
    }

    /** The device's clock minus the hub's, as last read, or null before the first read. */
    public Duration clockOffset() {
        return clockOffset;
    }

    /** Reads the device's clock (unauthenticated) and remembers how far it is from the hub's. */
    public CompletableFuture<Instant> systemDateAndTime() {
        Instant asked = clock.instant();
        return send(deviceUrl, OnvifRequest.getSystemDateAndTime(), null, null, null).thenApply(body -> {
            Instant device = unchecked(() -> OnvifAnswers.systemDateAndTime(body));
            Instant answered = clock.instant();
            Instant middle = asked.plus(Duration.between(asked, answered).dividedBy(2));
            clockOffset = Duration.between(middle, device);
            return device;
        });
    }

    public CompletableFuture<DeviceInformation> deviceInformation() {
        return call(OnvifRequest.getDeviceInformation()).thenApply(OnvifAnswers::deviceInformation);
    }

    /** The addresses of the services the hub calls: GetServices, or GetCapabilities where that is missing. */
    public CompletableFuture<Map<OnvifService, String>> services() {
        Map<OnvifService, String> known = services;
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return signed(deviceUrl, OnvifRequest.getServices()).thenApply(OnvifAnswers::services)
                .exceptionallyCompose(e -> {
                    OnvifException cause = cause(e);
                    if (cause.kind() == OnvifException.Kind.NOT_SUPPORTED
                            || cause.kind() == OnvifException.Kind.FAULT
                            || cause.kind() == OnvifException.Kind.MALFORMED) {
                        return signed(deviceUrl, OnvifRequest.getCapabilities())
                                .thenApply(OnvifAnswers::capabilities);
                    }
                    return CompletableFuture.failedFuture(cause);
                }).thenApply(found -> {
                    Map<OnvifService, String> reached = new java.util.EnumMap<>(OnvifService.class);
                    found.forEach((service, xaddr) -> reached.put(service, reachable(xaddr)));
                    reached.putIfAbsent(OnvifService.DEVICE, deviceUrl.toString());
                    services = Map.copyOf(reached);
                    return services;
                });
    }

    public CompletableFuture<List<NetworkInterfaceInfo>> networkInterfaces() {
        return call(OnvifRequest.getNetworkInterfaces()).thenApply(OnvifAnswers::networkInterfaces);
    }

    /** The media profiles: Media2's where the device offers it (H.265 often shows only there), else Media1's. */
    public CompletableFuture<List<MediaProfile>> profiles() {
        return services().thenCompose(found -> {
            boolean media2 = found.containsKey(OnvifService.MEDIA2);
            if (!media2 && !found.containsKey(OnvifService.MEDIA)) {
                return CompletableFuture.failedFuture(new OnvifException(OnvifException.Kind.NOT_SUPPORTED,
                        "the device offers no media service"));
            }
            return call(OnvifRequest.getProfiles(media2)).thenApply(body -> unchecked(() ->
                    OnvifAnswers.profiles(body, media2))).exceptionallyCompose(e -> media2
                    && found.containsKey(OnvifService.MEDIA)
                    ? call(OnvifRequest.getProfiles(false)).thenApply(body -> unchecked(() ->
                            OnvifAnswers.profiles(body, false)))
                    : CompletableFuture.failedFuture(cause(e)));
        });
    }

    /** The RTSP address of {@code profile}, as reachable from the hub. */
    public CompletableFuture<String> streamUri(MediaProfile profile) {
        return call(OnvifRequest.getStreamUri(profile.media2(), profile.token()))
                .thenApply(body -> reachable(unchecked(() -> OnvifAnswers.uri(body))));
    }

    /** The JPEG snapshot address of {@code profile}, as reachable from the hub. */
    public CompletableFuture<String> snapshotUri(MediaProfile profile) {
        return call(OnvifRequest.getSnapshotUri(profile.media2(), profile.token()))
                .thenApply(body -> reachable(unchecked(() -> OnvifAnswers.uri(body))));
    }

    /** Moves at {@code velocity} until Stop, or for {@code timeout} where given and the device honours it. */
    public CompletableFuture<Void> continuousMove(String profileToken, PtzVector velocity, Duration timeout) {
        return call(OnvifRequest.continuousMove(profileToken, velocity, timeout)).thenApply(body -> null);
    }

    public CompletableFuture<Void> stop(String profileToken) {
        return call(OnvifRequest.stop(profileToken)).thenApply(body -> null);
    }

    public CompletableFuture<Void> absoluteMove(String profileToken, PtzVector position) {
        return call(OnvifRequest.absoluteMove(profileToken, position)).thenApply(body -> null);
    }

    public CompletableFuture<Void> relativeMove(String profileToken, PtzVector translation) {
        return call(OnvifRequest.relativeMove(profileToken, translation)).thenApply(body -> null);
    }

    public CompletableFuture<List<PtzPreset>> presets(String profileToken) {
        return call(OnvifRequest.getPresets(profileToken)).thenApply(OnvifAnswers::presets);
    }

    public CompletableFuture<Void> gotoPreset(String profileToken, String presetToken) {
        return call(OnvifRequest.gotoPreset(profileToken, presetToken)).thenApply(body -> null);
    }

    /** Saves the present position as a preset named {@code name} (or over {@code presetToken}); gives its token. */
    public CompletableFuture<String> setPreset(String profileToken, String name, String presetToken) {
        return call(OnvifRequest.setPreset(profileToken, name, presetToken))
                .thenApply(body -> unchecked(() -> OnvifAnswers.presetToken(body)));
    }

    public CompletableFuture<Void> removePreset(String profileToken, String presetToken) {
        return call(OnvifRequest.removePreset(profileToken, presetToken)).thenApply(body -> null);
    }

    public CompletableFuture<PtzStatus> ptzStatus(String profileToken) {
        return call(OnvifRequest.getStatus(profileToken)).thenApply(OnvifAnswers::status);
    }

    public CompletableFuture<PullPoint> createPullPoint(int seconds) {
        return call(OnvifRequest.createPullPointSubscription(seconds))
                .thenApply(body -> unchecked(() -> OnvifAnswers.pullPoint(body)));
    }

    /** Waits on the device up to {@code timeoutSeconds} for events of the subscription at {@code address}. */
    public CompletableFuture<List<OnvifNotification>> pullMessages(String address, int timeoutSeconds, int limit) {
        return pull(address, timeoutSeconds, limit).thenApply(Pulled::notifications);
    }

    /** What one PullMessages gave: the answer as the device sent it (to keep), and its notifications. */
    public record Pulled(byte[] answer, List<OnvifNotification> notifications) {
    }

    /** PullMessages, keeping the device's own bytes beside what was read from them. */
    public CompletableFuture<Pulled> pull(String address, int timeoutSeconds, int limit) {
        byte[][] raw = new byte[1][];
        return subscription(address, OnvifRequest.pullMessages(timeoutSeconds, limit), raw)
                .thenApply(body -> new Pulled(raw[0], OnvifAnswers.notifications(body)));
    }

    /** Extends the subscription at {@code address}; gives the new termination time where the device says. */
    public CompletableFuture<Instant> renew(String address, int seconds) {
        return subscription(address, OnvifRequest.renew(seconds)).thenApply(OnvifAnswers::terminationTime);
    }

    public CompletableFuture<Void> unsubscribe(String address) {
        return subscription(address, OnvifRequest.unsubscribe()).thenApply(body -> null);
    }

    private CompletableFuture<XmlElement> subscription(String address, OnvifRequest request) {
        return subscription(address, request, null);
    }

    private CompletableFuture<XmlElement> subscription(String address, OnvifRequest request, byte[][] raw) {
        URI target;
        try {
            target = new URI(reachable(address));
        } catch (URISyntaxException e) {
            return CompletableFuture.failedFuture(new OnvifException(OnvifException.Kind.MALFORMED,
                    "the subscription address is no URL: " + address));
        }
        return signed(target, request, Notifications.addressing(request, address), raw);
    }

    /** Calls {@code request} at its service, signed; the service must be one the device offers. */
    public CompletableFuture<XmlElement> call(OnvifRequest request) {
        if (request.service() == OnvifService.DEVICE) {
            return signed(deviceUrl, request);
        }
        return services().thenCompose(found -> {
            String xaddr = found.get(request.service());
            if (xaddr == null) {
                return CompletableFuture.failedFuture(new OnvifException(OnvifException.Kind.NOT_SUPPORTED,
                        "the device offers no " + request.service().name().toLowerCase(java.util.Locale.ROOT)
                        + " service, needed for " + request.operation()));
            }
            return signed(URI.create(xaddr), request);
        });
    }

    private CompletableFuture<XmlElement> signed(URI target, OnvifRequest request) {
        return signed(target, request, null, null);
    }

    /** Sends {@code request} signed; {@code raw}, when given, receives the answer's bytes. */
    private CompletableFuture<XmlElement> signed(URI target, OnvifRequest request, String headers, byte[][] raw) {
        if (username == null) {
            return send(target, request, null, headers, raw);
        }
        CompletableFuture<Void> ready = clockOffset == null ? systemDateAndTime().thenApply(t -> null)
                : CompletableFuture.completedFuture(null);
        return ready.thenCompose(v -> send(target, request, token(), headers, raw)).exceptionallyCompose(e -> {
            OnvifException cause = cause(e);
            if (cause.kind() != OnvifException.Kind.NOT_AUTHORIZED) {
                return CompletableFuture.failedFuture(cause);
            }
            Duration before = clockOffset;
            return systemDateAndTime().exceptionally(t -> null).thenCompose(device -> {
                Duration after = clockOffset;
                if (device != null && before != null && after.minus(before).abs().compareTo(CLOCK_TOLERANCE) > 0) {
                    return send(target, request, token(), headers, raw);
                }
                return CompletableFuture.failedFuture(refused());
            });
        });
    }

    private OnvifException refused() {
        Duration offset = clockOffset;
        if (offset != null && offset.abs().compareTo(Duration.ofMinutes(5)) > 0) {
            return new OnvifException(OnvifException.Kind.CLOCK_SKEW, "the device refused the login and its clock is "
                    + Math.round(offset.toMillis() / 1000.0) + " s from the hub's: check the password, and set the "
                    + "camera's clock (NTP), since some cameras check a login against their own clock");
        }
        return new OnvifException(OnvifException.Kind.NOT_AUTHORIZED, "the device refused user '" + username
                + "': wrong user name or password");
    }

    private String token() {
        byte[] nonce = new byte[16];
        NONCES.nextBytes(nonce);
        Duration offset = clockOffset == null ? Duration.ZERO : clockOffset;
        return UsernameToken.header(username, password, nonce, clock.instant().plus(offset));
    }

    private CompletableFuture<XmlElement> send(URI target, OnvifRequest request, String security, String headers,
            byte[][] raw) {
        byte[] bytes = Soap.envelope(security, headers, request.body()).getBytes(StandardCharsets.UTF_8);
        String contentType = Soap.CONTENT_TYPE + "; action=\"" + request.action() + "\"";
        Authenticator known = digest;
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        return http.post(target, contentType, bytes, known == null ? null : known.authorization("POST", path))
                .thenCompose(answer -> {
                    if (answer.status() == 401 && answer.challenge() != null && username != null) {
                        Authenticator fresh;
                        try {
                            fresh = Authenticator.forChallenge(answer.challenge(), username, password);
                        } catch (IllegalArgumentException e) {
                            return CompletableFuture.failedFuture(new OnvifException(
                                    OnvifException.Kind.NOT_AUTHORIZED, "the device asks for HTTP authentication "
                                    + "the hub cannot give: " + e.getMessage()));
                        }
                        digest = fresh;
                        byte[] plain = Soap.envelope(null, headers, request.body()).getBytes(StandardCharsets.UTF_8);
                        return http.post(target, contentType, plain, fresh.authorization("POST", path));
                    }
                    return CompletableFuture.completedFuture(answer);
                }).thenApply(answer -> {
                    XmlElement body = unchecked(() -> read(answer, request));
                    if (raw != null) {
                        raw[0] = answer.body();
                    }
                    return body;
                });
    }

    private XmlElement read(HttpAnswer answer, OnvifRequest request) throws OnvifException {
        if (answer.status() == 401 || answer.status() == 403) {
            if (Soap.looksLikeXml(answer.body())) {
                Optional<SoapFault> fault = Soap.fault(answer.body());
                if (fault.isPresent()) {
                    throw fault.get().toException();
                }
            }
            throw new OnvifException(OnvifException.Kind.NOT_AUTHORIZED, "the device answered HTTP "
                    + answer.status() + " to " + request.operation() + ": wrong user name or password");
        }
        if (answer.status() != 200 && !Soap.looksLikeXml(answer.body())) {
            throw new OnvifException(answer.status() == 404 || answer.status() == 405
                    ? OnvifException.Kind.NOT_SUPPORTED : OnvifException.Kind.UNREACHABLE, "the device answered HTTP "
                    + answer.status() + " to " + request.operation());
        }
        return Soap.body(answer.body(), request.response());
    }

    /**
     * {@code address} with the host the hub reached the device at, where the device named another: cameras behind
     * NAT or with a second interface announce addresses the hub cannot reach.
     */
    public String reachable(String address) {
        try {
            URI given = new URI(address.strip());
            if (given.getHost() == null || given.getHost().equalsIgnoreCase(deviceUrl.getHost())) {
                return given.toString();
            }
            return new URI(given.getScheme(), given.getUserInfo(), deviceUrl.getHost(), given.getPort(),
                    given.getPath(), given.getQuery(), given.getFragment()).toString();
        } catch (URISyntaxException e) {
            return address.strip();
        }
    }

    private static OnvifException cause(Throwable e) {
        Throwable at = e;
        while ((at instanceof CompletionException || at instanceof java.util.concurrent.ExecutionException)
                && at.getCause() != null) {
            at = at.getCause();
        }
        return at instanceof OnvifException onvif ? onvif
                : new OnvifException(OnvifException.Kind.UNREACHABLE, String.valueOf(at.getMessage()));
    }

    private interface Reading<T> {
        T read() throws OnvifException;
    }

    private static <T> T unchecked(Reading<T> reading) {
        try {
            return reading.read();
        } catch (OnvifException e) {
            throw new CompletionException(e);
        }
    }

    /** The {@link OnvifException} behind a failed future's throwable (for callers composing on these futures). */
    public static OnvifException failure(Throwable e) {
        return cause(e);
    }
}
