package org.sharpeyes.hub.onvif;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.sharpeyes.adapters.net.Transport;
import org.sharpeyes.adapters.onvif.OnvifException;
import org.sharpeyes.adapters.onvif.ProbeMatch;
import org.sharpeyes.adapters.onvif.WsDiscovery;
import org.sharpeyes.adapters.onvif.XmlElement;

/**
 * Finds ONVIF cameras (#19): one WS-Discovery Probe for {@code NetworkVideoTransmitter}, sent to the multicast group
 * on each interface or to each given address (twice, since UDP may drop one), and every ProbeMatch that relates to it gathered for
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

    /**
     * Probes {@code targets}, or the multicast group on every interface that is up and can multicast (loopback
     * included: cameras simulated on this machine, or a hub beside its cameras), and completes after {@code wait}
     * with what answered.
     */
    public CompletableFuture<List<ProbeMatch>> discover(List<InetSocketAddress> targets, Duration wait) {
        String messageId = "uuid:" + UUID.randomUUID();
        byte[] probe = WsDiscovery.probe(messageId).getBytes(StandardCharsets.UTF_8);
        Map<String, ProbeMatch> found = new LinkedHashMap<>();
        List<NetworkInterface> interfaces = targets.isEmpty() ? multicastInterfaces() : List.of();
        List<CompletableFuture<Channel>> senders = new ArrayList<>();
        if (targets.isEmpty()) {
            for (NetworkInterface nic : interfaces) {
                senders.add(send(messageId, probe, List.of(MULTICAST), nic, found, wait));
            }
            if (interfaces.isEmpty()) {
                senders.add(send(messageId, probe, List.of(MULTICAST), null, found, wait));
            }
        } else {
            senders.add(send(messageId, probe, targets, null, found, wait));
        }
        CompletableFuture<List<ProbeMatch>> result = new CompletableFuture<>();
        CompletableFuture.allOf(senders.stream().map(f -> f.handle((c, e) -> c)).toArray(CompletableFuture[]::new))
                .thenRun(() -> {
                    List<Channel> open = senders.stream().map(f -> f.getNow(null)).filter(c -> c != null).toList();
                    if (open.isEmpty()) {
                        result.completeExceptionally(new OnvifException(OnvifException.Kind.UNREACHABLE,
                                "cannot open a UDP socket for discovery"));
                        return;
                    }
                    open.get(0).eventLoop().schedule(() -> {
                        open.forEach(Channel::close);
                        synchronized (found) {
                            result.complete(List.copyOf(found.values()));
                        }
                    }, wait.toMillis(), TimeUnit.MILLISECONDS);
                });
        return result;
    }

    private static List<NetworkInterface> multicastInterfaces() {
        List<NetworkInterface> usable = new ArrayList<>();
        try {
            Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces();
            while (all != null && all.hasMoreElements()) {
                NetworkInterface nic = all.nextElement();
                if (nic.isUp() && (nic.supportsMulticast() || nic.isLoopback()) && nic.inetAddresses()
                        .anyMatch(a -> a instanceof java.net.Inet4Address)) {
                    usable.add(nic);
                }
            }
        } catch (SocketException e) {
            // Without the list, one probe on the default interface is what is left.
        }
        return usable;
    }

    /** One socket that probes {@code to} (out of {@code nic} for multicast) and gathers the matches it is sent. */
    private CompletableFuture<Channel> send(String messageId, byte[] probe, List<InetSocketAddress> to,
            NetworkInterface nic, Map<String, ProbeMatch> found, Duration wait) {
        CompletableFuture<Channel> ready = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap().group(loops)
                .channelFactory(() -> Transport.datagramChannel(loops, InternetProtocolFamily.IPv4))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        try {
                            XmlElement envelope = XmlElement.parse(ByteBufUtil.getBytes(packet.content()));
                            String relatesTo = WsDiscovery.relatesTo(envelope);
                            if (relatesTo != null && !relatesTo.equals(messageId)) {
                                return;
                            }
                            synchronized (found) {
                                for (ProbeMatch match : WsDiscovery.matches(envelope)) {
                                    found.putIfAbsent(match.endpoint() != null ? match.endpoint()
                                            : match.xaddrs().get(0), match);
                                }
                            }
                        } catch (OnvifException e) {
                            // A datagram that is no SOAP is someone else's on a shared port.
                        }
                    }
                });
        if (nic != null) {
            bootstrap.option(ChannelOption.IP_MULTICAST_IF, nic).option(ChannelOption.IP_MULTICAST_LOOP_DISABLED,
                    false);
        }
        bootstrap.bind(0).addListener((ChannelFuture bound) -> {
            if (!bound.isSuccess()) {
                ready.completeExceptionally(bound.cause());
                return;
            }
            Channel channel = bound.channel();
            Runnable send = () -> {
                for (InetSocketAddress target : to) {
                    channel.write(new DatagramPacket(Unpooled.wrappedBuffer(probe), target));
                }
                channel.flush();
            };
            send.run();
            channel.eventLoop().schedule(send, Math.min(RESEND_MILLIS, wait.toMillis() / 2), TimeUnit.MILLISECONDS);
            ready.complete(channel);
        });
        return ready;
    }
}
