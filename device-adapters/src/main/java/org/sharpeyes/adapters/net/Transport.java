package org.sharpeyes.adapters.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.Errors;
import java.net.BindException;

/**
 * The socket transport every event loop and channel of ours is made with: Linux's native epoll where Netty's native
 * library loads (fewer copies and system calls per write than the JDK's selector, which matters when one picture goes
 * to hundreds of viewers), else the JDK's NIO. {@code -Dio.netty.transport.noNative=true} forces NIO. Loops and
 * channels must agree, so channels are chosen for the loops they will run on (tests may bring loops of their own).
 */
public final class Transport {

    private static final boolean NATIVE = Epoll.isAvailable();
    /** Linux's errno for an address in use; epoll exists only there. */
    private static final int EADDRINUSE = 98;
    /** Bytes read per batched datagram read. */
    private static final int BATCH_BYTES = 64 * 1024;

    private Transport() {
    }

    /** Whether the native epoll transport is in use. */
    public static boolean isNative() {
        return NATIVE;
    }

    /** A name for logs: {@code epoll} or {@code nio}. */
    public static String name() {
        return NATIVE ? "epoll" : "nio";
    }

    /** Event loops of this transport; {@code threads} 0 means Netty's default (twice the cores). */
    public static EventLoopGroup loops(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandlers());
    }

    private static IoHandlerFactory ioHandlers() {
        return NATIVE ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** The socket channel class for loops of {@code group}, whichever transport made them. */
    public static Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
        return isEpoll(group) ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public static Class<? extends ServerSocketChannel> serverSocketChannel(EventLoopGroup group) {
        return isEpoll(group) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends DatagramChannel> datagramChannel(EventLoopGroup group) {
        return isEpoll(group) ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /**
     * Sets a datagram receiver of many small datagrams (RTP) to read them in batches: on epoll, up to 64 KiB of
     * datagrams of at most {@code maxDatagram} bytes each per system call (recvmmsg) instead of one call each; on NIO,
     * one datagram of at most {@code maxDatagram} bytes per read. Longer datagrams are cut either way.
     */
    public static Bootstrap batchedDatagrams(Bootstrap bootstrap, EventLoopGroup group, int maxDatagram) {
        if (isEpoll(group)) {
            return bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, maxDatagram)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(Math.max(maxDatagram,
                            BATCH_BYTES / maxDatagram * maxDatagram)));
        }
        return bootstrap.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxDatagram));
    }

    /** A datagram channel of one address family, as multicast needs, for loops of {@code group}. */
    public static DatagramChannel datagramChannel(EventLoopGroup group, InternetProtocolFamily family) {
        return isEpoll(group) ? new EpollDatagramChannel(family) : new NioDatagramChannel(family);
    }

    /**
     * {@code error} as the JDK's {@link BindException} when it says the address is taken, whichever transport raised
     * it (epoll reports it as an {@code IOException} of its own, errno EADDRINUSE), else {@code null}.
     */
    public static BindException addressInUse(Throwable error) {
        if (error instanceof BindException bind) {
            return bind;
        }
        if (error instanceof Errors.NativeIoException nativeError && nativeError.expectedErr() == -EADDRINUSE) {
            BindException bind = new BindException(nativeError.getMessage());
            bind.initCause(nativeError);
            return bind;
        }
        return null;
    }

    private static boolean isEpoll(EventLoopGroup group) {
        return group instanceof IoEventLoopGroup loops && loops.isIoType(EpollIoHandler.class);
    }
}
