package org.sharpeyes.hub.media.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.rtp.RtpPacket;
import org.sharpeyes.adapters.sdp.SessionDescription;
import org.sharpeyes.hub.testing.AudioKeeper;

class MediaStreamAudioTest {

    private static final String SDP = "v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
            + "m=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/16000/1\r\na=fmtp:97 streamtype=5;profile-level-id=15;"
            + "mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1408\r\n";

    private static RtpPacket packet(int sequence, long timestamp, String payloadHex) {
        ByteBuf bytes = Unpooled.buffer();
        RtpPacket.writeHeader(bytes, true, 97, sequence, timestamp, 0x1234);
        bytes.writeBytes(HexFormat.of().parseHex(payloadHex));
        return RtpPacket.parse(bytes);
    }

    @Test
    void rewritesAacPacketsAndMakesOneFlvBodyPerAccessUnit() {
        MediaStream stream = new MediaStream(ByteBufAllocator.DEFAULT);
        AudioTrack track = AudioTrack.of(SessionDescription.parse(SDP).audio());
        assertThat(track.flvCarriage()).isEqualTo(AudioTrack.FlvCarriage.AAC);
        stream.setAudioTrack(track);
        AudioKeeper keeper = new AudioKeeper();
        stream.addReader(keeper);
        assertThat(stream.publishAudio(packet(7, 5_000, "0020" + "0010" + "0018" + "aabb" + "ccddee"))).isTrue();
        assertThat(keeper.audio()).hasSize(1);
        AudioUnit unit = keeper.audio().get(0);
        assertThat(unit.flv()).extracting(f -> ByteBufUtil.hexDump(f.body())).containsExactly("af01aabb", "af01ccddee");
        assertThat(unit.flv().get(1).timestamp() - unit.flv().get(0).timestamp()).as("1024 samples at 16 kHz")
                .isEqualTo(5_760);
        RtpPacket out = RtpPacket.parse(unit.rtpPacket().duplicate());
        assertThat(out.payloadType()).isEqualTo(97);
        assertThat(out.ssrc()).isNotEqualTo(0x1234);
        unit.release();
    }

    @Test
    void passesAMalformedAacPacketToRtspOnlyAndSaysSo() {
        MediaStream stream = new MediaStream(ByteBufAllocator.DEFAULT);
        stream.setAudioTrack(AudioTrack.of(SessionDescription.parse(SDP).audio()));
        AudioKeeper keeper = new AudioKeeper();
        stream.addReader(keeper);
        assertThat(stream.publishAudio(packet(1, 0, "0020ffff"))).isFalse();
        assertThat(keeper.audio()).hasSize(1);
        assertThat(keeper.audio().get(0).flv()).isEmpty();
        keeper.audio().get(0).release();
    }
}
