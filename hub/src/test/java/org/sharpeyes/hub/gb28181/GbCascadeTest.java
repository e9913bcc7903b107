package org.sharpeyes.hub.gb28181;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.adapters.gb28181.manscdp.PtzCmd;
import org.sharpeyes.adapters.gb28181.manscdp.XmlNode;
import org.sharpeyes.adapters.net.Transport;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.CameraExtension;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.Rtsp;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.gb28181.GbPlatformSimulator;

/**
 * The hub as a lower platform of two: a simulated city platform over UDP that sees one township, and a province
 * platform over TCP that sees the whole county. It registers with both, keeps alive, answers their catalogs, and
 * serves their plays of one camera beside a local viewer.
 */
class GbCascadeTest {

    private static final String HUB_ID = "51012200002000000001";
    private static final String CITY = "51010000002000000001";
    static final EventLoopGroup LOOPS = Transport.loops(1);
    static final GbPlatformSimulator CITY_PLATFORM = new GbPlatformSimulator(LOOPS, CITY, "city-secret-1");
    static final int CITY_PORT = CITY_PLATFORM.start();
    private static final String PROVINCE = "51000000002000000001";
    static final GbPlatformSimulator PROVINCE_PLATFORM = new GbPlatformSimulator(LOOPS, PROVINCE, "province-2");
    static final int PROVINCE_PORT = PROVINCE_PLATFORM.start();

    @RegisterExtension
    static final HubExtension HUB = new HubExtension("sip.id=" + HUB_ID, "sip.upstream.id=" + CITY,
            "sip.upstream.host=127.0.0.1", "sip.upstream.port=" + CITY_PORT, "sip.upstream.password=city-secret-1",
            "sip.upstream.catalogRegion=" + SmallCounty.TOWNSHIP_1, "sip.upstream.keepaliveSeconds=1",
            "sip.upstream[1].id=" + PROVINCE, "sip.upstream[1].host=127.0.0.1", "sip.upstream[1].port="
                    + PROVINCE_PORT, "sip.upstream[1].transport=tcp", "sip.upstream[1].password=province-2",
            "sip.upstream[1].keepaliveSeconds=1");

    @RegisterExtension
    static final CameraExtension CAMERAS = new CameraExtension(HUB);

    @AfterAll
    static void stop() {
        CITY_PLATFORM.close();
        PROVINCE_PLATFORM.close();
        LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void theHubRegistersKeepsAliveAndAnswersItsRegionsCatalogInFragments() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> CITY_PLATFORM.isRegistered(HUB_ID)
                && CITY_PLATFORM.keepalives() >= 2);
        assertThat(HUB.hub().hub().gb().registeredUpstream()).isTrue();
        List<String> township1 = new ArrayList<>();
        for (int serial = 301; serial < 346; serial++) {
            township1.add(HUB.register(SmallCounty.camera(SmallCounty.TOWNSHIP_1, serial)));
        }
        String elsewhere = HUB.register(SmallCounty.camera(SmallCounty.TOWNSHIP_2, 399));

        List<XmlNode> items = CITY_PLATFORM.queryCatalog(HUB_ID).get(120, TimeUnit.SECONDS);
        List<String> codes = items.stream().map(item -> item.at("DeviceID")).toList();
        assertThat(codes).containsAll(township1).doesNotContain(elsewhere).doesNotHaveDuplicates();
        XmlNode first = items.stream().filter(item -> item.at("DeviceID").equals(township1.get(0))).findFirst()
                .orElseThrow();
        assertThat(first.at("CivilCode")).isEqualTo("51012201");
        assertThat(first.at("ParentID")).isEqualTo(HUB_ID);
        assertThat(first.at("Name")).isEqualTo("摄像机301");
    }

    @Test
    void aRecordQueryIsRefusedAtOnceWhileRecordingIsMissingAndDeviceInfoIsAnswered() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> CITY_PLATFORM.isRegistered(HUB_ID));
        assertThat(CITY_PLATFORM.query(HUB_ID, "RecordInfo").get(30, TimeUnit.SECONDS)).isEqualTo(501);
        assertThat(CITY_PLATFORM.query(HUB_ID, "DeviceInfo").get(30, TimeUnit.SECONDS)).isEqualTo(200);
    }

    @Test
    void theCitysPtzMovesACameraAndOutranksTheCountysLock() {
        await().atMost(Duration.ofSeconds(30)).until(() -> CITY_PLATFORM.isRegistered(HUB_ID));
        Map<String, Object> dome = SmallCounty.camera(SmallCounty.TOWNSHIP_1, 381);
        String code = (String) dome.get("code");
        dome.put("type", "PTZ_CAMERA");
        dome.put("streamUrl", "rtsp://127.0.0.1:" + CAMERAS.port() + "/" + code);
        HUB.register(dome);
        ApiClient county = HUB.as("county-op");
        assertThat(county.post("/api/v1/points/" + code + "/ptz", Map.of("action", "left", "speed", 0.0)).status())
                .isEqualTo(200);
        int before = CAMERAS.server().ptz(code).pan();

        CITY_PLATFORM.control(HUB_ID, code, PtzCmd.move(PtzCmd.RIGHT, 255, 0, 0).hex());
        await().atMost(Duration.ofSeconds(10)).until(() -> CAMERAS.server().ptz(code).pan() == (before + 30) % 360);
        ApiClient.Reply refused = county.post("/api/v1/points/" + code + "/ptz", Map.of("action", "left"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().at("/holder/username").asText()).isEqualTo("gb28181:" + CITY);
        var taken = HUB.admin().get("/api/v1/audit?action=PTZ_TAKEN_OVER").json().get("items");
        assertThat(taken.findValuesAsText("target")).contains(code);
    }

    @Test
    void theCityPlaysAPointTwiceWhileALocalViewerWatchesAndIsRefusedOutsideTheRegion() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> CITY_PLATFORM.isRegistered(HUB_ID));
        String code = CAMERAS.register(SmallCounty.TOWNSHIP_1, 361, null);
        try (GbPlatformSimulator.Play first = CITY_PLATFORM.play(HUB_ID, code).get(60, TimeUnit.SECONDS);
                GbPlatformSimulator.Play second = CITY_PLATFORM.play(HUB_ID, code).get(60, TimeUnit.SECONDS)) {
            String local = Rtsp.ffprobe("rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/" + code
                    + "?token=" + HUB.as("county-op").token());
            assertThat(local).contains("\"codec_name\": \"h264\"");
            await().atMost(Duration.ofSeconds(30)).until(() -> first.pictures() >= 50 && second.pictures() >= 50);
            assertThat(first.keyFrames()).isPositive();
            assertThat(first.codec()).isEqualTo(VideoCodec.H264);
            assertThat(new String(first.answer().body(), StandardCharsets.UTF_8)).contains("a=rtpmap:96 PS/90000")
                    .contains("a=sendonly");
            assertThat(HUB.hub().hub().gb().upstreamPlays(CITY)).isEqualTo(2);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> HUB.hub().hub().gb().upstreamPlays(CITY) == 0);

        String elsewhere = CAMERAS.register(SmallCounty.TOWNSHIP_2, 362, null);
        assertThat(CITY_PLATFORM.play(HUB_ID, elsewhere)).failsWithin(60, TimeUnit.SECONDS)
                .withThrowableThat().withMessageContaining("404");
    }

    @Test
    void aProvinceOverTcpSeesTheWholeCountyAndPlaysTheCitysCameraBesideTheCityAndALocalViewer() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> PROVINCE_PLATFORM.isRegistered(HUB_ID)
                && PROVINCE_PLATFORM.keepalives() >= 2 && CITY_PLATFORM.isRegistered(HUB_ID));
        assertThat(PROVINCE_PLATFORM.registeredOverTcp(HUB_ID)).isTrue();
        assertThat(CITY_PLATFORM.registeredOverTcp(HUB_ID)).isFalse();
        String shared = CAMERAS.registerWithQuery(SmallCounty.TOWNSHIP_1, 371, "?audio=aac");
        String provinceOnly = CAMERAS.registerWithQuery(SmallCounty.TOWNSHIP_2, 372, "?audio=pcma");

        List<String> seen = PROVINCE_PLATFORM.queryCatalog(HUB_ID).get(120, TimeUnit.SECONDS).stream()
                .map(item -> item.at("DeviceID")).toList();
        assertThat(seen).contains(shared, provinceOnly);
        assertThat(CITY_PLATFORM.play(HUB_ID, provinceOnly)).failsWithin(60, TimeUnit.SECONDS)
                .withThrowableThat().withMessageContaining("404");

        try (GbPlatformSimulator.Play city = CITY_PLATFORM.play(HUB_ID, shared).get(60, TimeUnit.SECONDS);
                GbPlatformSimulator.Play province = PROVINCE_PLATFORM.play(HUB_ID, shared).get(60, TimeUnit.SECONDS);
                GbPlatformSimulator.Play second = PROVINCE_PLATFORM.play(HUB_ID, provinceOnly).get(60,
                        TimeUnit.SECONDS)) {
            String local = Rtsp.ffprobe("rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/" + shared
                    + "?token=" + HUB.as("county-op").token());
            assertThat(local).contains("\"codec_name\": \"h264\"");
            await().atMost(Duration.ofSeconds(30)).until(() -> city.pictures() >= 50 && province.pictures() >= 50
                    && second.pictures() >= 50);
            // The cameras' sound goes up with the pictures: AAC behind ADTS headers, G.711 A-law as it is.
            await().atMost(Duration.ofSeconds(10)).until(() -> city.audioFrames() >= 10
                    && province.audioFrames() >= 10 && second.audioFrames() >= 10);
            assertThat(city.audioType()).isEqualTo(org.sharpeyes.adapters.gb28181.ps.PsStreamType.AAC);
            assertThat(second.audioType()).isEqualTo(org.sharpeyes.adapters.gb28181.ps.PsStreamType.G711A);
            assertThat(HUB.hub().hub().gb().upstreamPlays(CITY)).isEqualTo(1);
            assertThat(HUB.hub().hub().gb().upstreamPlays(PROVINCE)).isEqualTo(2);
            long before = city.pictures();
            province.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> HUB.hub().hub().gb().upstreamPlays(PROVINCE) == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> city.pictures() >= before + 25);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> HUB.hub().hub().gb().upstreamPlays() == 0);
    }
}
