package org.sharpeyes.sim.camera;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.adapters.rtsp.RtspCodecs;

/**
 * The camera simulator's RTSP server: {@code rtsp://HOST:PORT/{pointCode}} plays real H.264 showing that point code
 * and a running clock. Cameras are made on first request and encode only while watched.
 */
public final class CameraServer implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ScheduledExecutorService encoderThread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "camera-encoder");
        thread.setDaemon(true);
        return thread;
    });
    private final CameraDirectory cameras;
    private final CameraSettings settings;
    private Channel channel;
    private Channel udpSocket;

    public CameraServer(CameraSettings settings) {
        this.settings = settings;
        this.cameras = new CameraDirectory(settings, encoderThread);
    }

    /** Binds {@code host:port} (0: any free port) and returns the address bound. */
    public InetSocketAddress start(String host, int port) throws InterruptedException {
        udpSocket = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).bind(host, 0).sync().channel();
        Channel udp = udpSocket;
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        RtspCodecs.addTo(ch.pipeline())
                                .addLast("camera", new CameraRtspHandler(cameras, settings, encoderThread, udp));
                    }
                }).bind(host, port).sync().channel();
        return (InetSocketAddress) channel.localAddress();
    }

    /** Cuts every connection now playing {@code pointCode}, as a camera that loses its network does. */
    public void dropConnections(String pointCode) {
        for (var subscriber : cameras.feedsOf(pointCode).stream().flatMap(f -> f.subscribers().stream()).toList()) {
            if (subscriber instanceof CameraSession session) {
                session.drop();
            }
        }
    }

    /** Where the simulated camera of {@code pointCode} points now. */
    public PtzPosition ptz(String pointCode) {
        return cameras.ptz(pointCode);
    }

    /** A JPEG of what the camera of {@code pointCode} shows now, as its web server's snapshot would give. */
    public byte[] snapshotJpeg(String pointCode) throws IOException {
        CameraPicture picture = new CameraPicture(pointCode, settings.width(), settings.height(), ptz(pointCode));
        BufferedImage image = picture.render(System.currentTimeMillis() / 40,
                LocalTime.now());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    /** Told of each picture of a camera played over another protocol than RTSP. */
    public interface PictureSink {
        /** One picture's NAL units (shared: read, do not release), 90 kHz timestamp, and whether it is a key frame. */
        void picture(List<ByteBuf> nals, long timestamp, boolean keyFrame);

        /** G.711 A-law samples (shared: read, do not release) from {@code sample} on, at 8 kHz, when asked for. */
        default void sound(ByteBuf alaw, long sample) {
        }
    }

    /**
     * The pictures of the camera of {@code pointCode} in {@code codec} for another protocol (GB/T 28181's program
     * stream), from its next key frame on, each key frame led by the parameter sets; closing the result stops them.
     * Encoding runs while anyone watches, over any protocol.
     */
    public AutoCloseable pictures(String pointCode, VideoCodec codec, PictureSink sink) throws Exception {
        return pictures(pointCode, codec, false, sink);
    }

    /** The same, with the camera's beep as G.711 A-law after each picture when {@code sound}. */
    public AutoCloseable pictures(String pointCode, VideoCodec codec, boolean sound, PictureSink sink)
            throws Exception {
        CameraFeed feed = cameras.feed(pointCode, codec, sound ? CameraAudio.Codec.PCMA : null, false);
        feed.ensureStarted();
        List<ByteBuf> parameterSets = feed.parameterSets();
        boolean[] started = {false};
        Consumer<EncodedFrame> subscriber = frame -> {
            if (!started[0] && !frame.keyFrame()) {
                return;
            }
            started[0] = true;
            if (frame.keyFrame()) {
                List<ByteBuf> withSets = new ArrayList<>(parameterSets);
                withSets.addAll(frame.nals());
                sink.picture(withSets, frame.timestamp(), true);
            } else {
                sink.picture(frame.nals(), frame.timestamp(), false);
            }
            frame.audio().forEach(packet -> sink.sound(packet.payload(), packet.timestamp()));
        };
        feed.subscribe(subscriber);
        return () -> feed.unsubscribe(subscriber);
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (udpSocket != null) {
            udpSocket.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        encoderThread.shutdownNow();
    }
}
