package org.sharpeyes.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.CameraExtension;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.hub.testing.TestHub;
import org.sharpeyes.sim.onvif.OnvifSettings;
import org.sharpeyes.sim.onvif.OnvifSimulator;
import picocli.CommandLine;

/** {@code hub.jar points discover} against a running hub and simulated ONVIF cameras. */
class PointsDiscoverCommandTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    @RegisterExtension
    static final CameraExtension CAMERAS = new CameraExtension(HUB);
    private static OnvifSimulator onvif;
    private static String registered;
    private static String fresh;

    @BeforeAll
    static void cameras() throws Exception {
        registered = (String) SmallCounty.camera(SmallCounty.VILLAGE_1_1, 901).get("code");
        fresh = (String) SmallCounty.camera(SmallCounty.VILLAGE_1_1, 902).get("code");
        onvif = new OnvifSimulator(OnvifSettings.of("admin", "pw-1"), CAMERAS.server(), "rtsp://127.0.0.1:"
                + CAMERAS.port(), 320, 240).add(registered, "已登记").add(fresh, "新装");
        onvif.start("127.0.0.1", 0, 0, false);
        Map<String, Object> point = SmallCounty.camera(SmallCounty.VILLAGE_1_1, 901);
        point.put("type", "PTZ_CAMERA");
        point.put("onvifUrl", onvif.deviceUrl(registered));
        HUB.register(point);
    }

    @AfterAll
    static void stop() {
        onvif.close();
    }

    @Test
    void listsTheCamerasFoundWithWhatTheyAreAndWhichAreRegistered() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new PointsDiscoverCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute("--server=" + HUB.hub().base(),
                "--password=" + TestHub.ADMIN_PASSWORD, "--hosts=127.0.0.1:" + onvif.discoveryPort(),
                "--camera-user=admin", "--camera-password=pw-1", "--wait-millis=1500");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).contains(onvif.deviceUrl(registered), onvif.deviceUrl(fresh), "SharpEyes Sim",
                "SE-PTZ-SIM", "main H264 320x240 PTZ, h265 H265 320x240 PTZ", "registered: as " + registered,
                "registered: no", "2 camera(s) found");
    }

    @Test
    void aWrongHubPasswordSaysSo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new PointsDiscoverCommand(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute("--server=" + HUB.hub().base(),
                "--password=wrong");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("discovery failed: the hub answered 401");
    }
}
