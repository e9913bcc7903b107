package org.sharpeyes.sim.gb28181;

import java.util.concurrent.ThreadLocalRandom;
import org.sharpeyes.adapters.gb28181.sip.SipHeaders;
import org.sharpeyes.adapters.gb28181.sip.SipMessage;

/** What the simulated devices and platform share of SIP: answers made from a request, and fresh tags. */
final class SimSip {

    private SimSip() {
    }

    /** A response to {@code request}: its Via headers, From, To with a tag, Call-ID and CSeq. */
    static SipMessage answer(SipMessage request, int status, String reason) {
        SipMessage response = SipMessage.response(status, reason);
        request.headers("Via").forEach(via -> response.add("Via", via));
        response.add("From", request.header("From"));
        String to = request.header("To");
        response.add("To", SipHeaders.parameter(to, "tag") == null ? to + ";tag=" + tag() : to);
        response.add("Call-ID", request.header("Call-ID"));
        response.add("CSeq", request.header("CSeq"));
        return response;
    }

    /** A random tag, branch or Call-ID part. */
    static String tag() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFFFL);
    }
}
