package org.sharpeyes.sim.gb28181;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.sharpeyes.adapters.gb28181.manscdp.Manscdp;
import org.sharpeyes.adapters.gb28181.manscdp.ManscdpException;
import org.sharpeyes.adapters.gb28181.manscdp.PtzCmd;
import org.sharpeyes.adapters.gb28181.manscdp.XmlNode;
import org.sharpeyes.adapters.gb28181.sip.SipDigest;
import org.sharpeyes.adapters.gb28181.sip.SipHeaders;
import org.sharpeyes.adapters.gb28181.sip.SipMessage;
import org.sharpeyes.adapters.gb28181.sip.SipParseException;
import org.sharpeyes.adapters.gb28181.sip.SipParser;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.PtzPosition;

/**
 * A simulated GB/T 28181 device over UDP: a camera (one channel, its own ID) or an NVR with channels. It registers
 * with digest, re-registers before its registration runs out, sends keepalives, and answers a Catalog query with
 * its channels, {@code catalogPerMessage} to a MESSAGE as NVRs do. Faults: a wrong password, and keepalives that
 * stop. Requests are retransmitted over UDP until answered, as a real device's SIP stack does.
 */
public final class GbDeviceSimulator implements AutoCloseable {

    /**
     * What the device is.
     *
     * @param id its 20-digit ID
     * @param password the password it registers with
     * @param channels its channels (0: it is a camera, its own ID the channel)
     * @param civilCode the civil code its channels are placed under (8 digits)
     * @param keepaliveSeconds how often it sends a keepalive
     * @param catalogPerMessage channels per Catalog response MESSAGE
     */
    public record Options(String id, String password, int channels, String civilCode, int keepaliveSeconds,
            int catalogPerMessage) {
    }

    private final EventLoopGroup loops;
    private final InetSocketAddress server;
    private final String serverId;
    private final Options options;
    private final Map<String, CompletableFuture<SipMessage>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong cseq = new AtomicLong(1);
    private final AtomicLong keepalivesSent = new AtomicLong();
    private final AtomicLong catalogsAnswered = new AtomicLong();
    private final AtomicLong ptzCommands = new AtomicLong();
    private final String callId = "sim" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong());
    private final String fromTag = tag();
    private final Map<String, GbMediaSession> sessions = new ConcurrentHashMap<>();
    private final ExecutorService media = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "gb-sim-media");
        thread.setDaemon(true);
        return thread;
    });
    private CameraServer camera;
    private VideoCodec codec = VideoCodec.H264;
    private Channel channel;
    private ScheduledFuture<?> keepalives;
    private volatile boolean keepaliveStopped;
    private volatile boolean natLike;
    private volatile boolean withoutMap;
    private volatile boolean refusesSubscriptions;
    private volatile boolean sound;
    private volatile boolean tcp;
    private volatile Subscription subscription;
    private final AtomicLong subscribes = new AtomicLong();
    private final AtomicLong refreshes = new AtomicLong();
    private volatile int grantSeconds = Integer.MAX_VALUE;
    private final AtomicLong alarmNotifies = new AtomicLong();

    /** The platform's alarm subscription: its SUBSCRIBE, our answer's To (with our tag), where it came from. */
    private record Subscription(SipMessage subscribe, String ourTo, InetSocketAddress from) {
    }

    public GbDeviceSimulator(EventLoopGroup loops, InetSocketAddress server, String serverId, Options options) {
        this.loops = loops;
        this.server = server;
        this.serverId = serverId;
        this.options = options;
    }

    /** Binds its UDP port on loopback, or over TCP connects to the server; returns its local port. */
    public int start() throws InterruptedException {
        channel = tcp ? SimSip.connectTcp(loops, server, Stream::new) : SimSip.bindUdp(loops, new Datagrams());
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Speaks SIP to the server over one TCP connection it opens at {@code start} (set before it). */
    public GbDeviceSimulator overTcp(boolean on) {
        tcp = on;
        return this;
    }

    public String id() {
        return options.id();
    }

    /** Plays its channels from {@code server}'s cameras (each showing its channel code and a clock) in {@code with}. */
    public GbDeviceSimulator withCamera(CameraServer server, VideoCodec with) {
        this.camera = server;
        this.codec = with;
        return this;
    }

    /** Fault: UDP media leaves from another port than the one its SDP answer names, as behind NAT. */
    public GbDeviceSimulator natLike(boolean on) {
        this.natLike = on;
        return this;
    }

    /** Fault: program streams without system header or stream map, as some devices send. */
    public GbDeviceSimulator withoutStreamMap(boolean on) {
        this.withoutMap = on;
        return this;
    }

    /** Streams playing now. */
    public int playing() {
        return sessions.size();
    }

    /**
     * The code of channel {@code n} (1-based): the civil code, the device's industry digits, type 131 (camera), its
     * network digit, and a serial of the device's last two digits and n, so channels of different devices differ.
     */
    public String channelId(int n) {
        if (options.channels() == 0) {
            return options.id();
        }
        int device = Integer.parseInt(options.id().substring(18));
        return options.civilCode() + options.id().substring(8, 10) + "131" + options.id().charAt(13)
                + String.format("%06d", (device * 10_000 + n) % 1_000_000);
    }

    /** Registers for {@code expires} seconds (0 unregisters); completes with the final status. */
    public CompletableFuture<Integer> register(int expires) {
        SipMessage first = registerRequest(expires, null);
        return send(first).thenCompose(answer -> {
            if (answer.status() != 401) {
                return CompletableFuture.completedFuture(answer.status());
            }
            String authorization = SipDigest.authorize(answer.header("WWW-Authenticate"), options.id(),
                    options.password(), "REGISTER", registerUri(), 1);
            return send(registerRequest(expires, authorization)).thenApply(SipMessage::status);
        });
    }

    /** Puts the camera's sound in its program streams as G.711 A-law (stream type 0x90), as most devices send it. */
    public GbDeviceSimulator withSound(boolean on) {
        sound = on;
        return this;
    }

    /** Fault (or an older device): answers SUBSCRIBE 489 Bad Event, so its alarms go as MESSAGEs. */
    public GbDeviceSimulator refusingSubscriptions(boolean on) {
        refusesSubscriptions = on;
        return this;
    }

    /** Grants subscriptions at most this long (devices often cut what is asked). */
    public GbDeviceSimulator grantingSubscriptionsOf(int seconds) {
        grantSeconds = seconds;
        return this;
    }

    /** SUBSCRIBE requests that refreshed the current subscription within its dialog. */
    public long refreshes() {
        return refreshes.get();
    }

    /** SUBSCRIBE requests taken (new or refreshed). */
    public long subscribes() {
        return subscribes.get();
    }

    /** Alarms sent as NOTIFY under the platform's subscription. */
    public long alarmNotifies() {
        return alarmNotifies.get();
    }

    /**
     * Raises an alarm of {@code sourceId} (an alarm input, a channel, or the device): {@code priority} 1-4 (1 the
     * most urgent), {@code method} 1-7 (2: device alarm, 5: video alarm, 6: fault); completes with the hub's status.
     */
    public CompletableFuture<Integer> alarm(String sourceId, int priority, int method, String description) {
        XmlNode body = Manscdp.message("Notify", "Alarm", cseq.get(), sourceId).with("AlarmPriority", priority)
                .with("AlarmMethod", method).with("AlarmTime", java.time.LocalDateTime.now().withNano(0))
                .with("AlarmDescription", description).with("Longitude", "104.06").with("Latitude", "30.67");
        body.add(new XmlNode("Info")).with("AlarmType", 1);
        Subscription subscribed = subscription;
        if (subscribed == null) {
            return send(message(body)).thenApply(SipMessage::status);
        }
        alarmNotifies.incrementAndGet();
        return send(notify(subscribed, body)).thenApply(SipMessage::status);
    }

    /** A NOTIFY within the subscription's dialog: its Call-ID, the tags swapped, to the subscriber's Contact. */
    private SipMessage notify(Subscription subscribed, XmlNode body) {
        SipMessage subscribe = subscribed.subscribe();
        String contact = subscribe.header("Contact");
        SipMessage request = SipMessage.request("NOTIFY", contact == null ? "sip:" + serverId + "@" + domain()
                : SipHeaders.uri(contact));
        request.add("Via", "SIP/2.0/" + transport() + " 127.0.0.1:" + localPort() + ";rport;branch=z9hG4bK"
                + tag());
        request.add("From", subscribed.ourTo());
        request.add("To", subscribe.header("From"));
        request.add("Call-ID", subscribe.header("Call-ID"));
        request.add("CSeq", cseq.getAndIncrement() + " NOTIFY");
        request.add("Max-Forwards", "70");
        request.add("Event", "presence");
        request.add("Subscription-State", "active");
        return request.body(Manscdp.write(body), Manscdp.CONTENT_TYPE);
    }

    /** Takes (or refreshes, or with Expires 0 ends) the platform's alarm subscription. */
    private void subscribe(SipMessage request, InetSocketAddress from) {
        if (refusesSubscriptions) {
            answer(request, from, 489, "Bad Event");
            return;
        }
        subscribes.incrementAndGet();
        String asked = request.header("Expires") == null ? "3600" : request.header("Expires").trim();
        String expires = asked.matches("\\d+") ? String.valueOf(Math.min(Long.parseLong(asked), grantSeconds))
                : "3600";
        Subscription current = subscription;
        SipMessage ok = SimSip.answer(request, 200, "OK");
        if (current != null && current.subscribe().header("Call-ID").equals(request.header("Call-ID"))) {
            ok.set("To", current.ourTo());
            refreshes.incrementAndGet();
        }
        ok.add("Expires", expires);
        subscription = "0".equals(expires) ? null : new Subscription(request, ok.header("To"), from);
        write(ok, from);
    }

    /** Starts sending keepalives every {@code keepaliveSeconds}. */
    public void startKeepalives() {
        keepalives = channel.eventLoop().scheduleAtFixedRate(this::keepalive, 0, options.keepaliveSeconds(),
                TimeUnit.SECONDS);
    }

    /** Stops keepalives without unregistering, as a device that lost power does. */
    public void stopKeepalives() {
        keepaliveStopped = true;
        if (keepalives != null) {
            keepalives.cancel(false);
        }
    }

    public long keepalivesSent() {
        return keepalivesSent.get();
    }

    public long catalogsAnswered() {
        return catalogsAnswered.get();
    }

    private void keepalive() {
        if (keepaliveStopped) {
            return;
        }
        XmlNode body = Manscdp.message("Notify", "Keepalive", cseq.get(), options.id()).with("Status", "OK");
        send(message(body));
        keepalivesSent.incrementAndGet();
    }

    private SipMessage registerRequest(int expires, String authorization) {
        SipMessage request = request("REGISTER", registerUri());
        request.set("To", "<sip:" + options.id() + "@" + domain() + ">");
        request.add("Contact", "<sip:" + options.id() + "@127.0.0.1:" + localPort() + ">");
        request.add("Expires", String.valueOf(expires));
        if (authorization != null) {
            request.add("Authorization", authorization);
        }
        return request;
    }

    private SipMessage message(XmlNode body) {
        SipMessage request = request("MESSAGE", "sip:" + serverId + "@" + domain());
        return request.body(Manscdp.write(body), Manscdp.CONTENT_TYPE);
    }

    private SipMessage request(String method, String uri) {
        SipMessage request = SipMessage.request(method, uri);
        request.add("Via", "SIP/2.0/" + transport() + " 127.0.0.1:" + localPort() + ";rport;branch=z9hG4bK"
                + tag());
        request.add("From", "<sip:" + options.id() + "@" + domain() + ">;tag=" + fromTag);
        request.add("To", "<sip:" + serverId + "@" + domain() + ">");
        request.add("Call-ID", "REGISTER".equals(method) ? callId : "sim" + tag());
        request.add("CSeq", cseq.getAndIncrement() + " " + method);
        request.add("Max-Forwards", "70");
        request.add("User-Agent", "SharpEyes GB28181 simulator");
        return request;
    }

    /** Sends a request, retransmitting it at 500 ms, 1 s, 2 s … until a final answer (32 s at most). */
    private CompletableFuture<SipMessage> send(SipMessage request) {
        CompletableFuture<SipMessage> answer = new CompletableFuture<>();
        String branch = request.topBranch();
        waiting.put(branch, answer);
        write(request, server);
        retransmit(request, answer, 500);
        answer.orTimeout(32, TimeUnit.SECONDS).whenComplete((done, error) -> waiting.remove(branch));
        return answer;
    }

    private void retransmit(SipMessage request, CompletableFuture<SipMessage> answer, long millis) {
        if (tcp) {
            // A reliable transport: no retransmissions (RFC 3261 17.1.2.2).
            return;
        }
        channel.eventLoop().schedule(() -> {
            if (!answer.isDone()) {
                write(request, server);
                retransmit(request, answer, Math.min(millis * 2, 4_000));
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void write(SipMessage message, InetSocketAddress to) {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(tcp ? message.encode(ch.alloc()) : new DatagramPacket(message.encode(ch.alloc()), to));
        }
    }

    /** Answers a play request: the stream's own end set up, then 200 OK with its SDP; it flows after the ACK. */
    private void invite(SipMessage request, InetSocketAddress from) {
        String channelId = SipHeaders.user(request.uri());
        if (camera == null || channelId == null) {
            answer(request, from, 488, "Not Acceptable Here");
            return;
        }
        GbMediaSession existing = sessions.get(request.header("Call-ID"));
        if (existing != null) {
            write(existing.ok(), from);
            return;
        }
        try {
            GbMediaSession session = GbMediaSession.answer(loops, camera, codec, channelId, new String(request.body(),
                    java.nio.charset.StandardCharsets.UTF_8), natLike, withoutMap, sound);
            SipMessage ok = SimSip.answer(request, 200, "OK");
            ok.add("Contact", "<sip:" + channelId + "@127.0.0.1:" + localPort() + ">");
            ok.body(session.sdp().getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/sdp");
            session.ok(ok);
            sessions.put(request.header("Call-ID"), session);
            write(ok, from);
        } catch (Exception e) {
            answer(request, from, 488, "Not Acceptable Here");
        }
    }

    private void answer(SipMessage request, InetSocketAddress to, int status, String reason) {
        write(SimSip.answer(request, status, reason), to);
    }

    private void query(XmlNode query) {
        String type = query.at("CmdType");
        String sn = query.at("SN");
        if ("DeviceControl".equalsIgnoreCase(type) && query.at("PTZCmd") != null) {
            ptz(query.at("DeviceID"), query.at("PTZCmd"));
        } else if ("Catalog".equalsIgnoreCase(type)) {
            catalog(sn);
        } else if ("DeviceInfo".equalsIgnoreCase(type)) {
            send(message(Manscdp.message("Response", "DeviceInfo", parse(sn), options.id())
                    .with("DeviceName", "模拟设备 " + options.id()).with("Result", "OK")
                    .with("Manufacturer", "SharpEyes").with("Model", options.channels() == 0 ? "SIM-IPC" : "SIM-NVR")
                    .with("Firmware", "1.0").with("Channel", Math.max(1, options.channels()))));
        } else if ("DeviceStatus".equalsIgnoreCase(type)) {
            send(message(Manscdp.message("Response", "DeviceStatus", parse(sn), options.id())
                    .with("Result", "OK").with("Online", "ONLINE").with("Status", "OK")));
        }
    }

    /** Moves the channel's camera as the command says, so the picture shows it (and counts it). */
    private void ptz(String channelId, String hex) {
        if (camera == null || channelId == null) {
            return;
        }
        PtzCmd cmd;
        try {
            cmd = PtzCmd.parse(hex);
        } catch (ManscdpException e) {
            return;
        }
        PtzPosition position = camera.ptz(channelId);
        double speed = Math.max(cmd.data1(), cmd.data2()) / 255.0;
        int bits = cmd.instruction();
        if (cmd.isPreset()) {
            if (cmd.instruction() == PtzCmd.PRESET_CALL) {
                position.atPreset(String.valueOf(cmd.data2()));
            }
            ptzCommands.incrementAndGet();
            return;
        }
        if (cmd.isStop()) {
            position.apply("stop", 0);
        }
        if ((bits & PtzCmd.LEFT) != 0) {
            position.apply("left", speed);
        }
        if ((bits & PtzCmd.RIGHT) != 0) {
            position.apply("right", speed);
        }
        if ((bits & PtzCmd.UP) != 0) {
            position.apply("up", speed);
        }
        if ((bits & PtzCmd.DOWN) != 0) {
            position.apply("down", speed);
        }
        if ((bits & PtzCmd.ZOOM_IN) != 0) {
            position.apply("zoomIn", cmd.zoomSpeed() / 15.0);
        }
        if ((bits & PtzCmd.ZOOM_OUT) != 0) {
            position.apply("zoomOut", cmd.zoomSpeed() / 15.0);
        }
        ptzCommands.incrementAndGet();
    }

    /** PTZ commands obeyed so far. */
    public long ptzCommands() {
        return ptzCommands.get();
    }

    private void catalog(String sn) {
        int total = Math.max(1, options.channels());
        int per = Math.max(1, options.catalogPerMessage());
        for (int from = 1; from <= total; from += per) {
            XmlNode response = Manscdp.message("Response", "Catalog", parse(sn), options.id()).with("SumNum", total);
            int count = Math.min(per, total - from + 1);
            XmlNode list = response.add(new XmlNode("DeviceList")).attribute("Num", String.valueOf(count));
            for (int n = from; n < from + count; n++) {
                list.add(new XmlNode("Item")).with("DeviceID", channelId(n)).with("Name", "模拟通道 " + n)
                        .with("Manufacturer", "SharpEyes").with("Model", "SIM-IPC").with("Owner", "Owner")
                        .with("CivilCode", options.civilCode()).with("Address", "模拟地址 " + n)
                        .with("Parental", 0).with("ParentID", options.id()).with("SafetyWay", 0)
                        .with("RegisterWay", 1).with("Secrecy", 0).with("Status", "ON")
                        .with("Longitude", String.format("%.6f", 104.0 + n * 0.0001))
                        .with("Latitude", String.format("%.6f", 30.6 + n * 0.0001))
                        .add(new XmlNode("Info")).with("PTZType", n % 2 == 0 ? 1 : 3);
            }
            send(message(response));
        }
        catalogsAnswered.incrementAndGet();
    }

    private static long parse(String sn) {
        try {
            return Long.parseLong(sn == null ? "0" : sn.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String registerUri() {
        return "sip:" + serverId + "@" + domain();
    }

    private String domain() {
        return serverId.substring(0, 10);
    }

    private String transport() {
        return tcp ? "TCP" : "UDP";
    }

    private int localPort() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    private static String tag() {
        return SimSip.tag();
    }

    @Override
    public void close() {
        stopKeepalives();
        sessions.values().forEach(GbMediaSession::close);
        sessions.clear();
        media.shutdownNow();
        Channel ch = channel;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
    }

    /** Responses to what it sent; requests from the hub (queries) answered 200 OK, then acted on. */
    private void received(SipMessage message, InetSocketAddress sender) {
        if (!message.isRequest()) {
            CompletableFuture<SipMessage> answer = waiting.get(message.topBranch());
            if (answer != null && message.status() >= 200) {
                answer.complete(message);
            }
            return;
        }
        // Media set-up binds and connects sockets, which must not block the event loop.
        if ("INVITE".equals(message.method())) {
            media.execute(() -> invite(message, sender));
            return;
        }
        if ("ACK".equals(message.method())) {
            media.execute(() -> {
                GbMediaSession session = sessions.get(message.header("Call-ID"));
                if (session != null) {
                    session.play();
                }
            });
            return;
        }
        if ("BYE".equals(message.method())) {
            GbMediaSession session = sessions.remove(message.header("Call-ID"));
            if (session != null) {
                session.close();
            }
            answer(message, sender, session == null ? 481 : 200, session == null
                    ? "Call/Transaction Does Not Exist" : "OK");
            return;
        }
        if ("SUBSCRIBE".equals(message.method())) {
            subscribe(message, sender);
            return;
        }
        if ("MESSAGE".equals(message.method())) {
            answer(message, sender, 200, "OK");
            try {
                query(Manscdp.parse(message.body()));
            } catch (ManscdpException e) {
                return;
            }
            return;
        }
        answer(message, sender, 405, "Method Not Allowed");
    }

    /** SIP over UDP. */
    private final class Datagrams extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            try {
                received(SipParser.parseDatagram(packet.content()), packet.sender());
            } catch (SipParseException e) {
                // Not SIP: dropped.
            }
        }
    }

    /** SIP over the TCP connection to the server. */
    private final class Stream extends SimpleChannelInboundHandler<SipMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, SipMessage message) {
            received(message, (InetSocketAddress) ctx.channel().remoteAddress());
        }
    }
}
