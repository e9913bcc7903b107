package org.sharpeyes.hub.demo;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.sharpeyes.adapters.net.Transport;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.hub.gb28181.GbSettings;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.gb28181.GbDeviceSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo county's GB/T 28181 NVR: a simulated NVR with four channels in 东升街道 that registers with the hub's SIP
 * port, so its channels appear as points (industry digits 05, which no seeded point uses) and play, move and alarm
 * through GB/T 28181, showing the camera simulator's picture with their codes and a clock.
 */
public final class DemoGb implements AutoCloseable {

    /** The NVR's ID. */
    public static final String NVR = "51012200051180000001";
    /** What the demo's devices register with when {@code sip.password} is empty. */
    public static final String PASSWORD = "gb-demo-1";
    static final int CHANNELS = 4;
    private static final String CIVIL_CODE = "51012201";
    private static final Logger LOG = LoggerFactory.getLogger(DemoGb.class);

    private final EventLoopGroup loops;
    private final GbDeviceSimulator nvr;

    private DemoGb(EventLoopGroup loops, GbDeviceSimulator nvr) {
        this.loops = loops;
        this.nvr = nvr;
    }

    /** Starts the NVR against the hub's SIP port; it registers in the background and keeps alive. */
    public static DemoGb start(int sipPort, GbSettings settings, CameraServer cameras) {
        EventLoopGroup loops = Transport.loops(1);
        GbDeviceSimulator nvr = new GbDeviceSimulator(loops, new InetSocketAddress("127.0.0.1", sipPort),
                settings.id(), new GbDeviceSimulator.Options(NVR, settings.password(), CHANNELS, CIVIL_CODE,
                settings.keepaliveSeconds(), CHANNELS)).withCamera(cameras, VideoCodec.H264);
        try {
            nvr.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            return null;
        }
        nvr.register(3600).whenComplete((status, error) -> {
            if (error == null && status == 200) {
                nvr.startKeepalives();
                LOG.info("demo GB/T 28181 NVR {} registered: channels {} … {} (stream gb28181://{}/…)", NVR,
                        nvr.channelId(1), nvr.channelId(CHANNELS), NVR);
            } else {
                LOG.warn("demo GB/T 28181 NVR {} could not register: {}", NVR, error != null ? error.getMessage()
                        : "status " + status);
            }
        });
        return new DemoGb(loops, nvr);
    }

    @Override
    public void close() {
        nvr.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
