package org.sharpeyes.hub.gb28181;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.adapters.gb28181.ps.PsAudioFrame;
import org.sharpeyes.adapters.gb28181.ps.PsStreamType;
import org.sharpeyes.adapters.rtp.RtpPacket;
import org.sharpeyes.hub.media.stream.AudioTrack;
import org.sharpeyes.hub.media.stream.AudioUnit;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.testing.AudioKeeper;
import org.sharpeyes.hub.testing.Rtsp;

class GbAudioTest {

    @TempDir
    Path dir;

    @Test
    void announcesG711FromTheStreamMapAndCutsLongPesIntoPacketsFlvCarries() {
        MediaStream stream = new MediaStream(ByteBufAllocator.DEFAULT);
        AudioKeeper keeper = new AudioKeeper();
        stream.addReader(keeper);
        GbAudio audio = new GbAudio(stream, ByteBufAllocator.DEFAULT);
        audio.mapped(null);
        assertThat(stream.audioTrack()).isNull();
        audio.mapped(PsStreamType.G711A);
        assertThat(stream.audioTrack().encoding()).isEqualTo("PCMA");
        assertThat(stream.audioTrack().flvCarriage()).isEqualTo(AudioTrack.FlvCarriage.PCMA);

        audio.frame(new PsAudioFrame(PsStreamType.G711A, 0, Unpooled.buffer().writeZero(2000)));
        assertThat(keeper.audio()).hasSize(3);
        assertThat(keeper.audio()).extracting(unit -> RtpPacket.parse(unit.rtpPacket().duplicate()).payload()
                .readableBytes()).containsExactly(960, 960, 80);
        assertThat(keeper.audio()).extracting(unit -> RtpPacket.parse(unit.rtpPacket().duplicate()).payloadType())
                .containsOnly(8);
        assertThat(keeper.audio()).allSatisfy(unit -> assertThat(unit.flv()).hasSize(1));
        keeper.audio().forEach(AudioUnit::release);
    }

    @Test
    void makesAacHbrPacketsAndTheConfigFromFfmpegsAdtsFrames() throws Exception {
        Rtsp.assumeInstalled("ffmpeg");
        Path adts = dir.resolve("tone.aac");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=1000:sample_rate=16000:duration=1", "-ac", "1", "-c:a", "aac", "-f", "adts",
                adts.toString()).redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes());
        assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).as(output).isZero();
        MediaStream stream = new MediaStream(ByteBufAllocator.DEFAULT);
        AudioKeeper keeper = new AudioKeeper();
        stream.addReader(keeper);
        GbAudio audio = new GbAudio(stream, ByteBufAllocator.DEFAULT);

        audio.frame(new PsAudioFrame(PsStreamType.AAC, 0, Unpooled.wrappedBuffer(Files.readAllBytes(adts))));
        AudioTrack track = stream.audioTrack();
        assertThat(track.encoding()).isEqualTo("MPEG4-GENERIC");
        assertThat(track.clockRate()).isEqualTo(16_000);
        assertThat(track.fmtp()).containsEntry("config", "1408").containsEntry("mode", "AAC-hbr");
        assertThat(track.flvCarriage()).isEqualTo(AudioTrack.FlvCarriage.AAC);
        assertThat(keeper.audio()).hasSizeBetween(16, 18);
        assertThat(keeper.audio()).allSatisfy(unit -> assertThat(unit.flv()).hasSize(1));
        long first = RtpPacket.parse(keeper.audio().get(0).rtpPacket().duplicate()).timestamp();
        long second = RtpPacket.parse(keeper.audio().get(1).rtpPacket().duplicate()).timestamp();
        assertThat(second - first).as("one AAC frame").isEqualTo(1024);
        keeper.audio().forEach(AudioUnit::release);

        assertThatThrownBy(() -> audio.frame(new PsAudioFrame(PsStreamType.AAC, 0, Unpooled.wrappedBuffer(
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8})))).hasMessage("ADTS: no sync word at byte 0");
    }
}
