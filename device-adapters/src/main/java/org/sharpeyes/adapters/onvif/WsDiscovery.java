package org.sharpeyes.adapters.onvif;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * WS-Discovery (2005/04) as ONVIF devices answer it (#19): the Probe for {@code dn:NetworkVideoTransmitter} sent to
 * {@value #MULTICAST_GROUP}:{@value #PORT} or to one host, and the ProbeMatches read back.
 */
public final class WsDiscovery {

    public static final String MULTICAST_GROUP = "239.255.255.250";
    public static final int PORT = 3702;
    private static final String DISCOVERY = "http://schemas.xmlsoap.org/ws/2005/04/discovery";
    private static final String ADDRESSING = "http://schemas.xmlsoap.org/ws/2004/08/addressing";

    private WsDiscovery() {
    }

    /** A Probe with {@code messageId} (a {@code uuid:…}), so that answers to it can be told from others. */
    public static String probe(String messageId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\"" + Soap.ENVELOPE + "\" xmlns:a=\""
                + ADDRESSING + "\" xmlns:d=\"" + DISCOVERY + "\" xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\">"
                + "<s:Header><a:Action s:mustUnderstand=\"1\">" + DISCOVERY + "/Probe</a:Action><a:MessageID>"
                + Soap.escape(messageId) + "</a:MessageID><a:ReplyTo><a:Address>" + ADDRESSING
                + "/role/anonymous</a:Address></a:ReplyTo><a:To s:mustUnderstand=\"1\">"
                + "urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header><s:Body><d:Probe><d:Types>"
                + "dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>";
    }

    /** The message a ProbeMatches relates to ({@code RelatesTo}), or null when it does not say. */
    public static String relatesTo(XmlElement envelope) {
        return envelope.text("Header", "RelatesTo");
    }

    /**
     * The matches in one answer; an answer that is no ProbeMatches (a Hello, a Bye, another Probe) has none.
     * Matches without an address of their device service are left out: the hub could not call them.
     */
    public static List<ProbeMatch> matches(XmlElement envelope) {
        List<ProbeMatch> found = new ArrayList<>();
        XmlElement matches = envelope.child("Body", "ProbeMatches").orElse(null);
        if (matches == null) {
            return found;
        }
        for (XmlElement match : matches.children("ProbeMatch")) {
            List<String> xaddrs = words(match.text("XAddrs"));
            if (xaddrs.isEmpty()) {
                continue;
            }
            found.add(new ProbeMatch(match.text("EndpointReference", "Address"), words(match.text("Types")),
                    words(match.text("Scopes")), xaddrs));
        }
        return found;
    }

    private static List<String> words(String text) {
        return text == null ? List.of() : Arrays.stream(text.strip().split("\\s+")).filter(w -> !w.isEmpty())
                .toList();
    }
}
