package org.sharpeyes.hub.gb28181;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.util.Collection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.sharpeyes.adapters.gb28181.manscdp.Manscdp;
import org.sharpeyes.adapters.gb28181.manscdp.PtzCmd;
import org.sharpeyes.adapters.gb28181.manscdp.XmlNode;
import org.sharpeyes.adapters.gb28181.sip.SipHeaders;
import org.sharpeyes.adapters.gb28181.sip.SipMessage;
import org.sharpeyes.hub.registry.DeviceCredentials;
import org.sharpeyes.hub.registry.PointStore;
import org.sharpeyes.hub.registry.RegionTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GB/T 28181 device access as one piece: the SIP port, the transaction layer, the registrar, and what follows a
 * device's registration (its catalog queried and turned into points, its channels' status following its own).
 */
public final class GbService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GbService.class);
    /** How long an alarm subscription asks to last; it is renewed at four fifths of it. */
    private static final int SUBSCRIPTION_SECONDS = 3600;

    private final GbSettings settings;
    private final Clock clock;
    private final SipTransactions transactions;
    private final SipEndpoint endpoint;
    private final GbRegistrar registrar;
    private final GbCatalogs catalogs;
    private final GbDiagnosis diagnosis;
    private final List<GbUpstream> upstreams;
    private final java.util.Map<String, SipMessage> acks = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong(1);
    private volatile BiConsumer<String, byte[]> alarms = (source, body) -> { };
    private String advertisedHost;

    public GbService(GbSettings settings, List<GbUpstreamSettings> upstreamSettings, EventLoopGroup loops,
            PointStore points, Supplier<RegionTree> regions, Executor blocking, Clock clock, MeterRegistry metrics) {
        this.settings = settings;
        this.clock = clock;
        GbRegistrar[] registrarHolder = new GbRegistrar[1];
        List<GbUpstream> above = new ArrayList<>();
        // The superior's requests go to the lower-platform side, every other one to the registrar.
        this.transactions = new SipTransactions(loops.next(), new SipTransactions.Above() {
            @Override
            public void request(SipTransactions.ServerTransaction transaction) {
                GbUpstream superior = above.stream().filter(u -> u.isFrom(transaction.request())).findFirst()
                        .orElse(null);
                if (superior != null) {
                    superior.request(transaction);
                } else {
                    registrarHolder[0].request(transaction);
                }
            }

            @Override
            public void stray(SipMessage message, SipPeer from) {
                if ("ACK".equals(message.method())) {
                    above.forEach(superior -> superior.plays().ack(message));
                } else if (!message.isRequest() && message.status() < 300 && "INVITE".equals(message.cseqMethod())) {
                    // A device repeats its 2xx until the ACK arrives (RFC 3261 13.3.1.4): ours was lost, so again.
                    SipMessage ack = acks.get(message.header("Call-ID"));
                    if (ack != null) {
                        from.send(ack);
                    }
                }
            }
        });
        for (GbUpstreamSettings superior : upstreamSettings) {
            above.add(new GbUpstream(settings, superior, transactions, points, blocking));
        }
        this.upstreams = List.copyOf(above);
        this.catalogs = new GbCatalogs(points, regions, blocking, transactions.loop(), clock, metrics);
        this.diagnosis = new GbDiagnosis(clock);
        this.registrar = new GbRegistrar(settings, transactions, id -> CompletableFuture.supplyAsync(
                () -> points.credentials(id).map(DeviceCredentials::password).filter(p -> !p.isEmpty()).orElse(null),
                blocking), new Follower(), clock, metrics);
        registrarHolder[0] = registrar;
        this.endpoint = new SipEndpoint(loops, transactions, metrics.counter("gb28181_malformed_sip_total"));
    }

    /** Binds the SIP port on {@code host} (0 for any free port) and starts the keepalive sweep. */
    public void start(String host, int port) throws InterruptedException, BindException {
        endpoint.start(host, port);
        advertisedHost = advertised(host);
        registrar.start();
        upstreams.forEach(superior -> superior.start(endpoint, advertisedHost));
        LOG.info("GB/T 28181: SIP on {}:{} (UDP and TCP) as {} in domain {}", advertisedHost, endpoint.port(),
                settings.id(), settings.domain());
    }

    public int port() {
        return endpoint.port();
    }

    /** The timelines of the last play attempts of each channel. */
    public GbDiagnosis diagnosis() {
        return diagnosis;
    }

    public GbSettings settings() {
        return settings;
    }

    /** Every device registered since start. */
    public Collection<GbDevice> devices() {
        return registrar.devices();
    }

    public Optional<GbDevice> device(String id) {
        return Optional.ofNullable(registrar.device(id));
    }

    /** Told of each catalog written into the registry. */
    public void watchCatalogs(java.util.function.Consumer<GbCatalogs.Outcome> watcher) {
        catalogs.watch(watcher);
    }

    /**
     * Where devices' alarm notifications go: the alarm source's ID (an alarm input, a channel, or the device) and the
     * MANSCDP body as it came, which the {@code alarm.gb28181} dialect reads like the same XML over MQTT.
     */
    public void alarmsTo(BiConsumer<String, byte[]> sink) {
        this.alarms = sink;
    }

    /** The answer GB/T 28181 asks for after an alarm notification's 200 OK: a Response with Result OK. */
    private void answerAlarm(GbDevice device, XmlNode notify) {
        XmlNode body = Manscdp.message("Response", "Alarm", parseSn(notify.at("SN")), notify.at("DeviceID"))
                .with("Result", "OK");
        SipMessage request = request("MESSAGE", device, device.id());
        request.body(Manscdp.write(body), Manscdp.CONTENT_TYPE);
        transactions.send(request, device.peer());
    }

    private static long parseSn(String sn) {
        try {
            return sn == null ? 0 : Long.parseLong(sn.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Asks a registered device for its catalog; the answer comes as MESSAGEs and becomes points. */
    public CompletableFuture<SipMessage> queryCatalog(GbDevice device) {
        return query(device, "Catalog");
    }

    private CompletableFuture<SipMessage> query(GbDevice device, String cmdType) {
        XmlNode body = Manscdp.message("Query", cmdType, sequence.getAndIncrement(), device.id());
        SipMessage request = request("MESSAGE", device, device.id());
        request.body(Manscdp.write(body), Manscdp.CONTENT_TYPE);
        return transactions.send(request, device.peer());
    }

    /**
     * Subscribes to a device's alarms (GB/T 28181 9.11): a SUBSCRIBE with {@code Event: presence} and a Query of
     * CmdType Alarm for every priority and method, renewed at four fifths of what the device grants. A device that
     * refuses still sends its alarms as MESSAGEs, which the hub takes the same way; how it stands is kept on the
     * device for the diagnosis.
     */
    void subscribeAlarms(GbDevice device) {
        subscribeAlarms(device, null, null);
    }

    /** A new subscription, or (given the last SUBSCRIBE and its answer) its refresh within the same dialog. */
    private void subscribeAlarms(GbDevice device, SipMessage last, SipMessage lastAnswer) {
        XmlNode body = Manscdp.message("Query", "Alarm", sequence.getAndIncrement(), device.id())
                .with("StartAlarmPriority", 0).with("EndAlarmPriority", 0).with("AlarmMethod", 0);
        SipMessage request = request("SUBSCRIBE", device, device.id());
        if (last != null) {
            request.set("From", last.header("From"));
            request.set("To", lastAnswer.header("To"));
            request.set("Call-ID", last.header("Call-ID"));
            request.set("CSeq", (last.cseqNumber() + 1) + " SUBSCRIBE");
        }
        request.add("Contact", "<sip:" + settings.id() + "@" + advertisedHost + ":" + endpoint.port() + ">");
        request.add("Event", "presence");
        request.add("Expires", String.valueOf(SUBSCRIPTION_SECONDS));
        request.body(Manscdp.write(body), Manscdp.CONTENT_TYPE);
        transactions.send(request, device.peer()).whenComplete((answer, error) -> transactions.loop().execute(() -> {
            if (!device.online()) {
                return;
            }
            if (error != null) {
                device.alarmSubscription("not answered: " + error.getMessage(), null);
                return;
            }
            if (answer.status() >= 300 && last != null) {
                // The device forgot the dialog (restarted, say): a new subscription.
                subscribeAlarms(device);
                return;
            }
            if (answer.status() >= 300) {
                device.alarmSubscription("refused: " + answer.status() + " " + answer.reason()
                        + "; its alarms come as MESSAGEs", null);
                LOG.info("GB/T 28181 device {} refused the alarm subscription: {} {}", device.id(), answer.status(),
                        answer.reason());
                return;
            }
            int granted = SUBSCRIPTION_SECONDS;
            try {
                granted = answer.header("Expires") == null ? granted : Integer.parseInt(answer.header("Expires")
                        .trim());
            } catch (NumberFormatException e) {
                LOG.debug("GB/T 28181 device {} granted a subscription of '{}' s", device.id(),
                        answer.header("Expires"));
            }
            long renewIn = Math.max(5, granted) * 800L;
            device.alarmSubscription("active, " + granted + " s from " + clock.instant().truncatedTo(
                    java.time.temporal.ChronoUnit.SECONDS), transactions.loop().schedule(() -> subscribeAlarms(device,
                    request, answer), renewIn, java.util.concurrent.TimeUnit.MILLISECONDS));
        }));
    }

    /** Sends a PTZ command to {@code channelId} through its device; completes with the device's answer. */
    CompletableFuture<SipMessage> control(GbDevice device, String channelId, PtzCmd cmd) {
        XmlNode body = Manscdp.message("Control", "DeviceControl", sequence.getAndIncrement(), channelId)
                .with("PTZCmd", cmd.hex());
        body.add(new XmlNode("Info")).with("ControlPriority", 5);
        SipMessage request = request("MESSAGE", device, channelId);
        request.body(Manscdp.write(body), Manscdp.CONTENT_TYPE);
        return transactions.send(request, device.peer());
    }

    /** A request from the hub to {@code target} (a device or one of its channels) at the device's address. */
    private SipMessage request(String method, GbDevice device, String target) {
        SipMessage request = SipMessage.request(method, "sip:" + target + "@" + hostPort(device));
        request.add("Via", "SIP/2.0/" + device.peer().transport() + " " + advertisedHost + ":" + endpoint.port()
                + ";rport;branch=z9hG4bK" + SipResponses.tag());
        request.add("From", "<sip:" + settings.id() + "@" + settings.domain() + ">;tag=" + SipResponses.tag());
        request.add("To", "<sip:" + target + "@" + settings.domain() + ">");
        request.add("Call-ID", SipResponses.tag() + "@" + advertisedHost);
        request.add("CSeq", sequence.getAndIncrement() + " " + method);
        request.add("Max-Forwards", "70");
        request.add("User-Agent", "SharpEyesHub");
        return request;
    }

    /**
     * Asks a device to play {@code channelId} to the SDP {@code offer}; completes with the dialog once it answers
     * 2xx (the ACK already sent), or fails with the device's refusal or the transaction's timeout.
     */
    CompletableFuture<GbDialog> invite(GbDevice device, String channelId, String ssrc, String offer) {
        SipMessage invite = request("INVITE", device, channelId);
        invite.add("Contact", "<sip:" + settings.id() + "@" + advertisedHost + ":" + endpoint.port() + ">");
        invite.add("Subject", channelId + ":" + ssrc + "," + settings.id() + ":0");
        invite.body(offer.getBytes(java.nio.charset.StandardCharsets.UTF_8), "APPLICATION/SDP");
        return transactions.send(invite, device.peer()).thenCompose(answer -> {
            if (answer.status() >= 300) {
                return CompletableFuture.failedFuture(new IllegalStateException("the device answered the INVITE "
                        + answer.status() + " " + answer.reason()));
            }
            GbDialog dialog = new GbDialog(device, invite, answer);
            SipMessage ack = inDialog(dialog, "ACK", invite.cseqNumber());
            acks.put(dialog.callId(), ack);
            transactions.sendStateless(ack, device.peer());
            return CompletableFuture.completedFuture(dialog);
        });
    }

    /** Ends a play session; the device's answer does not matter, as the hub stops reading either way. */
    void bye(GbDialog dialog) {
        acks.remove(dialog.callId());
        transactions.send(inDialog(dialog, "BYE", dialog.invite().cseqNumber() + 1), dialog.device().peer())
                .whenComplete((answer, error) -> {
                    if (error != null) {
                        LOG.debug("GB/T 28181 BYE to {} had no answer: {}", dialog.device().id(), error.toString());
                    }
                });
    }

    /** A request within a dialog: its Call-ID, both tags, the device's Contact as target, a new branch. */
    private SipMessage inDialog(GbDialog dialog, String method, long cseq) {
        SipMessage invite = dialog.invite();
        String contact = dialog.answer().header("Contact");
        String target = contact == null ? invite.uri() : SipHeaders.uri(contact);
        SipMessage request = SipMessage.request(method, target);
        request.add("Via", "SIP/2.0/" + dialog.device().peer().transport() + " " + advertisedHost + ":"
                + endpoint.port() + ";rport;branch=z9hG4bK" + SipResponses.tag());
        request.add("From", invite.header("From"));
        request.add("To", dialog.answer().header("To"));
        request.add("Call-ID", invite.header("Call-ID"));
        request.add("CSeq", cseq + " " + method);
        request.add("Max-Forwards", "70");
        return request;
    }

    /** A fresh SSRC for a live stream: 0, digits 4-8 of the domain, and a serial of four digits. */
    String nextSsrc() {
        return "0" + settings.domain().substring(3, 8) + String.format("%04d", sequence.getAndIncrement() % 10_000);
    }

    /** The address devices send media to. */
    String mediaHost() {
        return advertisedHost;
    }

    /** Makes the pull source of a {@code gb28181://device/channel} stream address. */
    public org.sharpeyes.hub.media.source.PullSources pullSources() {
        return (url, credentials, loop, stream, listener, stats, timeoutMillis) -> new GbPullSource(this, url, loop,
                stream, listener, stats, timeoutMillis);
    }

    private static String hostPort(GbDevice device) {
        return device.peer().address().getAddress().getHostAddress() + ":" + device.peer().address().getPort();
    }

    /** The address put in our Via and Call-ID: the bound one, or this machine's first site address. */
    private static String advertised(String host) {
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
            return host;
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress() && nic.isUp()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("no network interfaces to advertise: {}", e.toString());
        }
        return "127.0.0.1";
    }

    /** Lets the platform above play points from {@code paths}, its streams' sockets on {@code loops}. */
    public void mediaFrom(org.sharpeyes.hub.media.PathRegistry paths, EventLoopGroup loops,
            org.sharpeyes.hub.media.stream.ReaderPolicy policy) {
        upstreams.forEach(superior -> superior.plays().media(new UpstreamPlays.Media(paths, loops, policy,
                advertisedHost)));
    }

    /**
     * Lets the platform above steer cameras through {@code control} under {@code locks}, ranked above the county,
     * its takes audited and the centers it takes cameras from told.
     */
    public void ptzFrom(org.sharpeyes.hub.dispatch.PtzLocks locks, org.sharpeyes.hub.dispatch.PtzControl control,
            org.sharpeyes.hub.dispatch.AuditLog audit, org.sharpeyes.hub.dispatch.DispatchNotices notices) {
        upstreams.forEach(superior -> superior.ptz(locks, control, audit, notices));
    }

    /** Plays the platforms above have running now, all of them together. */
    public int upstreamPlays() {
        return upstreams.stream().mapToInt(superior -> superior.plays().playing()).sum();
    }

    /** Plays the platform above with SIP ID {@code id} has running now. */
    public int upstreamPlays(String id) {
        return upstreams.stream().filter(superior -> superior.id().equals(id))
                .mapToInt(superior -> superior.plays().playing()).sum();
    }

    /** Whether the hub is registered with the first platform above (false when none is configured). */
    public boolean registeredUpstream() {
        return !upstreams.isEmpty() && upstreams.get(0).registered();
    }

    /** Whether the hub is registered with the platform above whose SIP ID is {@code id}. */
    public boolean registeredUpstream(String id) {
        return upstreams.stream().anyMatch(superior -> superior.id().equals(id) && superior.registered());
    }

    @Override
    public void close() {
        upstreams.forEach(GbUpstream::close);
        endpoint.close();
    }

    /** Follows devices: a registration brings a catalog query, an offline device takes its channels along. */
    private final class Follower implements GbRegistrar.Listener {
        @Override
        public void online(GbDevice device) {
            for (String cmdType : new String[] {"Catalog", "DeviceInfo", "DeviceStatus"}) {
                query(device, cmdType).whenComplete((answer, error) -> {
                    if (error != null || answer.status() >= 300) {
                        LOG.warn("GB/T 28181 device {}: {} query {}", device.id(), cmdType, error != null
                                ? "had no answer: " + error.getMessage() : "refused: " + answer.status() + " "
                                + answer.reason());
                    }
                });
            }
            subscribeAlarms(device);
        }

        @Override
        public void offline(GbDevice device, String reason) {
            catalogs.deviceOffline(device);
        }

        @Override
        public void message(GbDevice device, String method, XmlNode body, byte[] raw) {
            String type = body.at("CmdType");
            boolean response = "Response".equalsIgnoreCase(body.name());
            if ("Catalog".equalsIgnoreCase(type) && response) {
                catalogs.fragment(device, body);
            } else if ("DeviceInfo".equalsIgnoreCase(type) && response) {
                device.info(fields(body));
            } else if ("DeviceStatus".equalsIgnoreCase(type) && response) {
                device.status(fields(body));
            } else if ("Alarm".equalsIgnoreCase(type) && "Notify".equalsIgnoreCase(body.name())) {
                String source = body.at("DeviceID") == null || body.at("DeviceID").isBlank() ? device.id()
                        : body.at("DeviceID");
                alarms.accept(source, raw);
                if ("MESSAGE".equals(method)) {
                    // Under a subscription the NOTIFY's 200 OK is the whole answer; a MESSAGE wants a Response too.
                    answerAlarm(device, body);
                }
            }
        }

        /** A response's simple fields by name (CmdType, SN and DeviceID left out), for DeviceInfo and DeviceStatus. */
        private java.util.Map<String, String> fields(XmlNode body) {
            java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
            for (XmlNode child : body.children()) {
                if (child.children().isEmpty() && child.text() != null && !java.util.Set.of("CmdType", "SN",
                        "DeviceID").contains(child.name())) {
                    fields.put(child.name(), child.text().strip());
                }
            }
            return fields;
        }
    }
}
