package org.sharpeyes.hub.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves the web UI's static files from the jar at {@code /} and {@code /assets/…}: read once at start, each with
 * its content type, a strong ETag (a {@code 304} when the browser has it), gzip for text when the browser takes it,
 * and a Content-Security-Policy that lets the page load and connect to nothing but the hub itself.
 */
@ChannelHandler.Sharable
public final class WebUi extends ChannelInboundHandlerAdapter {

    /**
     * Only the hub's own scripts, styles, sockets and streams; media from blob: (Media Source Extensions), and blob:
     * reads of what the page itself made (the refused rows of an import).
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:%s; "
            + "media-src 'self' blob:; connect-src 'self' blob:; font-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final List<String> FILES = List.of("index.html", "assets/app.js", "assets/api.js",
            "assets/i18n.js", "assets/player.js", "assets/alarms.js", "assets/ptz.js", "assets/events.js",
            "assets/wall.js", "assets/map.js", "assets/dashboard.js", "assets/installer.js", "assets/admin.js",
            "assets/alarmlist.js", "assets/style.css");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "json", "application/json; charset=utf-8");

    private record Asset(byte[] plain, byte[] gzipped, String type, String etag) {
    }

    private final Map<String, Asset> assets = new HashMap<>();
    private final String policy;

    /**
     * Reads the UI's files from the classpath under {@code /web}; {@code mapTiles} is the site's XYZ tile URL template
     * (empty: none), given to the page in {@code /ui.json} with the port of the hub's RTSP server, and the only other
     * origin its policy lets images come from.
     */
    public WebUi(String mapTiles, int rtspPort) {
        for (String file : FILES) {
            add("/" + file, read("/web/" + file));
        }
        assets.put("/", assets.get("/index.html"));
        add("/ui.json", Json.write(Map.of("mapTiles", mapTiles, "rtspPort", rtspPort)));
        policy = String.format(CSP, mapTiles.isEmpty() ? "" : " " + origin(mapTiles));
    }

    private void add(String path, byte[] plain) {
        String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1));
        assets.put(path, new Asset(plain, Gzip.compress(plain), type, etag(plain)));
    }

    /** The scheme, host and port of a tile template, for the policy (templates often put {s} in the host). */
    private static String origin(String template) {
        URI uri = URI.create(template.replace("{z}", "0").replace("{x}", "0").replace("{y}", "0")
                .replace("{s}", "a"));
        String host = template.contains("://{s}.") ? "*." + uri.getHost().substring(2) : uri.getHost();
        return uri.getScheme() + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof FullHttpRequest request) {
            Asset asset = assets.get(new QueryStringDecoder(request.uri()).path());
            boolean read = HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method());
            if (asset != null && read) {
                try {
                    serve(ctx, request, asset);
                } finally {
                    request.release();
                }
                return;
            }
        }
        ctx.fireChannelRead(message);
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request, Asset asset) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        FullHttpResponse response;
        if (asset.etag().equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
        } else {
            String accepted = request.headers().get(HttpHeaderNames.ACCEPT_ENCODING, "");
            boolean gzip = Gzip.accepted(accepted) && asset.gzipped().length < asset.plain().length;
            byte[] body = gzip ? asset.gzipped() : asset.plain();
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    HttpMethod.HEAD.equals(request.method()) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, asset.type());
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            if (gzip) {
                response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
            }
        }
        if (response.status().equals(HttpResponseStatus.NOT_MODIFIED)) {
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
        response.headers().set(HttpHeaderNames.ETAG, asset.etag());
        // Files are small and few: the browser asks again each time and mostly gets a 304.
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        response.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        response.headers().set("Content-Security-Policy", policy);
        response.headers().set("X-Content-Type-Options", "nosniff");
        response.headers().set("Referrer-Policy", "no-referrer");
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = WebUi.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the web UI's " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] plain) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plain);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
