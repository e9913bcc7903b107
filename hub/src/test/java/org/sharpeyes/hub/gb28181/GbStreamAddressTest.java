package org.sharpeyes.hub.gb28181;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GbStreamAddressTest {

    @Test
    void readsTheDeviceChannelAndTransportOfADigitsOnlyAddress() {
        assertThat(GbStreamAddress.parse("gb28181://51012200001180000001/51012201001310000001?transport=TCP-ACTIVE"))
                .contains(new GbStreamAddress("51012200001180000001", "51012201001310000001", "tcp-active"));
        assertThat(GbStreamAddress.parse("GB28181://51012200001320000001")).contains(new GbStreamAddress(
                "51012200001320000001", "51012200001320000001", "udp"));
        assertThat(GbStreamAddress.parse("gb28181://51012200001180000001/x?transport=carrier-pigeon"))
                .map(GbStreamAddress::transport).contains("udp");
    }

    @Test
    void refusesWhatIsNoGbAddress() {
        assertThat(GbStreamAddress.parse(null)).isEmpty();
        assertThat(GbStreamAddress.parse("rtsp://10.0.0.1/live")).isEmpty();
        assertThat(GbStreamAddress.parse("gb28181:///only-a-path")).isEmpty();
        assertThat(GbStreamAddress.parse("gb28181://bad host/1")).isEmpty();
    }
}
