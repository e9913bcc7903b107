package org.sharpeyes.sim.onvif;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.sharpeyes.sim.camera.CameraServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated ONVIF devices, one per point code (#19): each answers the device, media (1 and 2), PTZ and event
 * services at {@code http://HOST:PORT/onvif/{code}/…}, hands out the camera simulator's RTSP address for its code,
 * moves the camera simulator's PTZ position (so the picture shows it), and raises motion and tamper events.
 * WS-Discovery is answered on a UDP port of its own (unicast), and on 239.255.255.250:3702 when asked.
 */
public final class OnvifSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnvifSimulator.class);

    /** The events a simulated device can raise, by the topics real cameras use. */
    public enum Event {
        MOTION("tns1:RuleEngine/CellMotionDetector/Motion", "IsMotion"),
        TAMPER("tns1:RuleEngine/TamperDetector/Tamper", "IsTamper"),
        VIDEO_LOSS("tns1:VideoSource/SignalLoss", "State");

        final String topic;
        final String item;

        Event(String topic, String item) {
            this.topic = topic;
            this.item = item;
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final OnvifSettings settings;
    private final CameraServer cameras;
    private final String rtspBase;
    private final int width;
    private final int height;
    private final Map<String, OnvifDeviceState> devices = new LinkedHashMap<>();
    private final String nonce = newNonce();
    private volatile String host;
    private volatile int httpPort;
    private Channel http;
    private Channel discovery;
    private Channel multicast;

    /** Devices whose video is {@code rtspBase + "/" + code} on {@code cameras}, pictures {@code width}×{@code height}. */
    public OnvifSimulator(OnvifSettings settings, CameraServer cameras, String rtspBase, int width, int height) {
        this.settings = settings;
        this.cameras = cameras;
        this.rtspBase = rtspBase;
        this.width = width;
        this.height = height;
    }

    /** Adds a device for {@code code} named {@code name} (its WS-Discovery name scope). */
    public synchronized OnvifSimulator add(String code, String name) {
        devices.put(code, new OnvifDeviceState(code, name, cameras.ptz(code)));
        return this;
    }

    /**
     * Serves HTTP on {@code host:httpPort} and unicast discovery on {@code host:discoveryPort} (0: any free port);
     * with {@code multicast}, also joins 239.255.255.250:3702 (a warning, not a failure, where that is not allowed).
     */
    public InetSocketAddress start(String bindHost, int port, int discoveryPort, boolean multicastToo)
            throws InterruptedException {
        this.host = bindHost;
        OnvifSimulator self = this;
        http = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1024 * 1024),
                                new OnvifHttpHandler(self, settings, cameras, nonce));
                    }
                }).bind(bindHost, port).sync().channel();
        httpPort = ((InetSocketAddress) http.localAddress()).getPort();
        if (multicastToo) {
            joinMulticast();
        }
        // On the standard port the multicast socket takes unicast probes too: two sockets cannot share it.
        discovery = multicast != null && discoveryPort == 3702 ? multicast : new Bootstrap().group(group)
                .channel(NioDatagramChannel.class).handler(new DiscoveryResponder(this)).bind(bindHost, discoveryPort)
                .sync().channel();
        return (InetSocketAddress) http.localAddress();
    }

    private void joinMulticast() {
        try {
            InetAddress groupAddress = InetAddress.getByName("239.255.255.250");
            NetworkInterface nic = NetworkInterface.getByInetAddress(InetAddress.getByName(host));
            if (nic == null) {
                nic = NetworkInterface.getByName("lo");
            }
            NioDatagramChannel channel = (NioDatagramChannel) new Bootstrap().group(group)
                    .channelFactory(() -> new NioDatagramChannel(InternetProtocolFamily.IPv4))
                    .option(ChannelOption.SO_REUSEADDR, true).handler(new DiscoveryResponder(this))
                    .bind(3702).sync().channel();
            channel.joinGroup(new InetSocketAddress(groupAddress, 3702), nic).sync();
            multicast = channel;
        } catch (Exception e) {
            LOG.warn("ONVIF sim: cannot answer multicast discovery on 239.255.255.250:3702 ({}); unicast discovery "
                    + "still works", e.toString());
        }
    }

    private static String newNonce() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The UDP port unicast Probes are answered on. */
    public int discoveryPort() {
        return ((InetSocketAddress) discovery.localAddress()).getPort();
    }

    /** Whether multicast discovery is being answered. */
    public boolean multicast() {
        return multicast != null;
    }

    /** The device service address of {@code code}. */
    public String deviceUrl(String code) {
        return base(code) + "/device_service";
    }

    /** Queues {@code event} ({@code active} or ended) for every subscription on {@code code}; gives how many. */
    public int raise(String code, Event event, boolean active) {
        OnvifDeviceState device = device(code);
        if (device == null) {
            throw new IllegalArgumentException("no simulated ONVIF device " + code);
        }
        return device.raise(OnvifReplies.notification(event.topic, event.item, active, now()));
    }

    /** Forgets the subscriptions of {@code code}, as a camera does when it restarts. */
    public void reboot(String code) {
        OnvifDeviceState device = device(code);
        if (device != null) {
            device.reboot();
        }
    }

    /** The live subscriptions on {@code code}. */
    public int subscriptions(String code) {
        OnvifDeviceState device = device(code);
        return device == null ? 0 : device.subscriptionCount();
    }

    /** The presets saved on {@code code}, by name. */
    public List<String> presetNames(String code) {
        OnvifDeviceState device = device(code);
        return device == null ? List.of() : device.presets().stream().map(OnvifDeviceState.Preset::name).toList();
    }

    synchronized OnvifDeviceState device(String code) {
        return devices.get(code);
    }

    synchronized Collection<OnvifDeviceState> devices() {
        return List.copyOf(devices.values());
    }

    String base(String code) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + httpPort + "/onvif/" + code;
    }

    /** The device clock: the real one moved by the configured skew. */
    Instant now() {
        return Instant.now().plus(settings.clockSkew());
    }

    String host() {
        return host;
    }

    String rtspBase() {
        return rtspBase;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    @Override
    public void close() {
        for (Channel c : new Channel[] {http, discovery, multicast}) {
            if (c != null && c.isOpen()) {
                c.close().syncUninterruptibly();
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
