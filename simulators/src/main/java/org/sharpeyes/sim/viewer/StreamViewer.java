package org.sharpeyes.sim.viewer;

import io.netty.channel.EventLoopGroup;
import java.util.concurrent.CompletableFuture;

/** What tests and benchmarks read of a viewer, whatever protocol it plays. */
public interface StreamViewer extends AutoCloseable {

    /** Connects and asks for the stream; completes once it is playing. */
    CompletableFuture<String> start(EventLoopGroup group);

    /** Pictures received so far. */
    long pictures();

    /** Packets known to be missing (0 where the protocol numbers none). */
    long lost();

    /** Nanoseconds from asking to play to the first key frame. */
    CompletableFuture<Long> firstKeyFrameNanos();

    @Override
    void close();
}
