package org.sharpeyes.hub.gb28181;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.sharpeyes.adapters.gb28181.manscdp.Manscdp;
import org.sharpeyes.adapters.gb28181.manscdp.ManscdpException;
import org.sharpeyes.adapters.gb28181.manscdp.PtzCmd;
import org.sharpeyes.adapters.gb28181.manscdp.XmlNode;
import org.sharpeyes.adapters.gb28181.sip.SipDigest;
import org.sharpeyes.adapters.gb28181.sip.SipHeaders;
import org.sharpeyes.adapters.gb28181.sip.SipMessage;
import org.sharpeyes.hub.dispatch.AuditAction;
import org.sharpeyes.hub.dispatch.AuditLog;
import org.sharpeyes.hub.dispatch.DispatchNotices;
import org.sharpeyes.hub.dispatch.PtzCommand;
import org.sharpeyes.hub.dispatch.PtzControl;
import org.sharpeyes.hub.dispatch.PtzLocks;
import org.sharpeyes.hub.dispatch.Tier;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointQuery;
import org.sharpeyes.hub.registry.PointStatus;
import org.sharpeyes.hub.registry.PointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub as a lower platform of the one above: it registers with Digest (as its own ID) over UDP or over a TCP
 * connection it opens, renews at four fifths of the registration, sends keepalives, and registers again with back-off
 * after three unanswered keepalives, a refusal or a lost connection. A 3xx answer (GB/T 28181-2022's registration
 * redirect) sends it to the address in the Contact, until a failure there sends it back to the configured one. It answers the superior's Catalog query with the cameras of the configured region subtree, a few items per
 * MESSAGE, each sent once the one before it is answered (an NVR's pace, which superiors expect), and its DeviceInfo
 * and DeviceStatus. Runs on the SIP event loop; the registry is read on the blocking executor.
 */
final class GbUpstream {

    private static final Logger LOG = LoggerFactory.getLogger(GbUpstream.class);
    private static final int ITEMS_PER_MESSAGE = 20;
    private static final int MISSED_KEEPALIVES = 3;
    private static final long MAX_BACKOFF_MILLIS = 60_000;
    private static final int MAX_REDIRECTS = 3;

    private final GbSettings settings;
    private final GbUpstreamSettings upstream;
    private final SipTransactions transactions;
    private final PointStore points;
    private final Executor blocking;
    private final AtomicLong cseq = new AtomicLong(1);
    private final UpstreamPlays plays;
    private final String callId = SipResponses.tag() + "@sharpeyes";
    private final String fromTag = SipResponses.tag();
    private final InetSocketAddress configured;
    private InetSocketAddress target;
    private int redirects;
    private SipEndpoint endpoint;
    private SipPeer peer;
    private String contactHost;
    private int contactPort;
    private ScheduledFuture<?> renewal;
    private ScheduledFuture<?> keepalives;
    private volatile boolean registered;
    private int missed;
    private volatile PtzLocks locks;
    private volatile PtzControl cameras;
    private volatile AuditLog audit;
    private volatile DispatchNotices notices;
    private int failures;
    private boolean closed;

    GbUpstream(GbSettings settings, GbUpstreamSettings upstream, SipTransactions transactions, PointStore points,
            Executor blocking) {
        this.settings = settings;
        this.upstream = upstream;
        this.transactions = transactions;
        this.points = points;
        this.blocking = blocking;
        this.plays = new UpstreamPlays(settings, upstream.catalogRegion(), points, blocking);
        this.configured = InetSocketAddress.createUnresolved(upstream.host(), upstream.port());
        this.target = configured;
    }

    /** The superior's SIP ID. */
    String id() {
        return upstream.id();
    }

    /** The plays of the platform above, served from the paths. */
    UpstreamPlays plays() {
        return plays;
    }

    /** Starts registering with the superior from the hub's SIP port; {@code host} and the port go in our Contact. */
    void start(SipEndpoint sip, String host) {
        this.endpoint = sip;
        this.contactHost = host;
        this.contactPort = sip.port();
        transactions.loop().execute(this::register);
    }

    boolean registered() {
        return registered;
    }

    /** Whether a request comes from the superior (its ID in From). */
    boolean isFrom(SipMessage request) {
        return upstream.id().equals(GbRegistrar.deviceId(request));
    }

    void close() {
        plays.close();
        transactions.loop().execute(() -> {
            closed = true;
            cancel(renewal);
            cancel(keepalives);
            if (registered && peer != null) {
                send(registerRequest(0, null));
                registered = false;
            }
        });
    }

    private void register() {
        if (closed) {
            return;
        }
        if (peer == null || !peer.channel().isActive()) {
            connect();
            return;
        }
        send(registerRequest(upstream.expiresSeconds(), null)).thenCompose(answer -> answer.status() == 401
                || answer.status() == 407 ? send(registerRequest(upstream.expiresSeconds(), SipDigest.authorize(
                        answer.header(answer.status() == 401 ? "WWW-Authenticate" : "Proxy-Authenticate"),
                        settings.id(), upstream.password(), "REGISTER", registerUri(), 1)))
                : CompletableFuture.completedFuture(answer)).whenComplete((answer, error) -> transactions.loop()
                .execute(() -> registeredOrNot(answer, error)));
    }

    /** The socket to the superior: the hub's UDP one, or a new TCP connection whose loss brings a new registration. */
    private void connect() {
        InetSocketAddress address = new InetSocketAddress(target.getHostString(), target.getPort());
        if (!upstream.tcp()) {
            peer = new SipPeer(false, address, endpoint.udp());
            register();
            return;
        }
        endpoint.connect(address).whenComplete((connected, error) -> transactions.loop().execute(() -> {
            if (error != null) {
                registeredOrNot(null, error);
                return;
            }
            if (closed) {
                connected.channel().close();
                return;
            }
            peer = connected;
            connected.channel().closeFuture().addListener(lost -> transactions.loop().execute(() -> {
                if (peer == connected && !closed) {
                    LOG.warn("GB/T 28181: the TCP connection to the platform above ({}) closed; registering again",
                            upstream.id());
                    peer = null;
                    registered = false;
                    cancel(keepalives);
                    registerIn(1_000);
                }
            }));
            register();
        }));
    }

    private void registeredOrNot(SipMessage answer, Throwable error) {
        if (closed) {
            return;
        }
        if (error == null && answer.status() >= 300 && answer.status() < 400 && redirected(answer)) {
            return;
        }
        if (error == null && answer.status() >= 200 && answer.status() < 300) {
            boolean first = !registered;
            registered = true;
            failures = 0;
            redirects = 0;
            missed = 0;
            long renewIn = upstream.expiresSeconds() * 800L;
            registerIn(renewIn);
            if (first) {
                LOG.info("GB/T 28181: registered with the platform above, {} at {}:{}", upstream.id(),
                        upstream.host(), upstream.port());
                cancel(keepalives);
                keepalives = transactions.loop().scheduleAtFixedRate(this::keepalive, upstream.keepaliveSeconds(),
                        upstream.keepaliveSeconds(), TimeUnit.SECONDS);
            }
            return;
        }
        registered = false;
        cancel(keepalives);
        long backoff = Math.min(MAX_BACKOFF_MILLIS, 1_000L << Math.min(failures++, 6));
        LOG.warn("GB/T 28181: the platform above ({} at {}:{}) {}; trying again in {} s", upstream.id(),
                target.getHostString(), target.getPort(), error != null ? "did not answer: " + error.getMessage()
                        : "refused the registration: " + answer.status() + " " + answer.reason(), backoff / 1000);
        if (!target.equals(configured)) {
            // The address it redirected us to failed: ask the configured one again, which may redirect elsewhere.
            moveTo(configured);
        }
        registerIn(backoff);
    }

    /** One registration pending at a time, whichever path (renewal, back-off, lost connection) asked for it. */
    private void registerIn(long millis) {
        cancel(renewal);
        renewal = transactions.loop().schedule(this::register, millis, TimeUnit.MILLISECONDS);
    }

    /** Follows a 3xx to the host and port of its Contact; false when there is none to follow. */
    private boolean redirected(SipMessage answer) {
        String contact = answer.header("Contact");
        if (contact == null || redirects >= MAX_REDIRECTS) {
            LOG.warn("GB/T 28181: the platform above ({}) answered {} {} {}", upstream.id(), answer.status(),
                    answer.reason(), contact == null ? "without a Contact to go to" : "after " + MAX_REDIRECTS
                            + " redirects in a row");
            return false;
        }
        String hostPort = SipHeaders.hostPort(SipHeaders.uri(contact));
        int colon = hostPort.lastIndexOf(':');
        InetSocketAddress next;
        try {
            next = colon < 0 ? InetSocketAddress.createUnresolved(hostPort, 5060)
                    : InetSocketAddress.createUnresolved(hostPort.substring(0, colon),
                            Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            LOG.warn("GB/T 28181: the platform above ({}) redirected to '{}', which is no address", upstream.id(),
                    contact);
            return false;
        }
        redirects++;
        LOG.info("GB/T 28181: the platform above ({}) redirects the registration to {}:{}", upstream.id(),
                next.getHostString(), next.getPort());
        moveTo(next);
        register();
        return true;
    }

    private void moveTo(InetSocketAddress address) {
        target = address;
        if (peer != null && peer.tcp()) {
            SipPeer old = peer;
            peer = null;
            old.channel().close();
        } else {
            peer = null;
        }
    }

    private void keepalive() {
        if (!registered || closed) {
            return;
        }
        XmlNode body = Manscdp.message("Notify", "Keepalive", cseq.get(), settings.id()).with("Status", "OK");
        send(message(body)).whenComplete((answer, error) -> transactions.loop().execute(() -> {
            if (error == null && answer.status() < 300) {
                missed = 0;
                return;
            }
            if (++missed >= MISSED_KEEPALIVES || (answer != null && answer.status() >= 400)) {
                LOG.warn("GB/T 28181: the platform above stopped answering keepalives; registering again");
                registered = false;
                cancel(keepalives);
                cancel(renewal);
                register();
            }
        }));
    }

    /** A request from the superior (already known to be from it): its queries, answered. */
    void request(SipTransactions.ServerTransaction transaction) {
        SipMessage request = transaction.request();
        if ("INVITE".equals(request.method())) {
            plays.invite(transaction);
            return;
        }
        if ("BYE".equals(request.method())) {
            boolean known = plays.bye(request);
            transaction.respond(known ? 200 : 481, known ? "OK" : "Call/Transaction Does Not Exist");
            return;
        }
        if (!"MESSAGE".equals(request.method())) {
            transaction.respond(405, "Method Not Allowed", response -> response.add("Allow",
                    "MESSAGE, INVITE, ACK, BYE"));
            return;
        }
        XmlNode query;
        try {
            query = Manscdp.parse(request.body());
        } catch (ManscdpException e) {
            transaction.respond(400, "Bad Request: " + e.getMessage().replaceAll("[\\r\\n]", " "));
            return;
        }
        String type = query.at("CmdType") == null ? "" : query.at("CmdType").toLowerCase(Locale.ROOT);
        if (type.equals("recordinfo")) {
            // Recording comes later: the superior hears so now rather than waiting for an answer that never comes.
            transaction.respond(501, "Not Implemented: the hub keeps no recordings yet");
            return;
        }
        transaction.respond(200, "OK");
        long sn = number(query.at("SN"));
        switch (type) {
            case "devicecontrol" -> blocking.execute(() -> control(query));
            case "catalog" -> blocking.execute(() -> catalog(sn));
            case "deviceinfo" -> blocking.execute(() -> send(message(Manscdp.message("Response", "DeviceInfo", sn,
                    settings.id()).with("DeviceName", "Sharp Eyes Hub").with("Result", "OK")
                    .with("Manufacturer", "SharpEyes").with("Model", "Hub").with("Firmware", "0.1")
                    .with("Channel", points.count()))));
            case "devicestatus" -> send(message(Manscdp.message("Response", "DeviceStatus", sn, settings.id())
                    .with("Result", "OK").with("Online", "ONLINE").with("Status", "OK")));
            default -> LOG.info("GB/T 28181: the platform above asked {}, which the hub does not answer", type);
        }
    }

    /**
     * Where the superior's PTZ goes: the locks it takes (ranked above the county), the cameras, the audit log its
     * takes are written to, and the notices that tell a center it lost a camera.
     */
    void ptz(PtzLocks given, PtzControl control, AuditLog log, DispatchNotices centers) {
        this.locks = given;
        this.cameras = control;
        this.audit = log;
        this.notices = centers;
    }

    /**
     * The superior's PTZ: a camera of the region subtree, under the tier locks with the superior ranked above the
     * county (it takes the camera from any center; no center takes it back until its lock lapses). Refused commands
     * are logged: GB/T 28181 gives PTZ no answer beyond the MESSAGE's 200 OK.
     */
    private void control(XmlNode query) {
        String code = query.at("DeviceID");
        String hex = query.at("PTZCmd");
        PtzLocks lockTable = locks;
        if (hex == null || code == null || lockTable == null) {
            return;
        }
        Point point = points.find(code).filter(p -> upstream.catalogRegion().isEmpty()
                || p.regionCode().startsWith(upstream.catalogRegion())).orElse(null);
        if (point == null) {
            LOG.info("GB/T 28181: the platform above sent PTZ for {}, which is not in its catalog region", code);
            return;
        }
        PtzCommand command;
        try {
            command = GbPtzControl.command(PtzCmd.parse(hex));
        } catch (ManscdpException e) {
            LOG.info("GB/T 28181: the platform above sent a broken PTZ command for {}: {}", code, e.getMessage());
            return;
        }
        if (command == null) {
            return;
        }
        String us = "gb28181:" + upstream.id();
        boolean held = lockTable.holder(code).map(holder -> holder.username().equals(us)).orElse(false);
        PtzLocks.Outcome outcome = lockTable.acquire(code, us, upstream.id(), Tier.SUPERIOR);
        if (!outcome.granted()) {
            LOG.info("GB/T 28181: PTZ of {} from the platform above refused: held by {}", code,
                    outcome.holder().username());
            return;
        }
        if (outcome.previous() != null) {
            audit.record(us, null, AuditAction.PTZ_TAKEN_OVER, code, point.regionCode(), "from "
                    + outcome.previous().username() + " of " + outcome.previous().centerCode());
            Map<String, Object> notice = new LinkedHashMap<>();
            notice.put("type", "ptz");
            notice.put("event", "taken");
            notice.put("pointCode", code);
            notice.put("from", outcome.previous().username());
            notice.put("by", us);
            notice.put("byCenter", null);
            notices.send(outcome.previous().centerCode(), notice);
        } else if (!held) {
            audit.record(us, null, AuditAction.PTZ_TAKE, code, point.regionCode(), "the platform above, "
                    + command.action());
        }
        cameras.send(point, command).whenComplete((done, error) -> {
            if (error != null) {
                LOG.info("GB/T 28181: PTZ of {} from the platform above failed: {}", code, error.getMessage());
            }
        });
    }

    /** The cameras of the region subtree, in fragments, each sent after the one before is answered. */
    private void catalog(long sn) {
        String region = upstream.catalogRegion().isEmpty() ? null : upstream.catalogRegion();
        List<Point> cameras = new ArrayList<>();
        for (int page = 1; ; page++) {
            List<Point> found = points.search(new PointQuery(region, null, null, null, null, page, 500)).items();
            found.stream().filter(p -> p.type().hasVideo()).forEach(cameras::add);
            if (found.size() < 500) {
                break;
            }
        }
        List<XmlNode> fragments = new ArrayList<>();
        for (int from = 0; from < Math.max(1, cameras.size()); from += ITEMS_PER_MESSAGE) {
            XmlNode response = Manscdp.message("Response", "Catalog", sn, settings.id()).with("SumNum",
                    cameras.size());
            List<Point> part = cameras.subList(Math.min(from, cameras.size()), Math.min(from + ITEMS_PER_MESSAGE,
                    cameras.size()));
            XmlNode list = response.add(new XmlNode("DeviceList")).attribute("Num", String.valueOf(part.size()));
            part.forEach(point -> list.add(item(point)));
            fragments.add(response);
        }
        sendInTurn(fragments, 0);
    }

    private void sendInTurn(List<XmlNode> fragments, int index) {
        if (index >= fragments.size() || closed) {
            return;
        }
        send(message(fragments.get(index))).whenComplete((answer, error) -> {
            if (error != null) {
                LOG.warn("GB/T 28181: catalog fragment {} of {} to the platform above had no answer; stopping",
                        index + 1, fragments.size());
                return;
            }
            sendInTurn(fragments, index + 1);
        });
    }

    /** A point as a catalog item: its code, name, civil code (a township's as county + two digits), position. */
    private XmlNode item(Point point) {
        String civil = point.regionCode().length() >= 9 ? point.regionCode().substring(0, 6)
                + point.regionCode().substring(7, 9) : point.regionCode();
        XmlNode item = new XmlNode("Item").with("DeviceID", point.code()).with("Name", point.name())
                .with("Manufacturer", point.vendor() == null ? "" : point.vendor()).with("Model", "")
                .with("Owner", "").with("CivilCode", civil).with("Address", "").with("Parental", 0)
                .with("ParentID", settings.id()).with("SafetyWay", 0).with("RegisterWay", 1).with("Secrecy", 0)
                .with("Status", point.status() == PointStatus.ONLINE ? "ON" : "OFF")
                .with("Longitude", point.lon() == null ? "" : point.lon())
                .with("Latitude", point.lat() == null ? "" : point.lat());
        item.add(new XmlNode("Info")).with("PTZType", point.type().name().equals("PTZ_CAMERA") ? 1 : 3);
        return item;
    }

    private SipMessage registerRequest(int expires, String authorization) {
        SipMessage request = request("REGISTER", registerUri(), callId);
        request.set("To", "<sip:" + settings.id() + "@" + settings.domain() + ">");
        request.add("Contact", "<sip:" + settings.id() + "@" + contactHost + ":" + contactPort + ">");
        request.add("Expires", String.valueOf(expires));
        if (authorization != null) {
            request.add("Authorization", authorization);
        }
        return request;
    }

    private SipMessage message(XmlNode body) {
        SipMessage request = request("MESSAGE", "sip:" + upstream.id() + "@" + upstream.domain(),
                SipResponses.tag() + "@sharpeyes");
        return request.body(Manscdp.write(body), Manscdp.CONTENT_TYPE);
    }

    private SipMessage request(String method, String uri, String call) {
        SipMessage request = SipMessage.request(method, uri);
        request.add("Via", "SIP/2.0/" + peer.transport() + " " + contactHost + ":" + contactPort + ";rport;branch=z9hG4bK"
                + SipResponses.tag());
        request.add("From", "<sip:" + settings.id() + "@" + settings.domain() + ">;tag=" + fromTag);
        request.add("To", "<sip:" + upstream.id() + "@" + upstream.domain() + ">");
        request.add("Call-ID", call);
        request.add("CSeq", cseq.getAndIncrement() + " " + method);
        request.add("Max-Forwards", "70");
        request.add("User-Agent", "SharpEyesHub");
        return request;
    }

    private String registerUri() {
        return "sip:" + upstream.id() + "@" + upstream.domain();
    }

    private CompletableFuture<SipMessage> send(SipMessage request) {
        return transactions.send(request, peer);
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    private static long number(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "platform above " + upstream.id() + " at " + target.getHostString() + ":" + target.getPort() + " ("
                + (registered ? "registered" : "not registered") + ")";
    }
}
