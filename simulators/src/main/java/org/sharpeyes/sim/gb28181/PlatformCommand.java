package org.sharpeyes.sim.gb28181;

import io.netty.channel.EventLoopGroup;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sharpeyes.adapters.gb28181.manscdp.XmlNode;
import org.sharpeyes.adapters.net.Transport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gb28181-platform}: a superior platform that lower platforms (the hub) register with; it reads and plays. */
@Command(name = "gb28181-platform", mixinStandardHelpOptions = true,
        description = "Act as the platform above a hub (GB/T 28181, UDP and TCP on one port): accept its "
                + "registration, query its catalog, and play one of its points, printing what came.")
public final class PlatformCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Option(names = "--id", defaultValue = "51010000002000000001", description = "this platform's 20-digit SIP ID")
    String id;
    @Option(names = "--password", required = true, description = "what lower platforms register with") String password;
    @Option(names = "--host", defaultValue = "127.0.0.1") String host;
    @Option(names = "--port", defaultValue = "5061", description = "SIP port, UDP and TCP (0: any free port)")
    int port;
    @Option(names = "--play", defaultValue = "",
            description = "a point code to play once the catalog is in, or 'first' for its first item")
    String play;
    @Option(names = "--play-seconds", defaultValue = "10") int playSeconds;
    @Option(names = "--exit-after-play", description = "exit once played: 0 if pictures came, 1 if not")
    boolean exitAfterPlay;
    @Option(names = "--catalog-every", defaultValue = "0",
            description = "query the catalog again every N seconds, as platforms do (0: once, on registration)")
    int catalogEvery;
    @Option(names = "--redirect-to", description = "answer registrations with 302 to HOST:PORT instead")
    String redirectTo;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EventLoopGroup loops = Transport.loops(1);
        GbPlatformSimulator platform = new GbPlatformSimulator(loops, id, password);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        try {
            int bound = platform.start(host, port);
            if (redirectTo != null) {
                int colon = redirectTo.lastIndexOf(':');
                platform.redirectTo(redirectTo.substring(0, colon), Integer.parseInt(redirectTo.substring(colon + 1)));
            }
            platform.onRegistered(lower -> loops.execute(() -> follow(platform, lower, out, exit)));
            say(out, "gb28181 platform " + id + " on " + host + ":" + bound + " (UDP and TCP), realm "
                    + id.substring(0, 10) + (redirectTo == null ? "" : ", redirecting registrations to "
                    + redirectTo));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> exit.complete(0)));
            return exit.get();
        } finally {
            platform.close();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** A lower platform registered: its catalog read (again every so often, if asked), a point played once. */
    private void follow(GbPlatformSimulator platform, String lower, PrintWriter out, CompletableFuture<Integer> exit) {
        say(out, "lower platform " + lower + " registered over " + (platform.registeredOverTcp(lower) ? "TCP"
                : "UDP"));
        AtomicBoolean played = new AtomicBoolean(play.isEmpty());
        Runnable query = () -> platform.queryCatalog(lower).whenComplete((items, error) -> {
            if (error != null) {
                say(out, "catalog of " + lower + ": " + error.getMessage());
                return;
            }
            say(out, "catalog of " + lower + ": " + items.size() + " items");
            items.stream().limit(10).forEach(item -> say(out, "  " + item.at("DeviceID") + " " + item.at("Name")
                    + " civil " + item.at("CivilCode") + " " + item.at("Status")));
            boolean ready = !play.equals("first") || !items.isEmpty();
            if (ready && played.compareAndSet(false, true)) {
                // Off the event loop: opening the media socket waits for its bind.
                CompletableFuture.runAsync(() -> play(platform, lower, items, out, exit));
            }
        });
        if (catalogEvery > 0) {
            platform.every(catalogEvery, query);
        } else {
            query.run();
        }
    }

    private void play(GbPlatformSimulator platform, String lower, List<XmlNode> items, PrintWriter out,
            CompletableFuture<Integer> exit) {
        String code = play.equals("first") ? (items.isEmpty() ? null : items.get(0).at("DeviceID")) : play;
        if (code == null) {
            say(out, "nothing to play: the catalog is empty");
            finish(exit, 1);
            return;
        }
        try {
            platform.play(lower, code).whenComplete((session, error) -> {
                if (error != null) {
                    say(out, "play " + code + ": " + error.getMessage());
                    finish(exit, 1);
                    return;
                }
                CompletableFuture.delayedExecutor(playSeconds, TimeUnit.SECONDS).execute(() -> {
                    long pictures = session.pictures();
                    say(out, "played " + code + " from " + lower + " for " + playSeconds + " s: " + pictures
                            + " pictures, " + session.keyFrames() + " key frames, " + session.codec());
                    session.close();
                    finish(exit, pictures > 0 ? 0 : 1);
                });
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(exit, 1);
        }
    }

    private void finish(CompletableFuture<Integer> exit, int status) {
        if (exitAfterPlay) {
            exit.complete(status);
        }
    }

    private static void say(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
