package org.sharpeyes.hub.gb28181;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sharpeyes.adapters.net.Transport;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.Rtsp;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;
import org.sharpeyes.sim.camera.PtzPosition;
import org.sharpeyes.sim.gb28181.GbDeviceSimulator;

/**
 * GB/T 28181 channels played live through the hub: an NVR simulator streams the camera simulator's picture as PS
 * over RTP (UDP, TCP with the hub listening, TCP with the hub connecting), and ffprobe reads it from the hub's RTSP
 * and HTTP-FLV outputs like any other point. The device stops streaming when the last viewer leaves.
 */
class GbLivePlayTest {

    private static final String HUB_ID = "51012200002000000001";
    private static final String NVR = "51012200001180000009";

    @RegisterExtension
    static final HubExtension HUB = new HubExtension("sip.id=" + HUB_ID, "sip.password=gb-secret-1",
            "media.idleCloseSeconds=1");
    static EventLoopGroup loops;
    static CameraServer cameras;
    static GbDeviceSimulator nvr;
    static ApiClient county;

    @BeforeAll
    static void start() throws Exception {
        loops = Transport.loops(1);
        cameras = new CameraServer(new CameraSettings(320, 240, 25, 400_000, 25, null, null));
        cameras.start("127.0.0.1", 0);
        nvr = new GbDeviceSimulator(loops, new InetSocketAddress("127.0.0.1", HUB.hub().hub().gb().port()), HUB_ID,
                new GbDeviceSimulator.Options(NVR, "gb-secret-1", 3, "51012201", 30, 10))
                .withCamera(cameras, VideoCodec.H264);
        nvr.start();
        assertThat(nvr.register(3600).get(30, TimeUnit.SECONDS)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> HUB.hub().hub().points().find(nvr.channelId(3))
                .isPresent());
        county = HUB.as("county-op");
    }

    @AfterAll
    static void stop() {
        nvr.close();
        cameras.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @ParameterizedTest
    @CsvSource({"1, udp", "2, tcp-passive", "3, tcp-active"})
    void aChannelPlaysThroughTheHubsRtspAndHttpFlvOverEachTransport(int channel, String transport)
            throws Exception {
        String code = nvr.channelId(channel);
        String url = "gb28181://" + NVR + "/" + code;
        if (!transport.equals("udp")) {
            assertThat(HUB.hub().hub().points().moveStreamAddresses(url, url + "?transport=" + transport))
                    .isEqualTo(1);
        }
        String rtsp = Rtsp.ffprobe("rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/" + code + "?token="
                + county.token());
        assertThat(rtsp).contains("\"codec_name\": \"h264\"").contains("\"width\": 320").contains("\"height\": 240");
        String flv = Rtsp.ffprobe(HUB.hub().base() + "/live/" + code + ".flv?token=" + county.token());
        assertThat(flv).contains("\"codec_name\": \"h264\"");
    }

    @Test
    void aDeviceOverSipTcpPlaysItsChannelsG711SoundToRtspAndFlvViewers() throws Exception {
        try (GbDeviceSimulator withSound = new GbDeviceSimulator(loops, new InetSocketAddress("127.0.0.1",
                HUB.hub().hub().gb().port()), HUB_ID, new GbDeviceSimulator.Options("51012200001180000011",
                        "gb-secret-1", 1, "51012201", 30, 10)).withCamera(cameras, VideoCodec.H264).withSound(true)
                .overTcp(true)) {
            withSound.start();
            assertThat(withSound.register(3600).get(30, TimeUnit.SECONDS)).isEqualTo(200);
            String code = withSound.channelId(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> HUB.hub().hub().points().find(code).isPresent());

            String rtsp = Rtsp.countPackets("rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/" + code
                    + "?token=" + county.token(), "tcp");
            assertThat(rtsp).containsPattern("codec_name=h264\\|nb_read_packets=[1-9]\\d")
                    .containsPattern("codec_name=pcm_alaw\\|nb_read_packets=[1-9]\\d");
            String flv = Rtsp.ffprobe(HUB.hub().base() + "/live/" + code + ".flv?token=" + county.token());
            assertThat(flv).contains("\"codec_name\": \"h264\"").contains("\"codec_name\": \"pcm_alaw\"")
                    .contains("\"sample_rate\": \"8000\"");
        }
    }

    @Test
    void ptzAndPresetsReachTheChannelsCameraThroughItsDeviceAndOtherRegionsAreRefused() {
        String dome = nvr.channelId(2);
        PtzPosition position = cameras.ptz(dome);
        int before = position.pan();
        ApiClient.Reply moved = HUB.as("town1-op").post("/api/v1/points/" + dome + "/ptz", Map.of("action", "right",
                "speed", 1.0));
        assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> position.pan() == (before + 30) % 360);

        ApiClient.Reply preset = HUB.as("town1-op").post("/api/v1/points/" + dome + "/ptz", Map.of("action",
                "preset", "token", "7"));
        assertThat(preset.status()).as(preset.text()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> position.display().endsWith(":7"));

        long obeyed = nvr.ptzCommands();
        assertThat(HUB.as("town2-op").post("/api/v1/points/" + dome + "/ptz", Map.of("action", "left")).status())
                .isEqualTo(404);
        assertThat(nvr.ptzCommands()).as("a refused command never reaches the device").isEqualTo(obeyed);
    }

    @Test
    void theDiagnosisTellsTheTimelineOfAPlayAndSuspectsNatWhenPacketsComeFromElsewhere() throws Exception {
        try (GbDeviceSimulator natted = new GbDeviceSimulator(loops, new InetSocketAddress("127.0.0.1",
                HUB.hub().hub().gb().port()), HUB_ID, new GbDeviceSimulator.Options("51012200001180000010",
                        "gb-secret-1", 1, "51012201", 30, 10)).withCamera(cameras, VideoCodec.H264).natLike(true)) {
            natted.start();
            assertThat(natted.register(3600).get(30, TimeUnit.SECONDS)).isEqualTo(200);
            String code = natted.channelId(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> HUB.hub().hub().points().find(code).isPresent());
            assertThat(Rtsp.ffprobe("rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/" + code + "?token="
                    + county.token())).contains("\"codec_name\": \"h264\"");

            ApiClient.Reply diagnosis = HUB.as("town1-op").get("/api/v1/points/" + code + "/gb28181/diagnosis");
            assertThat(diagnosis.status()).as(diagnosis.text()).isEqualTo(200);
            assertThat(diagnosis.json().at("/device/online").asBoolean()).isTrue();
            var attempt = diagnosis.json().at("/attempts/0");
            assertThat(attempt.get("outcome").asText()).isEqualTo("playing");
            assertThat(attempt.get("steps").findValuesAsText("code")).containsExactly("invite", "answered",
                    "first-rtp", "playing");
            assertThat(attempt.at("/steps/2/text").asText()).contains("NAT");
            assertThat(HUB.as("town2-op").get("/api/v1/points/" + code + "/gb28181/diagnosis").status())
                    .isEqualTo(404);
        }
    }

    @Test
    void aChannelOfADeviceThatNeverRegisteredFailsInWordsTheDiagnosisRepeats() throws Exception {
        String missing = "51012200001180000077";
        Map<String, Object> camera = SmallCounty.camera(SmallCounty.TOWNSHIP_1, 771);
        String code = (String) camera.get("code");
        camera.put("streamUrl", "gb28181://" + missing + "/" + code);
        HUB.register(camera);
        String probe = Rtsp.ffprobe("rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/" + code + "?token="
                + county.token());
        assertThat(probe).contains("503");

        ApiClient.Reply diagnosis = county.get("/api/v1/points/" + code + "/gb28181/diagnosis");
        assertThat(diagnosis.status()).isEqualTo(200);
        assertThat(diagnosis.json().at("/device/registered").asBoolean()).isFalse();
        assertThat(diagnosis.json().at("/attempts/0/outcome").asText()).contains("has not registered with the hub");
        String ordinary = HUB.register(SmallCounty.camera(SmallCounty.TOWNSHIP_1, 772));
        assertThat(county.get("/api/v1/points/" + ordinary + "/gb28181/diagnosis").status()).isEqualTo(404);
    }

    /** H.265 from a device, and a program stream with no map (the codec told from the NAL headers), end to end. */
    @ParameterizedTest
    @CsvSource({"51012200001180000011, H265, false, hevc", "51012200001180000012, H264, true, h264"})
    void h265AndStreamsWithoutAMapPlayThroughTheHub(String id, VideoCodec codec, boolean withoutMap, String name)
            throws Exception {
        try (GbDeviceSimulator device = new GbDeviceSimulator(loops, new InetSocketAddress("127.0.0.1",
                HUB.hub().hub().gb().port()), HUB_ID, new GbDeviceSimulator.Options(id, "gb-secret-1", 1, "51012201",
                        30, 10)).withCamera(cameras, codec).withoutStreamMap(withoutMap)) {
            device.start();
            assertThat(device.register(3600).get(30, TimeUnit.SECONDS)).isEqualTo(200);
            String code = device.channelId(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> HUB.hub().hub().points().find(code).isPresent());
            String probe = Rtsp.ffprobe("rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/" + code
                    + "?token=" + county.token());
            assertThat(probe).contains("\"codec_name\": \"" + name + "\"").contains("\"width\": 320");
        }
    }

    @Test
    void theDeviceStopsStreamingOnceTheLastViewerHasGone() throws Exception {
        String code = nvr.channelId(1);
        Rtsp.ffprobe("rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/" + code + "?token=" + county.token());
        await().atMost(Duration.ofSeconds(30)).until(() -> nvr.playing() == 0);
    }
}
