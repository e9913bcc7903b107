package org.sharpeyes.hub.gb28181;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.adapters.net.Transport;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointStatus;
import org.sharpeyes.hub.registry.PointType;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.gb28181.GbDeviceSimulator;

/** The real hub's SIP port against simulated GB/T 28181 NVRs: registration, catalog into points, keepalive. */
class GbDeviceAccessTest {

    private static final String HUB_ID = "51012200002000000001";

    @RegisterExtension
    static final HubExtension HUB = new HubExtension("sip.id=" + HUB_ID, "sip.password=gb-secret-1",
            "sip.keepaliveSeconds=1");
    static EventLoopGroup loops;
    static final List<GbCatalogs.Outcome> CATALOGS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        loops = Transport.loops(1);
        HUB.hub().hub().gb().watchCatalogs(CATALOGS::add);
    }

    @AfterAll
    static void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static GbDeviceSimulator nvr(String id, String password, int channels, String civilCode)
            throws InterruptedException {
        GbDeviceSimulator device = new GbDeviceSimulator(loops, new InetSocketAddress("127.0.0.1",
                HUB.hub().hub().gb().port()), HUB_ID, new GbDeviceSimulator.Options(id, password, channels,
                civilCode, 1, 20));
        device.start();
        return device;
    }

    private static GbCatalogs.Outcome catalogOf(String deviceId, int nth) {
        await().atMost(Duration.ofSeconds(60)).until(() -> CATALOGS.stream().filter(c -> c.deviceId()
                .equals(deviceId)).count() >= nth);
        return CATALOGS.stream().filter(c -> c.deviceId().equals(deviceId)).skip(nth - 1).findFirst().orElseThrow();
    }

    @Test
    void aThousandChannelCatalogInFragmentsBecomesPointsInTheTownshipItsCivilCodeNamesAndIsUpdatedNotDuplicated()
            throws Exception {
        String id = "51012200001180000001";
        try (GbDeviceSimulator nvr = nvr(id, "gb-secret-1", 1000, "51012201")) {
            assertThat(nvr.register(3600).get(30, TimeUnit.SECONDS)).isEqualTo(200);
            nvr.startKeepalives();
            GbCatalogs.Outcome first = catalogOf(id, 1);
            assertThat(first.items()).isEqualTo(1000);
            assertThat(first.inserted()).isEqualTo(1000);
            assertThat(first.skipped()).isEmpty();

            Point dome = HUB.hub().hub().points().find(nvr.channelId(2)).orElseThrow();
            assertThat(dome.regionCode()).isEqualTo(SmallCounty.TOWNSHIP_1);
            assertThat(dome.type()).isEqualTo(PointType.PTZ_CAMERA);
            assertThat(dome.name()).isEqualTo("模拟通道 2");
            assertThat(dome.streamUrl()).isEqualTo("gb28181://" + id + "/" + nvr.channelId(2));
            assertThat(dome.lat()).isEqualTo(30.6002);
            Point fixed = HUB.hub().hub().points().find(nvr.channelId(1)).orElseThrow();
            assertThat(fixed.type()).isEqualTo(PointType.CAMERA);
            await().atMost(Duration.ofSeconds(30)).until(() -> HUB.hub().hub().points().find(nvr.channelId(1000))
                    .orElseThrow().status() == PointStatus.ONLINE);
            long count = HUB.hub().hub().points().count();

            HUB.hub().hub().gb().queryCatalog(HUB.hub().hub().gb().device(id).orElseThrow()).get(30,
                    TimeUnit.SECONDS);
            GbCatalogs.Outcome second = catalogOf(id, 2);
            assertThat(second.inserted()).isZero();
            assertThat(second.updated()).isEqualTo(1000);
            assertThat(HUB.hub().hub().points().count()).isEqualTo(count);

            // The region rule holds for GB points as for any: township 2 does not see township 1's channels.
            assertThat(HUB.as("town2-op").get("/api/v1/points/" + nvr.channelId(1)).status()).isEqualTo(404);
            assertThat(HUB.as("town1-op").get("/api/v1/points/" + nvr.channelId(1)).status()).isEqualTo(200);
        }
    }

    @Test
    void channelsGoOfflineWithTheirDeviceWhenItsKeepalivesStop() throws Exception {
        String id = "51012200001180000002";
        try (GbDeviceSimulator nvr = nvr(id, "gb-secret-1", 4, "51012202")) {
            assertThat(nvr.register(3600).get(30, TimeUnit.SECONDS)).isEqualTo(200);
            nvr.startKeepalives();
            catalogOf(id, 1);
            String channel = nvr.channelId(3);
            await().atMost(Duration.ofSeconds(30)).until(() -> HUB.hub().hub().points().find(channel).orElseThrow()
                    .status() == PointStatus.ONLINE);
            assertThat(HUB.hub().hub().points().find(channel).orElseThrow().regionCode())
                    .isEqualTo(SmallCounty.TOWNSHIP_2);
            GbDevice known = HUB.hub().hub().gb().device(id).orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(() -> !known.info().isEmpty() && !known.status().isEmpty());
            assertThat(known.info()).containsEntry("Manufacturer", "SharpEyes").containsEntry("Model", "SIM-NVR")
                    .containsEntry("Channel", "4");
            assertThat(known.status()).containsEntry("Online", "ONLINE").containsEntry("Result", "OK");
            await().atMost(Duration.ofSeconds(30)).until(() -> known.alarmSubscription().startsWith("active"));
            var device = HUB.as("town2-op").get("/api/v1/points/" + channel + "/gb28181/diagnosis").json()
                    .get("device");
            assertThat(device.at("/info/Model").asText()).isEqualTo("SIM-NVR");
            assertThat(device.at("/status/Online").asText()).isEqualTo("ONLINE");
            assertThat(device.at("/alarmSubscription").asText()).startsWith("active, 3600 s from ");

            nvr.stopKeepalives();
            await().atMost(Duration.ofSeconds(30)).until(() -> HUB.hub().hub().points().find(channel).orElseThrow()
                    .status() == PointStatus.OFFLINE);
            assertThat(HUB.hub().hub().gb().device(id).orElseThrow().online()).isFalse();
            assertThat(known.alarmSubscription()).isEqualTo("ended: the device went offline");
        }
    }

    @Test
    void aOneKeyAlarmBoxOnGb28181RaisesTheSameAlarmAsOverMqttInItsRegionOnly() throws Exception {
        String box = HUB.register(SmallCounty.device(SmallCounty.TOWNSHIP_1, "ONE_KEY_ALARM", "134", 951, "box",
                "box-pw-951", null));
        String camera = HUB.register(SmallCounty.camera(SmallCounty.TOWNSHIP_1, 954));
        assertThat(HUB.admin().put("/api/v1/points/" + box + "/links", Map.of("cameras", List.of(camera)))
                .status()).isEqualTo(200);
        ApiClient town = HUB.as("town1-op");
        long wall = town.get("/api/v1/walls").json().get(0).get("id").asLong();
        try (GbDeviceSimulator device = nvr(box, "box-pw-951", 0, "51012201")) {
            assertThat(device.register(3600).get(30, TimeUnit.SECONDS)).as("its own password").isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> HUB.hub().hub().gb().device(box).orElseThrow()
                    .alarmSubscription().startsWith("active, 3600 s"));
            assertThat(device.subscribes()).isEqualTo(1);
            assertThat(device.alarm(box, 1, 2, "一键报警").get(30, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(device.alarmNotifies()).as("sent under the hub's subscription").isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> HUB.as("town1-op").get("/api/v1/alarms?state=OPEN")
                    .json().findValuesAsText("pointCode").contains(box));
            assertThat(HUB.as("town2-op").get("/api/v1/alarms?state=OPEN").json().findValuesAsText("pointCode"))
                    .doesNotContain(box);
            // The same linkage as an MQTT alarm box's: its linked camera opens on the township's wall.
            await().atMost(Duration.ofSeconds(30)).until(() -> town.get("/api/v1/walls/" + wall).json()
                    .findValuesAsText("pointCode").contains(camera));
        }
    }

    @Test
    void refreshesAShortAlarmSubscriptionWithinItsDialogAndAlarmsKeepComingUnderIt() throws Exception {
        String box = HUB.register(SmallCounty.device(SmallCounty.TOWNSHIP_1, "ONE_KEY_ALARM", "134", 953, "box3",
                "box-pw-953", null));
        try (GbDeviceSimulator device = nvr(box, "box-pw-953", 0, "51012201").grantingSubscriptionsOf(5)) {
            assertThat(device.register(3600).get(30, TimeUnit.SECONDS)).isEqualTo(200);
            device.startKeepalives();
            await().atMost(Duration.ofSeconds(30)).until(() -> device.refreshes() >= 1);
            assertThat(device.subscribes()).isEqualTo(device.refreshes() + 1);
            assertThat(HUB.hub().hub().gb().device(box).orElseThrow().alarmSubscription()).startsWith("active, 5 s");
            assertThat(device.alarm(box, 1, 2, "一键报警").get(30, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(device.alarmNotifies()).isEqualTo(1);
        }
    }

    @Test
    void aDeviceThatRefusesTheAlarmSubscriptionStillRaisesAlarmsByMessage() throws Exception {
        String box = HUB.register(SmallCounty.device(SmallCounty.TOWNSHIP_1, "ONE_KEY_ALARM", "134", 952, "box2",
                "box-pw-952", null));
        try (GbDeviceSimulator device = nvr(box, "box-pw-952", 0, "51012201").refusingSubscriptions(true)) {
            assertThat(device.register(3600).get(30, TimeUnit.SECONDS)).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> HUB.hub().hub().gb().device(box).orElseThrow()
                    .alarmSubscription().startsWith("refused: 489 Bad Event"));
            assertThat(device.alarm(box, 2, 2, "一键报警").get(30, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(device.alarmNotifies()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> HUB.as("town1-op").get("/api/v1/alarms?state=OPEN")
                    .json().findValuesAsText("pointCode").contains(box));
        }
    }

    @Test
    void aDeviceWithAWrongPasswordIsRefusedAndBringsNoPoints() throws Exception {
        String id = "51012200001180000003";
        try (GbDeviceSimulator nvr = nvr(id, "not-the-password", 3, "51012201")) {
            assertThat(nvr.register(3600).get(30, TimeUnit.SECONDS)).isEqualTo(403);
            assertThat(HUB.hub().hub().gb().device(id)).isEmpty();
            assertThat(HUB.hub().hub().points().find(nvr.channelId(1))).isEmpty();
            assertThat(HUB.hub().metric("gb28181_registrations_refused_total")).isGreaterThanOrEqualTo(1);
        }
    }
}
