package org.sharpeyes.hub.gb28181;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.adapters.net.Transport;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.sim.gb28181.GbPlatformSimulator;

/**
 * GB/T 28181-2022's registration redirect, seen from the hub as a lower platform over TCP: the configured platform
 * answers 302 with another's address, the hub registers there, and when that one goes away it asks the configured one
 * again.
 */
class GbUpstreamRedirectTest {

    private static final String HUB_ID = "51012200002000000001";
    private static final String CITY = "51010000002000000001";
    static final EventLoopGroup LOOPS = Transport.loops(1);
    static final GbPlatformSimulator FRONT = new GbPlatformSimulator(LOOPS, CITY, "city-secret-1");
    static final GbPlatformSimulator BACK = new GbPlatformSimulator(LOOPS, CITY, "city-secret-1");
    static final int FRONT_PORT = FRONT.start();
    static final int BACK_PORT = BACK.start();

    static {
        FRONT.redirectTo("127.0.0.1", BACK_PORT);
    }

    @RegisterExtension
    static final HubExtension HUB = new HubExtension("sip.id=" + HUB_ID, "sip.upstream.id=" + CITY,
            "sip.upstream.host=127.0.0.1", "sip.upstream.port=" + FRONT_PORT, "sip.upstream.password=city-secret-1",
            "sip.upstream.transport=tcp", "sip.upstream.keepaliveSeconds=1");

    @AfterAll
    static void stop() {
        FRONT.close();
        BACK.close();
        LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void followsTheRedirectAndReturnsToTheConfiguredPlatformWhenTheOtherGoes() {
        await().atMost(Duration.ofSeconds(30)).until(() -> BACK.isRegistered(HUB_ID) && BACK.keepalives() >= 1);
        assertThat(BACK.registeredOverTcp(HUB_ID)).isTrue();
        assertThat(FRONT.registrations()).isZero();
        assertThat(HUB.hub().hub().gb().registeredUpstream(CITY)).isTrue();

        FRONT.redirectTo(null, 0);
        BACK.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> FRONT.isRegistered(HUB_ID) && FRONT.keepalives() >= 1);
        assertThat(FRONT.registeredOverTcp(HUB_ID)).isTrue();
        assertThat(HUB.hub().hub().gb().registeredUpstream(CITY)).isTrue();
    }
}
