package org.sharpeyes.hub.gb28181;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.gb28181.manscdp.XmlNode;
import org.sharpeyes.adapters.gb28181.sip.SipMessage;
import org.sharpeyes.adapters.gb28181.sip.SipParser;
import org.sharpeyes.adapters.net.Transport;
import org.sharpeyes.sim.gb28181.GbDeviceSimulator;

/** The registrar on a real UDP port, against the GB/T 28181 device simulator and a raw socket. */
class GbRegistrarTest {

    private static final String HUB_ID = "51012200002000000001";
    private static final String CAMERA = "51012200001320000001";

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private EventLoopGroup loops;
    private SipEndpoint endpoint;
    private GbRegistrar registrar;

    @BeforeEach
    void start() throws Exception {
        loops = Transport.loops(1);
        GbRegistrar[] holder = new GbRegistrar[1];
        SipTransactions transactions = new SipTransactions(loops.next(), transaction -> holder[0].request(
                transaction));
        GbSettings settings = new GbSettings(HUB_ID, HUB_ID.substring(0, 10), "12345678", 1, ZoneId.of(
                "Asia/Shanghai"));
        registrar = new GbRegistrar(settings, transactions, id -> CompletableFuture.completedFuture(
                id.equals(CAMERA) ? "own-password" : null), new GbRegistrar.Listener() {
                    @Override
                    public void online(GbDevice device) {
                        events.add("online " + device.id());
                    }

                    @Override
                    public void offline(GbDevice device, String reason) {
                        events.add("offline " + device.id() + ": " + reason);
                    }

                    @Override
                    public void message(GbDevice device, String method, XmlNode body, byte[] raw) {
                        events.add(method + " " + body.at("CmdType"));
                    }
                }, Clock.systemUTC(), metrics);
        holder[0] = registrar;
        registrar.start();
        endpoint = new SipEndpoint(loops, transactions, metrics.counter("sip_malformed_total"));
        endpoint.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        endpoint.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private GbDeviceSimulator device(String id, String password) throws InterruptedException {
        GbDeviceSimulator device = new GbDeviceSimulator(loops, new InetSocketAddress("127.0.0.1", endpoint.port()),
                HUB_ID, new GbDeviceSimulator.Options(id, password, 0, "51012200", 1, 50));
        device.start();
        return device;
    }

    @Test
    void registersADeviceWithItsOwnPasswordOrTheHubsAndRefusesAWrongOne() throws Exception {
        try (GbDeviceSimulator camera = device(CAMERA, "own-password");
                GbDeviceSimulator other = device("51012200001320000002", "12345678");
                GbDeviceSimulator wrong = device("51012200001320000003", "guess")) {
            assertThat(camera.register(3600).get(10, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(other.register(3600).get(10, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(wrong.register(3600).get(10, TimeUnit.SECONDS)).isEqualTo(403);

            assertThat(events).containsExactlyInAnyOrder("online " + CAMERA, "online 51012200001320000002");
            assertThat(registrar.device(CAMERA).online()).isTrue();
            assertThat(registrar.device("51012200001320000003")).isNull();
            assertThat(metrics.counter("gb28181_registrations_refused_total").count()).isEqualTo(1);
        }
    }

    @Test
    void aDeviceGoesOfflineAfterThreeMissedKeepalivesAndComesBackByRegistering() throws Exception {
        try (GbDeviceSimulator camera = device(CAMERA, "own-password")) {
            assertThat(camera.register(3600).get(10, TimeUnit.SECONDS)).isEqualTo(200);
            camera.startKeepalives();
            await().atMost(Duration.ofSeconds(10)).until(() -> camera.keepalivesSent() >= 4);
            assertThat(events).containsExactly("online " + CAMERA);

            camera.stopKeepalives();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
            assertThat(events.get(1)).isEqualTo("offline " + CAMERA + ": 3 keepalives missed (none for 3 s)");

            assertThat(camera.register(3600).get(10, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(events).last().isEqualTo("online " + CAMERA);
            assertThat(camera.register(0).get(10, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(events).last().isEqualTo("offline " + CAMERA + ": unregistered");
        }
    }

    @Test
    void answersAKeepaliveFromAnUnregisteredDeviceWithForbiddenAndAGarbledOneWithBadRequest() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(10_000);
            String keepalive = "<?xml version=\"1.0\"?><Notify><CmdType>Keepalive</CmdType><SN>1</SN>"
                    + "<DeviceID>" + CAMERA + "</DeviceID><Status>OK</Status></Notify>";
            assertThat(exchange(socket, message("z9hG4bK1", keepalive)).status()).isEqualTo(403);
            SipMessage garbled = exchange(socket, message("z9hG4bK2", "<Notify><CmdType>Keepalive</Notify>"));
            assertThat(garbled.status()).isEqualTo(400);
            assertThat(garbled.reason()).contains("not well-formed XML");

            // Bytes that are no SIP are counted and dropped; the next good request is answered.
            socket.send(datagram("HELLO WORLD\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(exchange(socket, SipMessage.request("OPTIONS", "sip:" + HUB_ID + "@5101220000")
                    .add("Via", "SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bK3").add("From", "<sip:" + CAMERA
                            + "@5101220000>;tag=1").add("To", "<sip:" + HUB_ID + "@5101220000>")
                    .add("Call-ID", "o1").add("CSeq", "1 OPTIONS")).status()).isEqualTo(200);
            assertThat(metrics.counter("sip_malformed_total").count()).isEqualTo(1);
        }
    }

    @Test
    void aDeviceOverTcpRegistersAndKeepsAliveOnItsConnection() throws Exception {
        try (GbDeviceSimulator camera = new GbDeviceSimulator(loops, new InetSocketAddress("127.0.0.1",
                endpoint.port()), HUB_ID, new GbDeviceSimulator.Options(CAMERA, "own-password", 0, "51012200", 1, 50))
                .overTcp(true)) {
            camera.start();
            assertThat(camera.register(3600).get(10, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(registrar.device(CAMERA).peer().tcp()).isTrue();
            camera.startKeepalives();
            await().atMost(Duration.ofSeconds(10)).until(() -> camera.keepalivesSent() >= 3);
            assertThat(events).containsExactly("online " + CAMERA);
            assertThat(registrar.device(CAMERA).online()).isTrue();
        }
    }

    @Test
    void takesAnAlarmNotifyFromARegisteredDeviceAndAnswersAnUnknownOnesWith481() throws Exception {
        String alarm = "<?xml version=\"1.0\"?><Notify><CmdType>Alarm</CmdType><SN>7</SN><DeviceID>" + CAMERA
                + "</DeviceID><AlarmPriority>1</AlarmPriority><AlarmMethod>2</AlarmMethod></Notify>";
        try (DatagramSocket socket = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
                GbDeviceSimulator camera = device(CAMERA, "own-password")) {
            socket.setSoTimeout(10_000);
            SipMessage unknown = exchange(socket, request("NOTIFY", "z9hG4bKn1", alarm));
            assertThat(unknown.status()).isEqualTo(481);
            assertThat(events).isEmpty();

            assertThat(camera.register(3600).get(10, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(exchange(socket, request("NOTIFY", "z9hG4bKn2", alarm)).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
            assertThat(events).containsExactly("online " + CAMERA, "NOTIFY Alarm");
        }
    }

    @Test
    void aRetransmittedRegisterIsAnsweredAgainButTakenOnce() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(10_000);
            SipMessage first = register("z9hG4bKr1", null);
            SipMessage challenge = exchange(socket, first);
            assertThat(challenge.status()).isEqualTo(401);
            String authorization = org.sharpeyes.adapters.gb28181.sip.SipDigest.authorize(
                    challenge.header("WWW-Authenticate"), CAMERA, "own-password", "REGISTER",
                    "sip:" + HUB_ID + "@5101220000", 1);
            SipMessage second = register("z9hG4bKr2", authorization);
            SipMessage ok = exchange(socket, second);
            SipMessage again = exchange(socket, second);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.header("To")).isEqualTo(ok.header("To"));
            assertThat(ok.header("Date")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}");
            assertThat(ok.header("Via")).contains("received=127.0.0.1").contains("rport=" + socket.getLocalPort());
            assertThat(events).containsExactly("online " + CAMERA);
        }
    }

    private SipMessage register(String branch, String authorization) {
        SipMessage request = SipMessage.request("REGISTER", "sip:" + HUB_ID + "@5101220000")
                .add("Via", "SIP/2.0/UDP 127.0.0.1:5060;rport;branch=" + branch)
                .add("From", "<sip:" + CAMERA + "@5101220000>;tag=9").add("To", "<sip:" + CAMERA + "@5101220000>")
                .add("Call-ID", "reg1").add("CSeq", (authorization == null ? 1 : 2) + " REGISTER")
                .add("Contact", "<sip:" + CAMERA + "@127.0.0.1:5060>").add("Expires", "3600");
        if (authorization != null) {
            request.add("Authorization", authorization);
        }
        return request;
    }

    private SipMessage message(String branch, String xml) {
        return request("MESSAGE", branch, xml);
    }

    private SipMessage request(String method, String branch, String xml) {
        return SipMessage.request(method, "sip:" + HUB_ID + "@5101220000")
                .add("Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=" + branch)
                .add("From", "<sip:" + CAMERA + "@5101220000>;tag=9").add("To", "<sip:" + HUB_ID + "@5101220000>")
                .add("Call-ID", branch).add("CSeq", "1 " + method)
                .body(xml.getBytes(StandardCharsets.UTF_8), "Application/MANSCDP+xml");
    }

    private SipMessage exchange(DatagramSocket socket, SipMessage request) throws Exception {
        var bytes = request.encode(io.netty.buffer.ByteBufAllocator.DEFAULT);
        byte[] wire = new byte[bytes.readableBytes()];
        bytes.readBytes(wire);
        bytes.release();
        socket.send(datagram(wire));
        byte[] buffer = new byte[65_536];
        DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
        socket.receive(answer);
        return SipParser.parseDatagram(io.netty.buffer.Unpooled.wrappedBuffer(buffer, 0, answer.getLength()));
    }

    private DatagramPacket datagram(byte[] wire) {
        return new DatagramPacket(wire, wire.length, new InetSocketAddress("127.0.0.1", endpoint.port()));
    }
}
