package org.sharpeyes.adapters.gb28181.ps;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sharpeyes.adapters.rtp.VideoCodec;

/**
 * The program stream against an implementation no one here wrote, Debian's FFmpeg (installed by
 * scripts/test-deps.sh): FFmpeg's MPEG-2 PS (VOB) muxer writes, our demuxer reads picture for picture; our muxer
 * writes those pictures again, and ffprobe counts and decodes every one.
 */
class PsInteropTest {

    private static final int PICTURES = 50;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"libx264, H264, h264", "libx265, H265, hevc"})
    void ffmpegProgramStreamsAreReadPictureForPictureAndOursReadBack(String encoder, VideoCodec codec, String name)
            throws Exception {
        Path theirs = dir.resolve("ffmpeg.ps");
        run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=25", "-frames:v", String.valueOf(PICTURES), "-c:v", encoder, "-g", "25",
                "-bf", "0", "-pix_fmt", "yuv420p", "-f", "vob", theirs.toString());

        PsFixtures.Found found = new PsFixtures.Found();
        List<PsVideoFrame> kept = new ArrayList<>();
        PsDemuxer demuxer = new PsDemuxer(ByteBufAllocator.DEFAULT, new PsDemuxer.Listener() {
            @Override
            public void video(PsVideoFrame frame) {
                kept.add(frame);
            }

            @Override
            public void audio(PsAudioFrame frame) {
                frame.data().release();
            }

            @Override
            public void malformed(String what) {
                found.malformed(what);
            }
        });
        byte[] bytes = Files.readAllBytes(theirs);
        // In RTP-sized pieces, as a device's stream arrives.
        for (int at = 0; at < bytes.length; at += 1400) {
            demuxer.push(Unpooled.wrappedBuffer(bytes, at, Math.min(1400, bytes.length - at)));
        }
        demuxer.endOfFrame();
        demuxer.close();

        assertThat(found.malformed).isEmpty();
        assertThat(kept).hasSize(PICTURES);
        assertThat(kept).allSatisfy(frame -> assertThat(frame.codec()).isEqualTo(codec));
        assertThat(kept.stream().filter(PsVideoFrame::keyFrame).count()).isEqualTo(2);
        assertThat(kept.get(0).keyFrame()).isTrue();
        assertThat(kept.get(25).keyFrame()).isTrue();
        for (int i = 1; i < PICTURES; i++) {
            assertThat(kept.get(i).pts() - kept.get(i - 1).pts()).as("PTS step at %d", i).isEqualTo(3600);
        }

        Path ours = dir.resolve("ours.ps");
        PsMuxer muxer = new PsMuxer(codec, null);
        try (OutputStream out = Files.newOutputStream(ours)) {
            for (PsVideoFrame frame : kept) {
                ByteBuf ps = muxer.picture(ByteBufAllocator.DEFAULT, frame.nals(), frame.pts(), frame.keyFrame());
                ps.readBytes(out, ps.readableBytes());
                ps.release();
                frame.release();
            }
        }
        String probe = run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                "stream=codec_name,width,height,nb_read_frames", "-of", "default=noprint_wrappers=1", ours.toString());
        assertThat(probe).contains("codec_name=" + name).contains("width=320").contains("height=240")
                .contains("nb_read_frames=" + PICTURES);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }
}
