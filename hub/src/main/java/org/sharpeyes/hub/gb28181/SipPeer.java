package org.sharpeyes.hub.gb28181;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.sharpeyes.adapters.gb28181.sip.SipMessage;

/**
 * The other end of a SIP exchange: an address reached over the hub's UDP socket, or a TCP connection.
 *
 * @param channel the hub's UDP channel, or the TCP connection
 */
public record SipPeer(boolean tcp, InetSocketAddress address, Channel channel) {

    /** "UDP" or "TCP", as a Via header names it. */
    public String transport() {
        return tcp ? "TCP" : "UDP";
    }

    /** Writes a message to this peer. */
    void send(SipMessage message) {
        ByteBuf bytes = message.encode(channel.alloc());
        channel.writeAndFlush(tcp ? bytes : new DatagramPacket(bytes, address), channel.voidPromise());
    }

    @Override
    public String toString() {
        return transport() + " " + address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
