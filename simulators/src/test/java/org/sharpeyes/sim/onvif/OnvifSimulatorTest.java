package org.sharpeyes.sim.onvif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.ByteArrayInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.onvif.HttpAnswer;
import org.sharpeyes.adapters.onvif.MediaProfile;
import org.sharpeyes.adapters.onvif.OnvifClient;
import org.sharpeyes.adapters.onvif.OnvifException;
import org.sharpeyes.adapters.onvif.OnvifHttp;
import org.sharpeyes.adapters.onvif.OnvifNotification;
import org.sharpeyes.adapters.onvif.OnvifService;
import org.sharpeyes.adapters.onvif.ProbeMatch;
import org.sharpeyes.adapters.onvif.PtzPreset;
import org.sharpeyes.adapters.onvif.PtzVector;
import org.sharpeyes.adapters.onvif.PullPoint;
import org.sharpeyes.adapters.onvif.WsDiscovery;
import org.sharpeyes.adapters.onvif.XmlElement;
import org.sharpeyes.adapters.rtsp.Authenticator;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;

/** The hub's ONVIF client against the simulated devices, over loopback: each side written apart from the other. */
class OnvifSimulatorTest {

    private static final String CODE = "33010200001320000001";
    private static final String OTHER = "33010200001320000002";
    private static EventLoopGroup loops;
    private static CameraServer cameras;
    private static OnvifHttp http;

    @BeforeAll
    static void start() throws Exception {
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        cameras = new CameraServer(new CameraSettings(320, 180, 25, 300_000, 25, null, ""));
        cameras.start("127.0.0.1", 0);
        http = new OnvifHttp(loops, Duration.ofSeconds(3));
    }

    @AfterAll
    static void stop() {
        cameras.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static OnvifSimulator simulator(OnvifSettings settings) throws InterruptedException {
        OnvifSimulator sim = new OnvifSimulator(settings, cameras, "rtsp://127.0.0.1:8554", 320, 180)
                .add(CODE, "校门口 PTZ").add(OTHER, "Gate 2");
        sim.start("127.0.0.1", 0, 0, false);
        return sim;
    }

    private static OnvifClient client(OnvifSimulator sim, String password, Duration offset) {
        return new OnvifClient(http, URI.create(sim.deviceUrl(CODE)), "admin", password, offset, Clock.systemUTC());
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private static OnvifException failure(CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return OnvifClient.failure(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void answersAUnicastProbeWithOneMatchPerDevice() throws Exception {
        try (OnvifSimulator sim = simulator(OnvifSettings.of("admin", "pw"));
                DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] probe = WsDiscovery.probe("uuid:test-probe-1").getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(probe, probe.length, InetAddress.getLoopbackAddress(),
                    sim.discoveryPort()));
            socket.setSoTimeout(3000);
            List<ProbeMatch> matches = new ArrayList<>();
            while (matches.size() < 2) {
                DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
                socket.receive(packet);
                XmlElement envelope = XmlElement.parse(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                assertThat(WsDiscovery.relatesTo(envelope)).isEqualTo("uuid:test-probe-1");
                matches.addAll(WsDiscovery.matches(envelope));
            }
            assertThat(matches).extracting(m -> m.xaddrs().get(0))
                    .containsExactlyInAnyOrder(sim.deviceUrl(CODE), sim.deviceUrl(OTHER));
            assertThat(matches).extracting(m -> m.name().orElseThrow()).contains("校门口 PTZ", "Gate 2");
            assertThat(matches.get(0).hardware()).contains("SE-PTZ-SIM");
        }
    }

    @Test
    void tellsWhatTheDeviceIsAndWhereItsVideoLives() throws Exception {
        try (OnvifSimulator sim = simulator(OnvifSettings.of("admin", "pw"))) {
            OnvifClient client = client(sim, "pw", null);
            assertThat(get(client.deviceInformation()).serialNumber()).isEqualTo("SIM" + CODE);
            assertThat(client.clockOffset()).isNotNull();
            assertThat(get(client.services())).containsKeys(OnvifService.MEDIA, OnvifService.MEDIA2,
                    OnvifService.PTZ, OnvifService.EVENTS);
            List<MediaProfile> profiles = get(client.profiles());
            assertThat(profiles).extracting(MediaProfile::encoding).containsExactly("H264", "H265");
            assertThat(profiles).allMatch(MediaProfile::media2).allMatch(MediaProfile::ptz);
            assertThat(get(client.streamUri(profiles.get(0)))).isEqualTo("rtsp://127.0.0.1:8554/" + CODE);
            assertThat(get(client.streamUri(profiles.get(1)))).endsWith(CODE + "?codec=h265");
            assertThat(get(client.networkInterfaces()).get(0).ipv4Address()).isEqualTo("127.0.0.1");
            String snapshot = get(client.snapshotUri(profiles.get(0)));
            HttpAnswer challenge = get(http.get(URI.create(snapshot), null));
            assertThat(challenge.status()).isEqualTo(401);
            Authenticator auth = Authenticator.forChallenge(challenge.challenge(), "admin", "pw");
            HttpAnswer jpeg = get(http.get(URI.create(snapshot), auth.authorization("GET",
                    URI.create(snapshot).getRawPath())));
            assertThat(jpeg.status()).isEqualTo(200);
            assertThat(ImageIO.read(new ByteArrayInputStream(jpeg.body())).getWidth()).isEqualTo(320);
        }
    }

    @Test
    void movesThePictureAndKeepsPresets() throws Exception {
        try (OnvifSimulator sim = simulator(OnvifSettings.of("admin", "pw"))) {
            OnvifClient client = client(sim, "pw", null);
            get(client.absoluteMove("main", new PtzVector(0.0, 0.0, 0.0)));
            assertThat(cameras.ptz(CODE).pan()).isEqualTo(180);
            get(client.continuousMove("main", new PtzVector(0.5, null, null), Duration.ofSeconds(1)));
            int panned = cameras.ptz(CODE).pan();
            assertThat(panned).isGreaterThan(180);
            String token = get(client.setPreset("main", "校门口", null));
            get(client.relativeMove("main", new PtzVector(-0.5, 0.0, null)));
            assertThat(cameras.ptz(CODE).pan()).isEqualTo(panned - 90);
            assertThat(get(client.presets("main"))).extracting(PtzPreset::name).containsExactly("校门口");
            assertThat(cameras.ptz(CODE).display()).doesNotContain(":");
            get(client.gotoPreset("main", token));
            assertThat(cameras.ptz(CODE).pan()).isEqualTo(panned);
            assertThat(cameras.ptz(CODE).display()).as("the picture names the preset").endsWith(":" + token);
            assertThat(get(client.ptzStatus("main")).position().pan()).isCloseTo(panned / 180.0 - 1,
                    org.assertj.core.data.Offset.offset(0.001));
            get(client.removePreset("main", token));
            assertThat(get(client.presets("main"))).isEmpty();
            assertThat(failure(client.gotoPreset("main", token)).kind()).isEqualTo(OnvifException.Kind.FAULT);
            get(client.stop("main"));
        }
    }

    @Test
    void deliversMotionToAPullPointUntilTheCameraRestarts() throws Exception {
        try (OnvifSimulator sim = simulator(OnvifSettings.of("admin", "pw"))) {
            OnvifClient client = client(sim, "pw", null);
            PullPoint pullPoint = get(client.createPullPoint(60));
            assertThat(pullPoint.terminationTime()).isAfter(pullPoint.currentTime());
            // Whether the pull is already waiting on the device when the motion comes or arrives after it, it gets it.
            CompletableFuture<List<OnvifNotification>> waiting = client.pullMessages(pullPoint.address(), 5, 10);
            assertThat(sim.raise(CODE, OnvifSimulator.Event.MOTION, true)).isEqualTo(1);
            List<OnvifNotification> events = get(waiting);
            assertThat(events).hasSize(1);
            assertThat(events.get(0).kind()).isEqualTo(OnvifNotification.Kind.MOTION);
            assertThat(events.get(0).active()).isTrue();
            sim.raise(CODE, OnvifSimulator.Event.TAMPER, true);
            assertThat(get(client.pullMessages(pullPoint.address(), 1, 10))).extracting(OnvifNotification::kind)
                    .containsExactly(OnvifNotification.Kind.TAMPER);
            assertThat(get(client.renew(pullPoint.address(), 120))).isAfter(pullPoint.terminationTime());
            sim.reboot(CODE);
            OnvifException gone = failure(client.pullMessages(pullPoint.address(), 1, 10));
            assertThat(gone.getMessage()).contains("ResourceUnknownFault");
            PullPoint again = get(client.createPullPoint(60));
            get(client.unsubscribe(again.address()));
            assertThat(sim.subscriptions(CODE)).isZero();
        }
    }

    @Test
    void aWrongPasswordIsSaidInWordsWhicheverLoginTheDeviceWants() throws Exception {
        for (OnvifSettings.Auth mode : OnvifSettings.Auth.values()) {
            if (mode == OnvifSettings.Auth.NONE) {
                continue;
            }
            try (OnvifSimulator sim = simulator(OnvifSettings.of("admin", "pw").withAuth(mode))) {
                assertThat(get(client(sim, "pw", null).deviceInformation()).model()).as(mode.name())
                        .isEqualTo("SE-PTZ-SIM");
                OnvifException refused = failure(client(sim, "wrong", null).deviceInformation());
                assertThat(refused.kind()).as(mode.name()).isEqualTo(OnvifException.Kind.NOT_AUTHORIZED);
                assertThat(refused.getMessage()).contains("wrong user name or password");
            }
        }
    }

    @Test
    void signsOnTheDeviceClockAndReadsItAgainWhenItMoved() throws Exception {
        try (OnvifSimulator sim = simulator(OnvifSettings.of("admin", "pw").withAuth(OnvifSettings.Auth.TOKEN)
                .withClockSkew(Duration.ofHours(2)))) {
            OnvifClient fresh = client(sim, "pw", null);
            assertThat(get(fresh.deviceInformation()).manufacturer()).isEqualTo("SharpEyes Sim");
            assertThat(fresh.clockOffset()).isBetween(Duration.ofHours(2).minusSeconds(3),
                    Duration.ofHours(2).plusSeconds(3));
            OnvifClient stale = client(sim, "pw", Duration.ZERO);
            assertThat(get(stale.deviceInformation()).manufacturer()).isEqualTo("SharpEyes Sim");
            assertThat(stale.clockOffset()).isGreaterThan(Duration.ofMinutes(119));
            OnvifException skewed = failure(client(sim, "wrong", null).deviceInformation());
            assertThat(skewed.kind()).isEqualTo(OnvifException.Kind.CLOCK_SKEW);
            // The device gives its time in whole seconds, so the offset read is good to a second.
            assertThat(skewed.getMessage()).containsPattern("clock is 7(199|200|201) s from the hub's");
        }
    }

    @Test
    void faultsAndSilenceBecomeClearErrors() throws Exception {
        try (OnvifSimulator sim = simulator(OnvifSettings.of("admin", "pw").withFaults(Set.of("GetProfiles")))) {
            OnvifException fault = failure(client(sim, "pw", null).profiles());
            assertThat(fault.kind()).isEqualTo(OnvifException.Kind.FAULT);
            assertThat(fault.getMessage()).contains("simulated fault in GetProfiles");
            OnvifException missing = failure(new OnvifClient(http, URI.create(sim.deviceUrl(CODE)
                    .replace(CODE, "00000000000000000000")), "admin", "pw", Duration.ZERO, Clock.systemUTC())
                    .deviceInformation());
            assertThat(missing.kind()).isEqualTo(OnvifException.Kind.NOT_SUPPORTED);
            assertThat(missing.getMessage()).contains("HTTP 404");
        }
        try (OnvifSimulator slow = simulator(OnvifSettings.of("admin", "pw").withDelay(Duration.ofSeconds(2)))) {
            OnvifHttp impatient = new OnvifHttp(loops, Duration.ofMillis(500));
            OnvifException silent = failure(new OnvifClient(impatient, URI.create(slow.deviceUrl(CODE)), "admin", "pw",
                    Duration.ZERO, Clock.systemUTC()).deviceInformation());
            assertThat(silent.kind()).isEqualTo(OnvifException.Kind.UNREACHABLE);
            assertThat(silent.getMessage()).contains("did not answer within 500 ms");
        }
        OnvifException refused = failure(new OnvifClient(http, URI.create("http://127.0.0.1:1/onvif/device_service"),
                "admin", "pw", Duration.ZERO, Clock.systemUTC()).deviceInformation());
        assertThat(refused.kind()).isEqualTo(OnvifException.Kind.UNREACHABLE);
        assertThat(refused.getMessage()).contains("cannot reach 127.0.0.1:1");
    }
}
