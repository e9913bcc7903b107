package org.sharpeyes.hub.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.CameraExtension;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.LiveSocket;
import org.sharpeyes.hub.testing.Rtsp;
import org.sharpeyes.hub.testing.SmallCounty;

/**
 * Cameras with microphones (AAC and G.711 from the simulator): the hub's RTSP passes the audio track on, FLV carries
 * AAC and G.711, fragmented MP4 carries AAC and leaves G.711 out without error; ffprobe reads each.
 */
class AudioPassThroughTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    @RegisterExtension
    static final CameraExtension CAMERAS = new CameraExtension(HUB);
    static String aac;
    static String pcma;
    static String pcmu;
    static ApiClient county;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        aac = CAMERAS.registerWithQuery(SmallCounty.TOWNSHIP_1, 851, "?audio=aac");
        pcma = CAMERAS.registerWithQuery(SmallCounty.TOWNSHIP_1, 852, "?audio=pcma");
        pcmu = CAMERAS.registerWithQuery(SmallCounty.TOWNSHIP_1, 853, "?audio=pcmu");
        county = HUB.as("county-op");
    }

    private static String rtsp(String code) {
        return "rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/" + code + "?token=" + county.token();
    }

    private static String flv(String code) {
        return HUB.hub().base() + "/live/" + code + ".flv?token=" + county.token();
    }

    @Test
    void rtspViewersGetTheCamerasAacTrack() throws Exception {
        assertThat(Rtsp.describe(rtsp(aac))).contains("m=audio 0 RTP/AVP 97").contains("MPEG4-GENERIC/16000")
                .contains("config=1408").contains("a=control:trackID=1");
        assertThat(Rtsp.ffprobe(rtsp(aac))).contains("\"codec_name\": \"h264\"").contains("\"codec_name\": \"aac\"")
                .contains("\"sample_rate\": \"16000\"");
    }

    @Test
    void rtspViewersGetG711OverTcpAndUdp() throws Exception {
        assertThat(audioPackets(Rtsp.countPackets(rtsp(pcma), "tcp"), "pcm_alaw")).as("25 packets a second")
                .isGreaterThan(40);
        assertThat(audioPackets(Rtsp.countPackets(rtsp(pcma), "udp"), "pcm_alaw")).isGreaterThan(40);
    }

    @Test
    void rtspViewersGetEveryAacAccessUnit() throws Exception {
        assertThat(audioPackets(Rtsp.countPackets(rtsp(aac), "tcp"), "aac")).as("15.6 a second at 16 kHz")
                .isGreaterThan(25);
    }

    @Test
    void httpFlvCarriesAacAndG711() throws Exception {
        assertThat(Rtsp.ffprobe(flv(aac))).contains("\"codec_name\": \"h264\"").contains("\"codec_name\": \"aac\"")
                .contains("\"sample_rate\": \"16000\"");
        assertThat(audioPackets(Rtsp.countPackets(flv(aac), "tcp"), "aac")).isGreaterThan(25);
        assertThat(audioPackets(Rtsp.countPackets(flv(pcmu), "tcp"), "pcm_mulaw")).isGreaterThan(40);
    }

    /** The packet count ffprobe gave for the stream of {@code codec}, or -1 when it found no such stream. */
    private static int audioPackets(String report, String codec) {
        return report.lines().filter(line -> line.contains("codec_name=" + codec + "|")).findFirst()
                .map(line -> Integer.parseInt(line.substring(line.indexOf("nb_read_packets=") + 16).trim()))
                .orElse(-1);
    }

    @Test
    void fragmentedMp4CarriesAacAsASecondTrack() throws Exception {
        Path file = mp4(aac);
        assertThat(Rtsp.ffprobe(file.toString())).contains("\"codec_name\": \"h264\"")
                .contains("\"codec_name\": \"aac\"").contains("\"sample_rate\": \"16000\"");
        assertThat(audioPackets(Rtsp.countPackets(file.toString(), "tcp"), "aac")).isGreaterThan(5);
    }

    @Test
    void fragmentedMp4LeavesG711OutWithoutError() throws Exception {
        assertThat(Rtsp.ffprobe(mp4(pcmu).toString())).contains("\"codec_name\": \"h264\"").doesNotContain("pcm_");
    }

    private Path mp4(String code) throws Exception {
        List<byte[]> messages = LiveSocket.messages(LiveSocket.url(HUB, code, "mp4", county), 60);
        Path file = dir.resolve(code + ".mp4");
        try (var out = Files.newOutputStream(file)) {
            for (byte[] message : messages) {
                out.write(message);
            }
        }
        return file;
    }
}
