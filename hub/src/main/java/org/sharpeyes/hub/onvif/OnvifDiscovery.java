package org.sharpeyes.hub.onvif;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.sharpeyes.adapters.onvif.OnvifException;
import org.sharpeyes.adapters.onvif.ProbeMatch;
import org.sharpeyes.adapters.onvif.WsDiscovery;
import org.sharpeyes.adapters.onvif.XmlElement;

/**
 * Finds ONVIF cameras (#19): one WS-Discovery Probe for {@code NetworkVideoTransmitter}, sent to the multicast group
 * or to each given address (twice, since UDP may drop one), and every ProbeMatch that relates to it gathered for
 * the time given, one per device. Runs on the media event loops.
 */
public final class OnvifDiscovery {

    private static final InetSocketAddress MULTICAST = new InetSocketAddress(WsDiscovery.MULTICAST_GROUP,
            WsDiscovery.PORT);
    private static final long RESEND_MILLIS = 400;

    private final EventLoopGroup loops;

    public OnvifDiscovery(EventLoopGroup loops) {
        this.loops = loops;
    }

    /** Probes {@code targets} (empty: the multicast group) and completes after {@code wait} with what answered. */
    public CompletableFuture<List<ProbeMatch>> discover(List<InetSocketAddress> targets, Duration wait) {
        String messageId = "uuid:" + UUID.randomUUID();
        byte[] probe = WsDiscovery.probe(messageId).getBytes(StandardCharsets.UTF_8);
        Map<String, ProbeMatch> found = new LinkedHashMap<>();
        CompletableFuture<List<ProbeMatch>> result = new CompletableFuture<>();
        new Bootstrap().group(loops).channel(NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        try {
                            XmlElement envelope = XmlElement.parse(ByteBufUtil.getBytes(packet.content()));
                            String relatesTo = WsDiscovery.relatesTo(envelope);
                            if (relatesTo != null && !relatesTo.equals(messageId)) {
                                return;
                            }
                            for (ProbeMatch match : WsDiscovery.matches(envelope)) {
                                found.putIfAbsent(match.endpoint() != null ? match.endpoint() : match.xaddrs().get(0),
                                        match);
                            }
                        } catch (OnvifException e) {
                            // A datagram that is no SOAP is someone else's on a shared port.
                        }
                    }
                }).bind(0).addListener((ChannelFuture bound) -> {
                    if (!bound.isSuccess()) {
                        result.completeExceptionally(new OnvifException(OnvifException.Kind.UNREACHABLE,
                                "cannot open a UDP socket for discovery: " + bound.cause().getMessage()));
                        return;
                    }
                    Channel channel = bound.channel();
                    List<InetSocketAddress> to = targets.isEmpty() ? List.of(MULTICAST) : new ArrayList<>(targets);
                    Runnable send = () -> {
                        for (InetSocketAddress target : to) {
                            channel.write(new DatagramPacket(Unpooled.wrappedBuffer(probe), target));
                        }
                        channel.flush();
                    };
                    send.run();
                    channel.eventLoop().schedule(send, Math.min(RESEND_MILLIS, wait.toMillis() / 2),
                            TimeUnit.MILLISECONDS);
                    channel.eventLoop().schedule(() -> {
                        result.complete(List.copyOf(found.values()));
                        channel.close();
                    }, wait.toMillis(), TimeUnit.MILLISECONDS);
                });
        return result;
    }
}
