package org.sharpeyes.hub.gb28181;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.sharpeyes.adapters.gb28181.manscdp.Manscdp;
import org.sharpeyes.adapters.gb28181.manscdp.ManscdpException;
import org.sharpeyes.adapters.gb28181.manscdp.XmlNode;
import org.sharpeyes.adapters.gb28181.sip.SipDigest;
import org.sharpeyes.adapters.gb28181.sip.SipHeaders;
import org.sharpeyes.adapters.gb28181.sip.SipMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar of GB/T 28181 devices. A REGISTER without credentials is challenged (Digest, MD5, qop=auth, in the
 * hub's SIP domain); one with them is checked against the device's own password (the point's credentials) or the
 * hub's {@code sip.password}, and answered with the Date devices set their clocks by. Expires 0 unregisters. A
 * device stays online while keepalive MESSAGEs come: it goes offline once three keepalive intervals pass without
 * one, or its registration runs out. Other MANSCDP messages from a registered device go to the listener. Runs on the
 * SIP event loop.
 */
final class GbRegistrar implements SipTransactions.Above {

    private static final Logger LOG = LoggerFactory.getLogger(GbRegistrar.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final Duration NONCE_LIFE = Duration.ofMinutes(5);
    private static final int MISSED_KEEPALIVES = 3;
    private static final int MIN_EXPIRES = 60;
    private static final int MAX_EXPIRES = 86_400;

    /** What follows a device's state. Called on the SIP event loop; blocking work goes elsewhere. */
    interface Listener {
        void online(GbDevice device);

        void offline(GbDevice device, String reason);

        /**
         * A MANSCDP body other than a keepalive from a registered device (already answered 200 OK), in a MESSAGE or
         * (under a subscription) a NOTIFY: {@code method} says which.
         */
        void message(GbDevice device, String method, XmlNode body, byte[] raw);
    }

    private final GbSettings settings;
    private final SipTransactions transactions;
    private final Function<String, CompletableFuture<String>> passwords;
    private final Listener listener;
    private final Clock clock;
    private final Map<String, GbDevice> devices = new ConcurrentHashMap<>();
    private final Map<String, Instant> nonces = new HashMap<>();
    private final Counter refused;
    private final Counter badBodies;

    /** {@code passwords} gives a device's own password, or null for the hub's; it may complete on any thread. */
    GbRegistrar(GbSettings settings, SipTransactions transactions,
            Function<String, CompletableFuture<String>> passwords, Listener listener, Clock clock,
            MeterRegistry metrics) {
        this.settings = settings;
        this.transactions = transactions;
        this.passwords = passwords;
        this.listener = listener;
        this.clock = clock;
        this.refused = Counter.builder("gb28181_registrations_refused_total")
                .description("REGISTER requests refused for a wrong password or a malformed request")
                .register(metrics);
        this.badBodies = Counter.builder("gb28181_malformed_bodies_total")
                .description("MANSCDP bodies that could not be read").register(metrics);
        metrics.gauge("gb28181_devices_online", devices, all -> all.values().stream().filter(GbDevice::online)
                .count());
    }

    /** Starts the sweep that takes silent devices offline. */
    void start() {
        long period = Math.max(200, settings.keepaliveSeconds() * 1000L / 4);
        transactions.loop().scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** The devices ever registered since start, online or not. */
    Collection<GbDevice> devices() {
        return List.copyOf(devices.values());
    }

    GbDevice device(String id) {
        return devices.get(id);
    }

    @Override
    public void request(SipTransactions.ServerTransaction transaction) {
        String method = transaction.request().method();
        switch (method) {
            case "REGISTER" -> register(transaction);
            case "MESSAGE", "NOTIFY" -> message(transaction);
            case "OPTIONS" -> transaction.respond(200, "OK");
            default -> transaction.respond(405, "Method Not Allowed",
                    response -> response.add("Allow", "REGISTER, MESSAGE, NOTIFY, OPTIONS"));
        }
    }

    private void register(SipTransactions.ServerTransaction transaction) {
        SipMessage request = transaction.request();
        String id = deviceId(request);
        if (id == null) {
            refused.increment();
            transaction.respond(400, "Bad Request: From has no 20-digit device ID");
            return;
        }
        String authorization = request.header("Authorization");
        String nonce = authorization == null ? null : SipDigest.parameters(authorization).get("nonce");
        Instant now = clock.instant();
        nonces.values().removeIf(issued -> issued.plus(NONCE_LIFE).isBefore(now));
        if (nonce == null || !nonces.containsKey(nonce)) {
            challenge(transaction, authorization != null);
            return;
        }
        passwords.apply(id).whenComplete((own, error) -> transactions.loop().execute(() -> {
            String password = own != null ? own : settings.password();
            if (error != null || !SipDigest.verify(authorization, "REGISTER", nonce, password)) {
                refused.increment();
                LOG.warn("GB/T 28181 device {} at {} gave a wrong password", id, transaction.from());
                transaction.respond(403, "Forbidden");
                return;
            }
            nonces.remove(nonce);
            registered(transaction, id, expires(request));
        }));
    }

    private void challenge(SipTransactions.ServerTransaction transaction, boolean stale) {
        String nonce = SipDigest.nonce();
        nonces.put(nonce, clock.instant());
        String challenge = SipDigest.challenge(settings.domain(), nonce) + (stale ? ", stale=TRUE" : "");
        transaction.respond(401, "Unauthorized", response -> response.add("WWW-Authenticate", challenge));
    }

    private void registered(SipTransactions.ServerTransaction transaction, String id, int expires) {
        Instant now = clock.instant();
        GbDevice device = devices.computeIfAbsent(id, GbDevice::new);
        SipMessage request = transaction.request();
        transaction.respond(200, "OK", response -> {
            if (request.header("Contact") != null) {
                response.add("Contact", request.header("Contact"));
            }
            response.add("Expires", String.valueOf(expires));
            response.add("Date", LocalDateTime.now(clock.withZone(settings.zone())).format(DATE));
        });
        if (expires == 0) {
            if (device.online()) {
                device.offline();
                listener.offline(device, "unregistered");
            }
            return;
        }
        boolean wasOnline = device.online();
        device.registered(transaction.from(), now, now.plusSeconds(expires));
        if (!wasOnline) {
            LOG.info("GB/T 28181 device {} registered from {} for {} s", id, transaction.from(), expires);
            listener.online(device);
        }
    }

    private void message(SipTransactions.ServerTransaction transaction) {
        SipMessage request = transaction.request();
        XmlNode body;
        try {
            body = Manscdp.parse(request.body());
        } catch (ManscdpException e) {
            badBodies.increment();
            LOG.warn("GB/T 28181 {} from {}: {}", request.method(), transaction.from(), e.getMessage());
            transaction.respond(400, "Bad Request: " + e.getMessage().replaceAll("[\\r\\n]", " "));
            return;
        }
        String id = deviceId(request);
        GbDevice device = id == null ? null : devices.get(id);
        boolean notify = "NOTIFY".equals(request.method());
        if (device == null || !device.online()) {
            // An unknown device is told so, which makes it register again (a hub restarted since it did); a
            // NOTIFY's subscription ended with the registration.
            transaction.respond(notify ? 481 : 403, notify ? "Subscription Does Not Exist"
                    : "Forbidden: not registered");
            return;
        }
        transaction.respond(200, "OK");
        device.seen(transaction.from(), clock.instant());
        if (!"Keepalive".equalsIgnoreCase(body.at("CmdType"))) {
            listener.message(device, request.method(), body, request.body());
        }
    }

    private void sweep() {
        Instant now = clock.instant();
        Duration silence = Duration.ofSeconds((long) settings.keepaliveSeconds() * MISSED_KEEPALIVES);
        for (GbDevice device : devices.values()) {
            if (!device.online()) {
                continue;
            }
            String reason = null;
            if (now.isAfter(device.expiresAt())) {
                reason = "registration expired";
            } else if (now.isAfter(device.lastSeen().plus(silence))) {
                reason = MISSED_KEEPALIVES + " keepalives missed (none for " + silence.toSeconds() + " s)";
            }
            if (reason != null) {
                device.offline();
                LOG.info("GB/T 28181 device {} offline: {}", device.id(), reason);
                listener.offline(device, reason);
            }
        }
    }

    /** The 20-digit device ID in From's URI, or null. */
    static String deviceId(SipMessage request) {
        String from = request.header("From");
        String user = from == null ? null : SipHeaders.user(SipHeaders.uri(from));
        return user != null && user.matches("\\d{20}") ? user : null;
    }

    private static int expires(SipMessage request) {
        String value = request.header("Expires");
        String contact = request.header("Contact");
        if (contact != null && SipHeaders.parameter(contact, "expires") != null) {
            value = SipHeaders.parameter(contact, "expires");
        }
        try {
            int seconds = value == null ? 3600 : Integer.parseInt(value.trim());
            return seconds == 0 ? 0 : Math.max(MIN_EXPIRES, Math.min(MAX_EXPIRES, seconds));
        } catch (NumberFormatException e) {
            return 3600;
        }
    }
}
