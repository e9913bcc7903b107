package org.sharpeyes.sim.camera;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.adapters.rtp.h264.NalUnits;
import org.sharpeyes.adapters.rtp.h265.HevcNalUnits;

/**
 * Encodes pictures with FFmpeg into an Annex B stream flushed after every packet, and cuts that into NAL units:
 * H.264 with OpenH264, H.265 with x265 (from the GPL build of FFmpeg the simulators ship with; the hub's own build
 * has neither encoder, only decoders).
 */
final class VideoEncoder implements FrameSource {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final VideoCodec codec;
    private final FFmpegFrameRecorder recorder;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();
    private final ByteBuf[] parameterSets;

    VideoEncoder(CameraSettings settings, VideoCodec codec) throws FrameRecorder.Exception {
        this.codec = codec;
        this.parameterSets = new ByteBuf[codec == VideoCodec.H264 ? 2 : 3];
        recorder = new FFmpegFrameRecorder(out, settings.width(), settings.height());
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(settings.fps());
        recorder.setGopSize(settings.gop());
        recorder.setVideoBitrate(settings.bitrate());
        if (codec == VideoCodec.H264) {
            recorder.setFormat("h264");
            recorder.setVideoCodecName("libopenh264");
            // openh264's default mode aims at a quality and ignores the bitrate: a grainy picture came out at 40 Mbit/s
            // instead of the 2 asked for. Bitrate mode holds it, as a camera's encoder does; it never skips pictures.
            recorder.setVideoOption("rc_mode", "bitrate");
            recorder.setVideoOption("allow_skip_frames", "0");
        } else {
            recorder.setFormat("hevc");
            recorder.setVideoCodecName("libx265");
            recorder.setVideoOption("preset", "ultrafast");
            // Like a camera: no B-frames, no look-ahead delay, and parameter sets before every key frame.
            recorder.setVideoOption("tune", "zerolatency");
            recorder.setVideoOption("x265-params", "repeat-headers=1:log-level=error:keyint=" + settings.gop()
                    + ":min-keyint=" + settings.gop() + ":scenecut=0:open-gop=0");
        }
        recorder.setOption("flush_packets", "1");
        recorder.start();
    }

    @Override
    public VideoCodec codec() {
        return codec;
    }

    @Override
    public List<ByteBuf> encode(Supplier<BufferedImage> picture, long frameNumber) throws FrameRecorder.Exception {
        out.reset();
        recorder.record(converter.convert(picture.get()));
        if (out.size() == 0) {
            return List.of();
        }
        ByteBuf stream = Unpooled.wrappedBuffer(out.toByteArray());
        List<ByteBuf> nals = new ArrayList<>();
        boolean carriesSets = false;
        boolean key = false;
        for (ByteBuf nal : NalUnits.splitAnnexB(stream)) {
            int set = parameterSetIndex(nal);
            if (set >= 0) {
                parameterSets[set] = Unpooled.copiedBuffer(nal);
                carriesSets = true;
            }
            key |= codec.isKeyNal(nal);
            if (!isDelimiter(nal)) {
                nals.add(nal);
            }
        }
        // Cameras repeat the parameter sets before every key frame, so a viewer can start (or a decoder switch) there.
        if (key && !carriesSets && hasParameterSets()) {
            for (int i = parameterSets.length - 1; i >= 0; i--) {
                nals.add(0, parameterSets[i].duplicate());
            }
        }
        return nals;
    }

    private int parameterSetIndex(ByteBuf nal) {
        int type = codec.nalType(nal);
        if (codec == VideoCodec.H264) {
            return type == NalUnits.SPS ? 0 : type == NalUnits.PPS ? 1 : -1;
        }
        return type == HevcNalUnits.VPS ? 0 : type == HevcNalUnits.SPS ? 1 : type == HevcNalUnits.PPS ? 2 : -1;
    }

    private boolean isDelimiter(ByteBuf nal) {
        return codec.nalType(nal) == (codec == VideoCodec.H264 ? NalUnits.AUD : HevcNalUnits.AUD);
    }

    private boolean hasParameterSets() {
        for (ByteBuf set : parameterSets) {
            if (set == null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<ByteBuf> parameterSets() {
        return hasParameterSets() ? List.of(parameterSets) : List.of();
    }

    @Override
    public void close() throws FrameRecorder.Exception {
        recorder.stop();
        recorder.release();
    }
}
