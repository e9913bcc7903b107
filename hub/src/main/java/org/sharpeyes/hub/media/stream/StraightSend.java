package org.sharpeyes.hub.media.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.unix.Socket;
import java.io.IOException;

/**
 * One send(2) on an epoll TCP channel's own socket, for a buffer in native memory, when the channel's outbound buffer
 * holds nothing (flushed or not) that must go first. Anything else (another transport, a heap buffer, bytes waiting,
 * an error) sends nothing here and leaves the whole buffer to Netty's usual write, which then meets the same
 * condition (a full socket, a closed peer) and handles it as it always does.
 */
final class StraightSend {

    private StraightSend() {
    }

    /** The bytes of {@code buffer} the socket took now, from its reader index on; its indexes are not moved. */
    static int send(Channel channel, ByteBuf buffer) {
        if (!(channel instanceof AbstractEpollStreamChannel epoll) || !buffer.hasMemoryAddress()
                || !channel.isActive()) {
            return 0;
        }
        ChannelOutboundBuffer waiting = channel.unsafe().outboundBuffer();
        if (waiting == null || waiting.totalPendingWriteBytes() > 0 || waiting.size() > 0) {
            return 0;
        }
        try {
            return ((Socket) epoll.fd()).sendAddress(buffer.memoryAddress(), buffer.readerIndex(),
                    buffer.writerIndex());
        } catch (IOException refused) {
            return 0;
        }
    }
}
