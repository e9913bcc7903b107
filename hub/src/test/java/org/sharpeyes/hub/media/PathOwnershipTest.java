package org.sharpeyes.hub.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.CameraExtension;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.Rtsp;
import org.sharpeyes.hub.testing.SmallCounty;

/** One owner per live path (issue #18): a viewer that gave up waiting leaves nothing attached to the path. */
class PathOwnershipTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension("media.connectTimeoutSeconds=1", "media.idleCloseSeconds=4");
    @RegisterExtension
    static final CameraExtension CAMERAS = new CameraExtension(HUB);
    static ApiClient county;

    @BeforeAll
    static void start() {
        county = HUB.as("county-op");
    }

    private static String live(String code) {
        return "rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/" + code + "?token=" + county.token();
    }

    private static double gauge(String name) {
        Matcher m = Pattern.compile("^" + name + " (\\S+)", Pattern.MULTILINE)
                .matcher(HUB.hub().anonymous().get("/metrics").text());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void aCameraWhoseFirstPictureComesAfterTheTimeoutLeavesNoViewerAndClosesItsPull() throws Exception {
        String code = CAMERAS.register(SmallCounty.VILLAGE_1_1, 951, "late-start");
        assertThat(Rtsp.describe(live(code))).startsWith("RTSP/1.0 503")
                .contains("X-Reason: camera of point " + code + " did not start playing within 1 s");
        assertThat(gauge("hub_media_viewers")).isZero();
        // The camera plays 3 s after PLAY, after the viewer gave up: nobody may be left holding the path then.
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("hub_media_paths_playing") == 1);
        assertThat(gauge("hub_media_viewers")).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> gauge("hub_media_paths_open") == 0);
        assertThat(gauge("hub_media_paths_playing")).isZero();
    }
}
