package org.sharpeyes.adapters.gb28181.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP Digest as SIP uses it for REGISTER (RFC 3261 section 22, RFC 2617): MD5, with {@code qop=auth} or without
 * (older devices answer a qop challenge without one, which the server may accept). Both sides: the server's
 * challenge and check of an Authorization header, and a client's answer to a challenge.
 */
public final class SipDigest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SipDigest() {
    }

    /** A fresh nonce: 128 random bits in hex. */
    public static String nonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The WWW-Authenticate value of a challenge in {@code realm} with {@code nonce}, offering qop=auth. */
    public static String challenge(String realm, String nonce) {
        return "Digest realm=\"" + realm + "\", nonce=\"" + nonce + "\", algorithm=MD5, qop=\"auth\"";
    }

    /** The parameters of a Digest header value (Authorization or WWW-Authenticate), names in lower case. */
    public static Map<String, String> parameters(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        if (header == null) {
            return params;
        }
        String rest = header.trim();
        if (rest.regionMatches(true, 0, "Digest", 0, 6)) {
            rest = rest.substring(6);
        }
        for (String part : SipHeaders.list(rest)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = part.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            params.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), value);
        }
        return params;
    }

    /**
     * Whether an Authorization header answers the challenge {@code nonce} for {@code method} with {@code password}:
     * the nonce must be ours, and the response must match, with qop=auth (nc and cnonce used) or without qop.
     */
    public static boolean verify(String authorization, String method, String nonce, String password) {
        Map<String, String> params = parameters(authorization);
        String username = params.get("username");
        String realm = params.get("realm");
        String uri = params.get("uri");
        String response = params.get("response");
        if (username == null || realm == null || uri == null || response == null || !nonce.equals(params.get(
                "nonce"))) {
            return false;
        }
        String expected = response(username, realm, password, method, uri, nonce, params.get("qop"),
                params.get("nc"), params.get("cnonce"));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A client's Authorization value answering {@code challenge} (a WWW-Authenticate value) for a request of
     * {@code method} to {@code uri} as {@code username}; {@code nc} counts the answers given to this nonce.
     */
    public static String authorize(String challenge, String username, String password, String method, String uri,
            int nc) {
        Map<String, String> params = parameters(challenge);
        String realm = params.getOrDefault("realm", "");
        String nonce = params.getOrDefault("nonce", "");
        boolean auth = params.containsKey("qop") && SipHeaders.list(params.get("qop")).stream()
                .anyMatch(q -> q.equalsIgnoreCase("auth"));
        StringBuilder header = new StringBuilder("Digest username=\"").append(username).append("\", realm=\"")
                .append(realm).append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri).append('"');
        if (auth) {
            String count = String.format("%08x", nc);
            String cnonce = nonce().substring(0, 16);
            header.append(", response=\"").append(response(username, realm, password, method, uri, nonce, "auth",
                    count, cnonce)).append("\", algorithm=MD5, cnonce=\"").append(cnonce).append("\", qop=auth, nc=")
                    .append(count);
        } else {
            header.append(", response=\"").append(response(username, realm, password, method, uri, nonce, null, null,
                    null)).append("\", algorithm=MD5");
        }
        if (params.containsKey("opaque")) {
            header.append(", opaque=\"").append(params.get("opaque")).append('"');
        }
        return header.toString();
    }

    /** The request-digest of RFC 2617 section 3.2.2.1, in lower-case hex. */
    static String response(String username, String realm, String password, String method, String uri, String nonce,
            String qop, String nc, String cnonce) {
        String ha1 = md5(username + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        if (qop != null && (qop.equalsIgnoreCase("auth") || qop.equalsIgnoreCase("auth-int"))) {
            return md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        }
        return md5(ha1 + ":" + nonce + ":" + ha2);
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java platform", e);
        }
    }
}
