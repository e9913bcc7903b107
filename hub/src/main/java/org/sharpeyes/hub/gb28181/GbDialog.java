package org.sharpeyes.hub.gb28181;

import org.sharpeyes.adapters.gb28181.sip.SipMessage;

/**
 * A play session the hub set up with a device (RFC 3261 section 12): the INVITE that made it, the device's 2xx, and
 * the next CSeq, from which the ACK and the BYE are made.
 */
record GbDialog(GbDevice device, SipMessage invite, SipMessage answer) {

    String callId() {
        return invite.header("Call-ID");
    }
}
