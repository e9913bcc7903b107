package org.sharpeyes.sim.onvif;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.sharpeyes.adapters.rtsp.Authenticator;
import org.sharpeyes.sim.camera.CameraServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web server of the simulated ONVIF devices (#19): {@code /onvif/{code}/device_service}, {@code media_service},
 * {@code media2_service}, {@code ptz_service}, {@code event_service}, {@code subscription/{id}} and
 * {@code snapshot.jpg}, checking the login as {@link OnvifSettings.Auth} says.
 */
final class OnvifHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(OnvifHttpHandler.class);
    private static final String REALM = "SharpEyes ONVIF Sim";
    private static final Duration TOKEN_TOLERANCE = Duration.ofSeconds(60);

    private final OnvifSimulator simulator;
    private final OnvifSettings settings;
    private final CameraServer cameras;
    private final String nonce;
    /** Whether the request being answered lets the connection stay open (HTTP/1.1 clients pool connections). */
    private boolean keepAlive;

    OnvifHttpHandler(OnvifSimulator simulator, OnvifSettings settings, CameraServer cameras, String nonce) {
        this.simulator = simulator;
        this.settings = settings;
        this.cameras = cameras;
        this.nonce = nonce;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        keepAlive = HttpUtil.isKeepAlive(request);
        String[] parts = request.uri().split("\\?")[0].split("/");
        // ["", "onvif", code, service, (id)]
        OnvifDeviceState device = parts.length >= 4 && parts[1].equals("onvif") ? simulator.device(parts[2]) : null;
        if (device == null) {
            send(ctx, HttpResponseStatus.NOT_FOUND, "text/plain", "no such device service\n", Map.of());
            return;
        }
        String service = parts[3];
        if (service.equals("snapshot.jpg") && request.method().equals(HttpMethod.GET)) {
            snapshot(ctx, request, device);
            return;
        }
        if (!request.method().equals(HttpMethod.POST)) {
            send(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "POST SOAP here\n", Map.of());
            return;
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        SoapRequest soap = SoapRequest.parse(body).orElse(null);
        if (soap == null) {
            send(ctx, HttpResponseStatus.BAD_REQUEST, "application/soap+xml; charset=utf-8", OnvifReplies.fault(
                    "Sender", "WellFormed", "the request is no SOAP envelope with an operation"), Map.of());
            return;
        }
        String operation = soap.operation();
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        String uri = request.uri();
        Duration delay = settings.delay();
        Runnable answer = () -> answer(ctx, device, service, parts.length > 4 ? parts[4] : null, soap, operation,
                authorization, uri);
        if (delay.isZero()) {
            answer.run();
        } else {
            ctx.executor().schedule(answer, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void answer(ChannelHandlerContext ctx, OnvifDeviceState device, String service, String id,
            SoapRequest soap, String operation, String authorization, String uri) {
        if (!operation.equals("GetSystemDateAndTime") && !authorized(soap, authorization, uri)) {
            refuse(ctx);
            return;
        }
        if (settings.faults().contains(operation)) {
            soapFault(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "Receiver", "Action", "simulated fault in "
                    + operation);
            return;
        }
        Instant now = simulator.now();
        String base = simulator.base(device.code);
        boolean media2 = OnvifReplies.MEDIA2.equals(soap.namespace()) || service.equals("media2_service");
        String reply = switch (operation) {
            case "GetSystemDateAndTime" -> OnvifReplies.dateAndTime(now);
            case "GetDeviceInformation" -> OnvifReplies.deviceInformation(device.code);
            case "GetServices" -> OnvifReplies.services(base);
            case "GetCapabilities" -> OnvifReplies.capabilities(base);
            case "GetNetworkInterfaces" -> OnvifReplies.networkInterfaces(device.code, simulator.host());
            case "GetProfiles" -> media2 ? OnvifReplies.profiles2(simulator.width(), simulator.height())
                    : OnvifReplies.profiles(simulator.width(), simulator.height(), operation);
            case "GetProfile" -> OnvifReplies.profiles(simulator.width(), simulator.height(), operation);
            case "GetStreamUri" -> OnvifReplies.mediaUri(media2, operation, simulator.rtspBase() + "/"
                    + device.code + ("h265".equals(soap.text("ProfileToken")) ? "?codec=h265" : ""));
            case "GetSnapshotUri" -> OnvifReplies.mediaUri(media2, operation, base + "/snapshot.jpg");
            case "ContinuousMove" -> continuousMove(device, soap);
            case "RelativeMove" -> move(device, soap, "Translation", true);
            case "AbsoluteMove" -> move(device, soap, "Position", false);
            case "Stop" -> OnvifReplies.empty("ptz", operation);
            case "GetPresets" -> OnvifReplies.presets(device.presets());
            case "GotoPreset" -> gotoPreset(device, soap);
            case "SetPreset" -> {
                String token = device.savePreset(soap.text("PresetName"), soap.text("PresetToken"));
                device.ptz.atPreset(token);
                yield OnvifReplies.presetToken(token);
            }
            case "RemovePreset" -> device.removePreset(String.valueOf(soap.text("PresetToken")))
                    ? OnvifReplies.empty("ptz", operation) : null;
            case "GetStatus" -> OnvifReplies.status(device.ptz.pan(), device.ptz.tilt(), device.ptz.zoom(), now);
            case "CreatePullPointSubscription" -> subscribe(device, soap, now);
            case "PullMessages" -> {
                pull(ctx, device, id, soap);
                yield "";
            }
            case "Renew" -> renew(device, id, soap, now);
            case "Unsubscribe" -> {
                device.unsubscribe(String.valueOf(id));
                yield OnvifReplies.unsubscribed();
            }
            default -> "unsupported";
        };
        if (reply == null) {
            soapFault(ctx, HttpResponseStatus.BAD_REQUEST, "Sender", "InvalidArgVal", "no such token in "
                    + operation);
        } else if (reply.equals("unsupported")) {
            soapFault(ctx, HttpResponseStatus.BAD_REQUEST, "Receiver", "ActionNotSupported", operation
                    + " is not supported by this device");
        } else if (reply.equals("gone")) {
            soapFault(ctx, HttpResponseStatus.BAD_REQUEST, "Sender", "ResourceUnknownFault", "no subscription "
                    + id + " (it lapsed or the device restarted)");
        } else if (!reply.isEmpty()) {
            send(ctx, HttpResponseStatus.OK, "application/soap+xml; charset=utf-8", reply, Map.of());
        }
    }

    private String continuousMove(OnvifDeviceState device, SoapRequest soap) {
        Double x = soap.number("PanTilt", "x");
        Double y = soap.number("PanTilt", "y");
        Double z = soap.number("Zoom", "x");
        if (x != null && x != 0) {
            device.ptz.apply(x < 0 ? "left" : "right", Math.abs(x));
        }
        if (y != null && y != 0) {
            device.ptz.apply(y > 0 ? "up" : "down", Math.abs(y));
        }
        if (z != null && z != 0) {
            device.ptz.apply(z > 0 ? "zoomIn" : "zoomOut", Math.abs(z));
        }
        return OnvifReplies.empty("ptz", "ContinuousMove");
    }

    private String move(OnvifDeviceState device, SoapRequest soap, String element, boolean relative) {
        if (soap.element(element) == null) {
            return null;
        }
        Double x = soap.number("PanTilt", "x");
        Double y = soap.number("PanTilt", "y");
        Double z = soap.number("Zoom", "x");
        double pan = relative ? device.ptz.pan() + (x == null ? 0 : x * 180) : x == null ? device.ptz.pan()
                : (x + 1) * 180;
        double tilt = relative ? device.ptz.tilt() + (y == null ? 0 : y * 90) : y == null ? device.ptz.tilt()
                : (y + 1) * 90;
        double zoom = relative ? device.ptz.zoom() + (z == null ? 0 : z * 29) : z == null ? device.ptz.zoom()
                : 1 + z * 29;
        device.ptz.moveTo(pan, tilt, zoom);
        return OnvifReplies.empty("ptz", relative ? "RelativeMove" : "AbsoluteMove");
    }

    private String gotoPreset(OnvifDeviceState device, SoapRequest soap) {
        OnvifDeviceState.Preset preset = device.preset(String.valueOf(soap.text("PresetToken")));
        if (preset == null) {
            return null;
        }
        device.ptz.moveTo(preset.pan(), preset.tilt(), preset.zoom());
        device.ptz.atPreset(preset.token());
        return OnvifReplies.empty("ptz", "GotoPreset");
    }

    private String subscribe(OnvifDeviceState device, SoapRequest soap, Instant now) {
        Instant until = now.plus(duration(soap.text("InitialTerminationTime"), Duration.ofSeconds(60)));
        OnvifDeviceState.Subscription s = device.subscribe(until);
        return OnvifReplies.subscription(simulator.base(device.code) + "/subscription/" + s.id, now, until);
    }

    private String renew(OnvifDeviceState device, String id, SoapRequest soap, Instant now) {
        OnvifDeviceState.Subscription s = device.subscription(String.valueOf(id), now);
        if (s == null) {
            return "gone";
        }
        synchronized (device) {
            s.terminationTime = now.plus(duration(soap.text("TerminationTime"), Duration.ofSeconds(60)));
        }
        return OnvifReplies.renewed(now, s.terminationTime);
    }

    private void pull(ChannelHandlerContext ctx, OnvifDeviceState device, String id, SoapRequest soap) {
        OnvifDeviceState.Subscription s = device.subscription(String.valueOf(id), simulator.now());
        if (s == null) {
            soapFault(ctx, HttpResponseStatus.BAD_REQUEST, "Sender", "ResourceUnknownFault", "no subscription "
                    + id + " (it lapsed or the device restarted)");
            return;
        }
        Duration wait = duration(soap.text("Timeout"), Duration.ofSeconds(5));
        if (wait.compareTo(Duration.ofSeconds(20)) > 0) {
            wait = Duration.ofSeconds(20);
        }
        int limit;
        try {
            limit = Math.max(1, Integer.parseInt(String.valueOf(soap.text("MessageLimit"))));
        } catch (NumberFormatException e) {
            limit = 16;
        }
        waitFor(ctx, device, s, limit, System.nanoTime() + wait.toNanos());
    }

    private void waitFor(ChannelHandlerContext ctx, OnvifDeviceState device, OnvifDeviceState.Subscription s,
            int limit, long deadline) {
        List<String> taken = device.take(s, limit);
        if (!taken.isEmpty() || System.nanoTime() >= deadline || !ctx.channel().isActive()) {
            Instant now = simulator.now();
            send(ctx, HttpResponseStatus.OK, "application/soap+xml; charset=utf-8",
                    OnvifReplies.messages(now, s.terminationTime, taken), Map.of());
            return;
        }
        ctx.executor().schedule(() -> waitFor(ctx, device, s, limit, deadline), 50, TimeUnit.MILLISECONDS);
    }

    private void snapshot(ChannelHandlerContext ctx, FullHttpRequest request, OnvifDeviceState device) {
        if (settings.auth() != OnvifSettings.Auth.NONE && !digestValid(request.headers()
                .get(HttpHeaderNames.AUTHORIZATION), "GET", request.uri())) {
            send(ctx, HttpResponseStatus.UNAUTHORIZED, "text/plain", "login required\n", Map.of(
                    HttpHeaderNames.WWW_AUTHENTICATE.toString(), challenge()));
            return;
        }
        try {
            byte[] jpeg = cameras.snapshotJpeg(device.code);
            send(ctx, HttpResponseStatus.OK, "image/jpeg", jpeg, Map.of());
        } catch (java.io.IOException e) {
            send(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain", "no picture: " + e + "\n", Map.of());
        }
    }

    private boolean authorized(SoapRequest soap, String authorization, String uri) {
        return switch (settings.auth()) {
            case NONE -> true;
            case TOKEN -> tokenValid(soap);
            case DIGEST -> digestValid(authorization, "POST", uri);
            case ANY -> tokenValid(soap) || digestValid(authorization, "POST", uri);
        };
    }

    private void refuse(ChannelHandlerContext ctx) {
        String fault = OnvifReplies.fault("Sender", "NotAuthorized", "Sender not Authorized");
        if (settings.auth() == OnvifSettings.Auth.TOKEN) {
            send(ctx, HttpResponseStatus.BAD_REQUEST, "application/soap+xml; charset=utf-8", fault, Map.of());
        } else {
            send(ctx, HttpResponseStatus.UNAUTHORIZED, "application/soap+xml; charset=utf-8", fault,
                    Map.of(HttpHeaderNames.WWW_AUTHENTICATE.toString(), challenge()));
        }
    }

    private String challenge() {
        return "Digest realm=\"" + REALM + "\", qop=\"auth\", nonce=\"" + nonce + "\", algorithm=MD5";
    }

    /** Checks a PasswordDigest as the ONVIF core specification defines it, against the device's own clock. */
    private boolean tokenValid(SoapRequest soap) {
        String username = soap.header("Username");
        String password = soap.header("Password");
        String tokenNonce = soap.header("Nonce");
        String created = soap.header("Created");
        if (username == null || password == null || tokenNonce == null || created == null
                || !username.equals(settings.username())) {
            return false;
        }
        try {
            Instant at = Instant.parse(created);
            if (Duration.between(at, simulator.now()).abs().compareTo(TOKEN_TOLERANCE) > 0) {
                LOG.info("ONVIF sim: token created {} is more than {} s from the device clock {}", created,
                        TOKEN_TOLERANCE.toSeconds(), simulator.now());
                return false;
            }
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(Base64.getDecoder().decode(tokenNonce));
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(settings.password().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha1.digest()).equals(password);
        } catch (DateTimeParseException | IllegalArgumentException | NoSuchAlgorithmException e) {
            return false;
        }
    }

    private boolean digestValid(String header, String method, String uri) {
        if (header == null || !header.regionMatches(true, 0, "Digest ", 0, 7)) {
            return false;
        }
        Map<String, String> p = Authenticator.parseParams(header.substring(7));
        if (!settings.username().equals(p.get("username")) || !nonce.equals(p.get("nonce"))) {
            return false;
        }
        String ha1 = md5(settings.username() + ":" + REALM + ":" + settings.password());
        String ha2 = md5(method + ":" + p.getOrDefault("uri", uri));
        String expected = p.containsKey("qop") ? md5(ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce")
                + ":" + p.get("qop") + ":" + ha2) : md5(ha1 + ":" + nonce + ":" + ha2);
        return expected.equalsIgnoreCase(p.get("response"));
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An xs:duration, or an absolute time on the device's clock made a duration from now. */
    private Duration duration(String text, Duration otherwise) {
        if (text == null) {
            return otherwise;
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            try {
                Duration left = Duration.between(simulator.now(), Instant.parse(text.strip()));
                return left.isNegative() ? otherwise : left;
            } catch (DateTimeParseException again) {
                return otherwise;
            }
        }
    }

    private void soapFault(ChannelHandlerContext ctx, HttpResponseStatus status, String code, String subcode,
            String reason) {
        send(ctx, status, "application/soap+xml; charset=utf-8", OnvifReplies.fault(code, subcode, reason),
                Map.of());
    }

    private void send(ChannelHandlerContext ctx, HttpResponseStatus status, String type, String body,
            Map<String, String> headers) {
        send(ctx, status, type, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private void send(ChannelHandlerContext ctx, HttpResponseStatus status, String type, byte[] body,
            Map<String, String> headers) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        headers.forEach(response.headers()::set);
        HttpUtil.setContentLength(response, body.length);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("ONVIF sim connection failed", cause);
        ctx.close();
    }
}
