package org.sharpeyes.sim.camera;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Locale;

/**
 * A misbehaviour a simulated camera can be asked for with {@code ?fault=} on its URL, for tests of how the hub copes
 * with broken devices: {@code refuse} (DESCRIBE answers 503), {@code bad-sdp} (DESCRIBE answers an SDP without
 * video), {@code garbage-rtp} (malformed RTP packets among the good ones), {@code stall} (PLAY, then silence),
 * {@code udp-only} (SETUP refuses RTP over TCP with 461 and sends RTP over UDP), {@code redirect} (DESCRIBE answers
 * 302 with the same camera's URL without the fault), {@code sps-change} (the picture size alternates between the
 * configured one and half of it every GOP, new SPS and PPS with each key frame), {@code late-start} (PLAY, then
 * the first picture only {@value #LATE_START_SECONDS} s later, as a long-GOP camera's first key frame comes late).
 */
enum Fault {
    NONE, REFUSE, BAD_SDP, GARBAGE_RTP, STALL, UDP_ONLY, REDIRECT, SPS_CHANGE, LATE_START;

    static final int LATE_START_SECONDS = 3;

    static Fault of(String uri) {
        List<String> values = new QueryStringDecoder(uri).parameters().get("fault");
        if (values == null || values.isEmpty()) {
            return NONE;
        }
        try {
            return valueOf(values.get(0).trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return NONE;
        }
    }
}
