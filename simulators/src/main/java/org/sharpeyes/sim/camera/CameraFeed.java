package org.sharpeyes.sim.camera;

import io.netty.buffer.ByteBuf;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated camera: encodes its picture at the configured rate while anyone watches, and hands every frame to
 * its subscribers. Encoding starts with the first subscriber and stops when the last one leaves.
 */
final class CameraFeed {

    private static final Logger LOG = LoggerFactory.getLogger(CameraFeed.class);

    private final String pointCode;
    private final PtzPosition ptz;
    private final CameraSettings settings;
    private final ScheduledExecutorService encoderThread;
    private final List<Consumer<EncodedFrame>> subscribers = new CopyOnWriteArrayList<>();
    private final boolean changingSize;
    private final VideoCodec codec;
    private final CameraAudio.Codec audioCodec;
    private CameraAudio audio;
    private FrameSource encoder;
    private FrameSource smallEncoder;
    private CameraPicture smallPicture;
    private CameraPicture picture;
    private ScheduledFuture<?> ticking;
    private long frameNumber;
    private long startNanos;

    CameraFeed(String pointCode, CameraSettings settings, VideoCodec codec, CameraAudio.Codec audioCodec,
            ScheduledExecutorService encoderThread, boolean changingSize, PtzPosition ptz) {
        this.ptz = ptz;
        this.codec = codec;
        this.audioCodec = audioCodec;
        this.changingSize = changingSize;
        this.pointCode = pointCode;
        this.settings = settings;
        this.encoderThread = encoderThread;
    }

    /** Starts the encoder if needed and waits until it has produced its parameter sets. */
    synchronized void ensureStarted() throws Exception {
        if (encoder != null) {
            return;
        }
        encoder = settings.loopFrames() > 0 ? Loops.recorded(settings, codec, pointCode)
                : new VideoEncoder(settings, codec);
        picture = new CameraPicture(pointCode, settings.width(), settings.height(), ptz, settings.grain());
        if (changingSize) {
            CameraSettings small = new CameraSettings(settings.width() / 4 * 2, settings.height() / 4 * 2,
                    settings.fps(), settings.bitrate() / 2, settings.gop(), null, null);
            smallEncoder = new VideoEncoder(small, codec);
            smallPicture = new CameraPicture(pointCode, small.width(), small.height(), ptz);
        }
        if (audioCodec != null) {
            audio = new CameraAudio(audioCodec);
        }
        startNanos = System.nanoTime();
        frameNumber = 0;
        encodeOne();
        long period = 1_000_000_000L / settings.fps();
        ticking = encoderThread.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
        LOG.info("camera {} started", pointCode);
    }

    VideoCodec codec() {
        return codec;
    }

    /** The microphone's codec, or null for a camera without one. */
    CameraAudio.Codec audioCodec() {
        return audioCodec;
    }

    /** The parameter sets for the SDP ({@code sprop-parameter-sets}, or {@code sprop-vps/sps/pps}). */
    synchronized List<ByteBuf> parameterSets() {
        return encoder.parameterSets();
    }

    /** Every subscriber now, for fault injection. */
    List<Consumer<EncodedFrame>> subscribers() {
        return List.copyOf(subscribers);
    }

    void subscribe(Consumer<EncodedFrame> subscriber) {
        subscribers.add(subscriber);
    }

    void unsubscribe(Consumer<EncodedFrame> subscriber) {
        subscribers.remove(subscriber);
        if (subscribers.isEmpty()) {
            encoderThread.execute(this::stopIfIdle);
        }
    }

    private synchronized void stopIfIdle() {
        if (!subscribers.isEmpty() || encoder == null) {
            return;
        }
        ticking.cancel(false);
        try {
            encoder.close();
            if (smallEncoder != null) {
                smallEncoder.close();
            }
            if (audio != null) {
                audio.close();
            }
        } catch (Exception e) {
            LOG.warn("camera {}: closing the encoder failed", pointCode, e);
        }
        encoder = null;
        smallEncoder = null;
        audio = null;
        LOG.info("camera {} stopped: nobody watches", pointCode);
    }

    private synchronized void tick() {
        if (encoder == null) {
            return;
        }
        try {
            EncodedFrame frame = encodeOne();
            if (frame != null) {
                for (Consumer<EncodedFrame> subscriber : subscribers) {
                    subscriber.accept(frame);
                }
            }
        } catch (Exception e) {
            LOG.warn("camera {}: encoding failed", pointCode, e);
        }
    }

    private EncodedFrame encodeOne() throws Exception {
        long n = frameNumber++;
        // Each encoder works in whole GOPs, so each of its turns starts with its own key frame.
        boolean small = changingSize && (n / settings.gop()) % 2 == 1;
        CameraPicture drawing = small ? smallPicture : picture;
        List<ByteBuf> nals = (small ? smallEncoder : encoder).encode(() -> drawing.render(n, LocalTime.now()), n);
        if (nals.isEmpty()) {
            return null;
        }
        long elapsed = System.nanoTime() - startNanos;
        long timestamp = elapsed * 90 / 1_000_000;
        boolean key = nals.stream().anyMatch(codec::isKeyNal);
        return new EncodedFrame(nals, timestamp, key, audio == null ? List.of() : audio.encodeUntil(elapsed));
    }
}
