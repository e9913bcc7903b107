package org.sharpeyes.adapters.gb28181.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reading the parts of SIP header values: list elements, parameters, the URI of a name-addr and its user. */
public final class SipHeaders {

    private SipHeaders() {
    }

    /** Splits a header value at commas that are outside quotes and angle brackets (Via: a, b). */
    public static List<String> list(String value) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int angle = 0;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>' && angle > 0) {
                angle--;
            } else if (!quoted && angle == 0 && c == ',') {
                parts.add(value.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(value.substring(start).trim());
        return parts;
    }

    /** The first element of a list-valued header. */
    public static String firstOfList(String value) {
        return list(value).get(0);
    }

    /**
     * A parameter of a header value, outside any angle brackets (";tag=", ";branch="): its value, "" when it has
     * none, null when absent. Names compare without case.
     */
    public static String parameter(String value, String name) {
        if (value == null) {
            return null;
        }
        int close = value.lastIndexOf('>');
        String[] parts = (close >= 0 ? value.substring(close + 1) : value).split(";");
        // Without a name-addr the first part is the value itself (a Via's sent-by, a URI), not a parameter.
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq).trim();
            if (key.equalsIgnoreCase(name)) {
                return eq < 0 ? "" : unquote(part.substring(eq + 1).trim());
            }
        }
        return null;
    }

    /** The URI inside a name-addr ({@code "Name" <sip:a@b>;tag=1} gives {@code sip:a@b}), or the addr-spec itself. */
    public static String uri(String value) {
        int open = value.indexOf('<');
        int close = value.indexOf('>', open + 1);
        if (open >= 0 && close > open) {
            return value.substring(open + 1, close).trim();
        }
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
    }

    /** The user part of a SIP URI ({@code sip:34020000001320000001@3402000000} gives the 20-digit code), or null. */
    public static String user(String uri) {
        String rest = uri;
        int colon = rest.indexOf(':');
        if (colon >= 0 && rest.substring(0, colon).toLowerCase(Locale.ROOT).startsWith("sip")) {
            rest = rest.substring(colon + 1);
        }
        int at = rest.indexOf('@');
        return at < 0 ? null : rest.substring(0, at);
    }

    /** The host (and port) part of a SIP URI, without user or parameters. */
    public static String hostPort(String uri) {
        String rest = uri;
        int colon = rest.indexOf(':');
        if (colon >= 0 && rest.substring(0, colon).toLowerCase(Locale.ROOT).startsWith("sip")) {
            rest = rest.substring(colon + 1);
        }
        int at = rest.indexOf('@');
        rest = at < 0 ? rest : rest.substring(at + 1);
        int end = rest.length();
        for (char stop : new char[] {';', '?', '>'}) {
            int i = rest.indexOf(stop);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        return rest.substring(0, end);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
