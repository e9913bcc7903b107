package org.sharpeyes.adapters.rtp.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdtsTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryFrameFfmpegWritesWithTheConfigItsHeadersName() throws Exception {
        Path adts = dir.resolve("tone.aac");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=1000:sample_rate=16000:duration=2", "-ac", "1", "-c:a", "aac", "-f", "adts",
                adts.toString()).redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes());
        assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).as(output).isZero();
        ByteBuf data = Unpooled.wrappedBuffer(Files.readAllBytes(adts));

        List<Adts.Frame> frames = Adts.frames(data);
        // 2 s at 16 kHz is 31.25 frames of 1,024 samples; the encoder adds its priming frame.
        assertThat(frames).hasSizeBetween(32, 34);
        assertThat(frames.get(0).config()).containsExactly(0x14, 0x08);
        assertThat(frames.get(0).sampleRate()).isEqualTo(16_000);
        assertThat(frames.get(0).channels()).isEqualTo(1);
        assertThat(Mpeg4Generic.sampleRate(frames.get(0).config())).isEqualTo(16_000);
        int total = frames.stream().mapToInt(f -> f.payload().readableBytes() + 7).sum();
        assertThat(total).isEqualTo(data.readableBytes());
    }

    @Test
    void refusesWhatIsNoAdtsNamingTheByte() {
        byte[] good = {(byte) 0xFF, (byte) 0xF1, 0x60, 0x40, 0x01, (byte) 0x7F, (byte) 0xFC, 1, 2, 3, 4};
        assertThat(Adts.frames(Unpooled.wrappedBuffer(good))).singleElement()
                .satisfies(frame -> assertThat(frame.payload().readableBytes()).isEqualTo(4));
        byte[] twice = new byte[good.length * 2];
        System.arraycopy(good, 0, twice, 0, good.length);
        System.arraycopy(good, 0, twice, good.length, good.length);
        twice[good.length] = 0x00;
        assertThatThrownBy(() -> Adts.frames(Unpooled.wrappedBuffer(twice))).hasMessage("ADTS: no sync word at byte 11");
        byte[] tooLong = good.clone();
        tooLong[4] = 0x02;
        assertThatThrownBy(() -> Adts.frames(Unpooled.wrappedBuffer(tooLong)))
                .hasMessage("ADTS: frame length 19 at byte 0 does not fit the 11 bytes left");
        assertThatThrownBy(() -> Adts.frames(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xF1})))
                .hasMessage("ADTS: 2 bytes at byte 0, too few for a header");
    }

    @Test
    void writesAHeaderThatReadsBackToTheSameConfigAndFrame() {
        ByteBuf raw = Unpooled.wrappedBuffer(new byte[] {9, 8, 7, 6, 5});
        ByteBuf framed = Adts.frame(io.netty.buffer.ByteBufAllocator.DEFAULT, new byte[] {0x14, 0x08}, raw);
        Adts.Frame back = Adts.frames(framed).get(0);
        assertThat(back.config()).containsExactly(0x14, 0x08);
        assertThat(back.sampleRate()).isEqualTo(16_000);
        assertThat(io.netty.buffer.ByteBufUtil.getBytes(back.payload())).containsExactly(9, 8, 7, 6, 5);
        framed.release();
    }
}
