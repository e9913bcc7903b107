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
import org.sharpeyes.adapters.rtp.h264.NalUnits;

/**
 * Encodes pictures to H.264 with FFmpeg's OpenH264 encoder (the LGPL build has no libx264; asking for it silently
 * gives MPEG-4) into an Annex B stream flushed after every packet, and cuts that into NAL units.
 */
final class H264Encoder implements FrameSource {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final FFmpegFrameRecorder recorder;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();
    private ByteBuf sps;
    private ByteBuf pps;

    H264Encoder(CameraSettings settings) throws FrameRecorder.Exception {
        recorder = new FFmpegFrameRecorder(out, settings.width(), settings.height());
        recorder.setFormat("h264");
        recorder.setVideoCodecName("libopenh264");
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(settings.fps());
        recorder.setGopSize(settings.gop());
        recorder.setVideoBitrate(settings.bitrate());
        recorder.setOption("flush_packets", "1");
        recorder.start();
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
        boolean parameterSets = false;
        boolean idr = false;
        for (ByteBuf nal : NalUnits.splitAnnexB(stream)) {
            int type = NalUnits.type(nal);
            if (type == NalUnits.SPS) {
                sps = Unpooled.copiedBuffer(nal);
                parameterSets = true;
            } else if (type == NalUnits.PPS) {
                pps = Unpooled.copiedBuffer(nal);
            }
            idr |= type == NalUnits.IDR;
            if (type != NalUnits.AUD) {
                nals.add(nal);
            }
        }
        // Cameras repeat SPS and PPS before every key frame, so a viewer can start (or a decoder switch) there.
        if (idr && !parameterSets && sps != null && pps != null) {
            nals.add(0, pps.duplicate());
            nals.add(0, sps.duplicate());
        }
        return nals;
    }

    @Override
    public ByteBuf sps() {
        return sps;
    }

    @Override
    public ByteBuf pps() {
        return pps;
    }

    @Override
    public void close() throws FrameRecorder.Exception {
        recorder.stop();
        recorder.release();
    }
}
