package org.sharpeyes.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegionScopeTest {

    private final RegionScope township = new RegionScope("510122001");

    @Test
    void coversItsOwnSubtreeOnly() {
        assertThat(township.covers("510122001")).isTrue();
        assertThat(township.covers("510122001014")).isTrue();
        assertThat(township.covers("510122002001")).isFalse();
        assertThat(township.covers("510122")).isFalse();
        assertThat(RegionScope.ALL.covers("999999")).isTrue();
    }

    @Test
    void narrowsARequestToTheDeeperOfTheTwo() {
        assertThat(township.narrow(null)).contains("510122001");
        assertThat(township.narrow("510122")).contains("510122001");
        assertThat(township.narrow("510122001003")).contains("510122001003");
        assertThat(township.narrow("510122002")).isEmpty();
        assertThat(RegionScope.ALL.narrow(null)).isEmpty();
    }
}
