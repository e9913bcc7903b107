package org.sharpeyes.adapters.onvif;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * The WS-Security UsernameToken an ONVIF device checks (#19): PasswordDigest = Base64(SHA-1(nonce + created +
 * password)), the nonce sent as Base64, {@code created} in UTC on the device's clock (the caller adds the offset it
 * learned from GetSystemDateAndTime).
 */
public final class UsernameToken {

    public static final String PASSWORD_DIGEST = "http://docs.oasis-open.org/wss/2004/01/"
            + "oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    public static final String BASE64_BINARY = "http://docs.oasis-open.org/wss/2004/01/"
            + "oasis-200401-wss-soap-message-security-1.0#Base64Binary";
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private UsernameToken() {
    }

    /** The digest of {@code password} for this nonce and creation time, as the device computes it. */
    public static String digest(byte[] nonce, String created, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /** The creation time as devices read it: whole seconds, UTC, a final Z. */
    public static String created(Instant deviceTime) {
        return CREATED.format(deviceTime.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The {@code wsse:Security} header for one request. */
    public static String header(String username, String password, byte[] nonce, Instant deviceTime) {
        String created = created(deviceTime);
        return "<wsse:Security s:mustUnderstand=\"1\" xmlns:wsse=\"" + WSSE + "\" xmlns:wsu=\"" + WSU + "\">"
                + "<wsse:UsernameToken><wsse:Username>" + Soap.escape(username) + "</wsse:Username>"
                + "<wsse:Password Type=\"" + PASSWORD_DIGEST + "\">" + digest(nonce, created, password)
                + "</wsse:Password><wsse:Nonce EncodingType=\"" + BASE64_BINARY + "\">"
                + Base64.getEncoder().encodeToString(nonce) + "</wsse:Nonce><wsu:Created>" + created
                + "</wsu:Created></wsse:UsernameToken></wsse:Security>";
    }
}
