package org.sharpeyes.hub.gb28181;

import java.util.concurrent.ThreadLocalRandom;
import org.sharpeyes.adapters.gb28181.sip.SipHeaders;
import org.sharpeyes.adapters.gb28181.sip.SipMessage;

/** Responses made from the request they answer, as RFC 3261 section 8.2.6 says. */
final class SipResponses {

    private SipResponses() {
    }

    /**
     * A response to {@code request} from {@code peer}: its Via headers (the top one given {@code received} and
     * {@code rport} so the answer finds a device behind NAT, RFC 3581), From, To with our tag, Call-ID and CSeq.
     */
    static SipMessage to(SipMessage request, SipPeer peer, int status, String reason) {
        SipMessage response = SipMessage.response(status, reason);
        boolean top = true;
        for (String via : request.headers("Via")) {
            for (String one : SipHeaders.list(via)) {
                response.add("Via", top ? received(one, peer) : one);
                top = false;
            }
        }
        response.add("From", request.header("From"));
        String to = request.header("To");
        if (to != null && SipHeaders.parameter(to, "tag") == null && status > 100) {
            to = to + ";tag=" + tag();
        }
        response.add("To", to);
        response.add("Call-ID", request.header("Call-ID"));
        response.add("CSeq", request.header("CSeq"));
        return response;
    }

    private static String received(String via, SipPeer peer) {
        String host = peer.address().getAddress().getHostAddress();
        String rport = SipHeaders.parameter(via, "rport");
        String result = via;
        if (rport != null && rport.isEmpty()) {
            result = result.replaceFirst(";\\s*rport(?=;|$)", ";rport=" + peer.address().getPort());
        }
        if (SipHeaders.parameter(result, "received") == null) {
            result = result + ";received=" + host;
        }
        return result;
    }

    /** A fresh tag or branch suffix. */
    static String tag() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFFFL);
    }
}
