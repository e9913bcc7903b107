package org.sharpeyes.hub.media.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** #22: a sweep of the demo county's cameras is spread over its interval, not fired at once. */
class StatusProberTest {

    @Test
    void aCountysSweepTakesASliceASecondOverMostOfTheInterval() {
        int spread = StatusProber.spreadSeconds(300, false);
        assertThat(spread).isEqualTo(240);
        int perTick = StatusProber.perTick(49_405, spread);
        assertThat(perTick).isEqualTo(206);
        assertThat((long) perTick * spread).as("all are probed within the spread").isGreaterThanOrEqualTo(49_405);
        assertThat((long) perTick * (spread - 1)).as("and not much sooner").isLessThan(49_405);
    }

    @Test
    void theFirstSweepAfterStartIsDoneWithinAMinute() {
        assertThat(StatusProber.spreadSeconds(300, true)).isEqualTo(60);
        assertThat(StatusProber.spreadSeconds(20, true)).as("or the interval, if shorter").isEqualTo(20);
        assertThat(StatusProber.perTick(49_405, 60)).isEqualTo(824);
    }

    @Test
    void aFewCamerasOrNoneStillMoveOnePerSecond() {
        assertThat(StatusProber.perTick(3, 240)).isEqualTo(1);
        assertThat(StatusProber.perTick(0, 240)).isEqualTo(1);
        assertThat(StatusProber.spreadSeconds(1, false)).isEqualTo(1);
    }
}
