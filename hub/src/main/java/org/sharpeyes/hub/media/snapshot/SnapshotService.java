package org.sharpeyes.hub.media.snapshot;

import io.netty.buffer.ByteBuf;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.hub.media.Attachment;
import org.sharpeyes.hub.media.MediaUnavailableException;
import org.sharpeyes.hub.media.PathRegistry;
import org.sharpeyes.hub.media.stream.AccessUnit;
import org.sharpeyes.hub.media.stream.StreamReader;
import org.sharpeyes.hub.media.stream.VideoTrack;
import org.sharpeyes.hub.registry.Point;

/**
 * A current JPEG of a point: the camera's own snapshot where it has one (an ONVIF snapshot address: no decode on
 * the hub), else the path's latest key frame decoded with FFmpeg (JavaCV), pulling the camera briefly when nobody
 * watches it; kept for {@value #CACHE_MILLIS} ms so a wall of thumbnails costs one fetch or decode each. Blocking:
 * call it from the blocking executor.
 */
public final class SnapshotService {

    static final long CACHE_MILLIS = 1_500;
    private static final byte[] START_CODE = {0, 0, 0, 1};

    private final PathRegistry paths;
    private final int waitSeconds;
    private final CameraSnapshots own;
    private final Map<String, Snapshot> cache = new ConcurrentHashMap<>();

    /** A decoded picture and when it was made. */
    private record Snapshot(byte[] jpeg, long madeAtNanos) {
    }

    /** Where a camera's own JPEG comes from: empty when the camera has none or gave none. */
    public interface CameraSnapshots {
        CompletableFuture<Optional<byte[]>> fetch(Point point);
    }

    public SnapshotService(PathRegistry paths, int waitSeconds, CameraSnapshots own) {
        this.paths = paths;
        this.waitSeconds = waitSeconds;
        this.own = own;
    }

    /** The JPEG bytes; throws {@link MediaUnavailableException} when the camera gives no picture in time. */
    public byte[] jpeg(Point point) throws InterruptedException {
        Snapshot cached = cache.get(point.code());
        if (cached != null && System.nanoTime() - cached.madeAtNanos() < TimeUnit.MILLISECONDS.toNanos(CACHE_MILLIS)) {
            return cached.jpeg();
        }
        if (point.onvifUrl() != null) {
            try {
                Optional<byte[]> fetched = own.fetch(point).get(waitSeconds, TimeUnit.SECONDS);
                if (fetched.isPresent()) {
                    cache.put(point.code(), new Snapshot(fetched.get(), System.nanoTime()));
                    return fetched.get();
                }
            } catch (ExecutionException | TimeoutException e) {
                // The camera's web server failing is no reason to give no picture: its video may still play.
            }
        }
        CompletableFuture<Attachment> attaching = paths.attach(point);
        Attachment attachment;
        try {
            attachment = attaching.get(waitSeconds + 1L, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof MediaUnavailableException unavailable ? unavailable
                    : new MediaUnavailableException(MediaUnavailableException.Kind.UNREACHABLE, e.getMessage());
        } catch (TimeoutException e) {
            // Should the path still admit this request later, nobody would hold it: let go then.
            attaching.thenAccept(Attachment::detach);
            throw new MediaUnavailableException(MediaUnavailableException.Kind.UNREACHABLE,
                    "camera of point " + point.code() + " gave no picture within " + waitSeconds + " s");
        }
        try {
            byte[] jpeg = decode(awaitKeyFrame(attachment, point.code()), attachment.stream().track());
            cache.put(point.code(), new Snapshot(jpeg, System.nanoTime()));
            return jpeg;
        } finally {
            attachment.detach();
        }
    }

    private AccessUnit awaitKeyFrame(Attachment attachment, String code) throws InterruptedException {
        CompletableFuture<AccessUnit> first = new CompletableFuture<>();
        StreamReader catcher = unit -> {
            if (unit.keyFrame() && !first.isDone() && !first.complete(unit.retain())) {
                unit.release();
            }
        };
        // Joining hands over the kept group of pictures first, so a live path answers at once.
        attachment.start(catcher);
        try {
            return first.get(waitSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new MediaUnavailableException(MediaUnavailableException.Kind.UNREACHABLE,
                    "camera of point " + code + " sent no key frame within " + waitSeconds + " s");
        }
    }

    private static byte[] decode(AccessUnit key, VideoTrack track) {
        ByteArrayOutputStream annexB = new ByteArrayOutputStream();
        try {
            if (track != null) {
                for (byte[] set : track.parameterSets()) {
                    annexB.write(START_CODE);
                    annexB.write(set);
                }
            }
            for (ByteBuf nal : key.nals()) {
                annexB.write(START_CODE);
                byte[] bytes = new byte[nal.readableBytes()];
                nal.getBytes(nal.readerIndex(), bytes);
                annexB.write(bytes);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            key.release();
        }
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(annexB.toByteArray()), 0);
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.setFormat(key.codec() == VideoCodec.H265 ? "hevc" : "h264");
            grabber.start();
            Frame frame = grabber.grabImage();
            if (frame == null) {
                throw new MediaUnavailableException(MediaUnavailableException.Kind.UNREACHABLE,
                        "the camera's key frame does not decode");
            }
            BufferedImage image = converter.convert(frame);
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            ImageIO.write(image, "jpg", jpeg);
            grabber.stop();
            return jpeg.toByteArray();
        } catch (IOException e) {
            throw new MediaUnavailableException(MediaUnavailableException.Kind.UNREACHABLE,
                    "the camera's key frame does not decode: " + e.getMessage());
        }
    }
}
