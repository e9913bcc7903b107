package org.sharpeyes.sim.camera;

import io.netty.buffer.ByteBuf;
import java.awt.image.BufferedImage;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Recorded loops for benchmark cameras: encoded once per settings and shared by every camera that replays them. */
final class Loops {

    private static final Map<CameraSettings, Recorded> RECORDED = new ConcurrentHashMap<>();

    private Loops() {
    }

    static FrameSource recorded(CameraSettings settings, String firstPointCode) {
        return RECORDED.computeIfAbsent(settings, s -> record(s, firstPointCode));
    }

    private static Recorded record(CameraSettings settings, String pointCode) {
        CameraPicture picture = new CameraPicture(pointCode, settings.width(), settings.height());
        List<List<ByteBuf>> frames = new ArrayList<>();
        try (H264Encoder encoder = new H264Encoder(settings)) {
            LocalTime start = LocalTime.now();
            for (int n = 0; n < settings.loopFrames(); n++) {
                long frame = n;
                frames.add(encoder.encode(() -> picture.render(frame,
                        start.plusNanos(frame * 1_000_000_000L / settings.fps())), n));
            }
            return new Recorded(frames, encoder.sps(), encoder.pps());
        } catch (Exception e) {
            throw new IllegalStateException("cannot record the benchmark loop", e);
        }
    }

    /** A loop of encoded frames; closing one camera's use of it keeps it for the others. */
    private record Recorded(List<List<ByteBuf>> frames, ByteBuf sps, ByteBuf pps) implements FrameSource {
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
