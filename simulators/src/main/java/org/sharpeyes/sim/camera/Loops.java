package org.sharpeyes.sim.camera;

import io.netty.buffer.ByteBuf;
import java.awt.image.BufferedImage;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.sharpeyes.adapters.rtp.VideoCodec;

/** Recorded loops for benchmark cameras: encoded once per settings and shared by every camera that replays them. */
final class Loops {

    private static final Map<String, Recorded> RECORDED = new ConcurrentHashMap<>();

    private Loops() {
    }

    static FrameSource recorded(CameraSettings settings, VideoCodec codec, String firstPointCode) {
        return RECORDED.computeIfAbsent(codec + " " + settings, key -> record(settings, codec, firstPointCode));
    }

    private static Recorded record(CameraSettings settings, VideoCodec codec, String pointCode) {
        CameraPicture picture = new CameraPicture(pointCode, settings.width(), settings.height(), null,
                settings.grain());
        List<List<ByteBuf>> frames = new ArrayList<>();
        try (VideoEncoder encoder = new VideoEncoder(settings, codec)) {
            LocalTime start = LocalTime.now();
            for (int n = 0; n < settings.loopFrames(); n++) {
                long frame = n;
                frames.add(encoder.encode(() -> picture.render(frame,
                        start.plusNanos(frame * 1_000_000_000L / settings.fps())), n));
            }
            return new Recorded(codec, frames, encoder.parameterSets());
        } catch (Exception e) {
            throw new IllegalStateException("cannot record the benchmark loop", e);
        }
    }

    /** A loop of encoded frames; closing one camera's use of it keeps it for the others. */
    private record Recorded(VideoCodec codec, List<List<ByteBuf>> frames, List<ByteBuf> parameterSets)
            implements FrameSource {
        @Override
        public List<ByteBuf> encode(Supplier<BufferedImage> picture, long frameNumber) {
            return frames.get((int) (frameNumber % frames.size()));
        }

        @Override
        public void close() {
            // shared by every camera replaying it
        }
    }
}
