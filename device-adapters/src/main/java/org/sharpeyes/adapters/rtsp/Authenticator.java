package org.sharpeyes.adapters.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Answers an RTSP server's {@code WWW-Authenticate} challenge with an {@code Authorization} value: Basic, or Digest
 * with MD5 (RFC 2617, with or without {@code qop=auth}) as cameras use it.
 */
public final class Authenticator {

    private final String username;
    private final String password;
    private final String scheme;
    private final Map<String, String> params;
    private int nonceCount;

    private Authenticator(String username, String password, String scheme, Map<String, String> params) {
        this.username = username;
        this.password = password;
        this.scheme = scheme;
        this.params = params;
    }

    /** Reads a challenge; throws {@link IllegalArgumentException} for a scheme it cannot answer. */
    public static Authenticator forChallenge(String challenge, String username, String password) {
        String trimmed = challenge.trim();
        int space = trimmed.indexOf(' ');
        String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
        if (!scheme.equals("basic") && !scheme.equals("digest")) {
            throw new IllegalArgumentException("unsupported authentication scheme '" + scheme + "'");
        }
        Map<String, String> params = parseParams(space < 0 ? "" : trimmed.substring(space + 1));
        if (scheme.equals("digest")) {
            if (!params.containsKey("nonce") || !params.containsKey("realm")) {
                throw new IllegalArgumentException("Digest challenge without realm or nonce: " + challenge);
            }
            String algorithm = params.getOrDefault("algorithm", "MD5");
            if (!algorithm.equalsIgnoreCase("MD5")) {
                throw new IllegalArgumentException("unsupported Digest algorithm " + algorithm);
            }
        }
        return new Authenticator(username, password, scheme, params);
    }

    /** The {@code Authorization} header value for one request. */
    public String authorization(String method, String uri) {
        if (scheme.equals("basic")) {
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }
        String realm = params.get("realm");
        String nonce = params.get("nonce");
        String ha1 = md5(username + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        StringBuilder out = new StringBuilder("Digest username=\"").append(username).append("\", realm=\"")
                .append(realm).append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri).append('"');
        String qop = params.get("qop");
        if (qop != null && qop.toLowerCase(Locale.ROOT).contains("auth")) {
            String nc = String.format("%08x", ++nonceCount);
            byte[] random = new byte[8];
            new SecureRandom().nextBytes(random);
            String cnonce = HexFormat.of().formatHex(random);
            out.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append("\", response=\"")
                    .append(md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)).append('"');
        } else {
            out.append(", response=\"").append(md5(ha1 + ":" + nonce + ":" + ha2)).append('"');
        }
        if (params.containsKey("opaque")) {
            out.append(", opaque=\"").append(params.get("opaque")).append('"');
        }
        return out.toString();
    }

    /** The expected Digest response, for servers (the camera simulator) that check one. */
    public static String digestResponse(String username, String realm, String password, String nonce, String method,
            String uri) {
        return md5(md5(username + ":" + realm + ":" + password) + ":" + nonce + ":" + md5(method + ":" + uri));
    }

    /** Parses {@code key="value", key=value} pairs, as in challenges and Digest credentials. */
    public static Map<String, String> parseParams(String text) {
        Map<String, String> params = new HashMap<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
                i++;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = text.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            String value;
            if (i < text.length() && text.charAt(i) == '"') {
                int close = text.indexOf('"', i + 1);
                close = close < 0 ? text.length() : close;
                value = text.substring(i + 1, close);
                i = close + 1;
            } else {
                int comma = text.indexOf(',', i);
                comma = comma < 0 ? text.length() : comma;
                value = text.substring(i, comma).trim();
                i = comma;
            }
            params.put(key, value);
        }
        return params;
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }
}
