package org.sharpeyes.hub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UrgentFirstQueueTest {

    /** A taker on another thread that waits as long as it takes. */
    private static CompletableFuture<String> takeInBackground(UrgentFirstQueue<String> queue) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return queue.take(UrgentFirstQueue.FOREVER);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Asserts that {@code future} stays pending for a while: it is blocked, not merely slow to finish. */
    private static void stillWaiting(CompletableFuture<?> future) {
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> !future.isDone());
    }

    @Test
    void takesUrgentItemsFirstAndEachLaneInOrder() throws Exception {
        UrgentFirstQueue<String> queue = new UrgentFirstQueue<>(4, 4);
        queue.put("ordinary 1", false);
        queue.put("ordinary 2", false);
        queue.put("urgent 1", true);
        queue.put("urgent 2", true);

        assertThat(queue.take(0)).isEqualTo("urgent 1");
        assertThat(queue.take(0)).isEqualTo("urgent 2");
        assertThat(queue.take(0)).isEqualTo("ordinary 1");
        assertThat(queue.take(0)).isEqualTo("ordinary 2");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aWaitingTakerWakesForAnItemNotAfterItsTimeout() throws Exception {
        UrgentFirstQueue<String> queue = new UrgentFirstQueue<>(1, 1);
        CompletableFuture<String> taken = takeInBackground(queue);
        stillWaiting(taken);

        queue.put("alarm", true);

        assertThat(taken.get(5, TimeUnit.SECONDS)).isEqualTo("alarm");
    }

    @Test
    void returnsNothingWhenNothingCameInTimeOrWhenWoken() throws Exception {
        UrgentFirstQueue<String> queue = new UrgentFirstQueue<>(1, 1);
        assertThat(queue.take(TimeUnit.MILLISECONDS.toNanos(20))).isNull();

        CompletableFuture<String> taken = takeInBackground(queue);
        stillWaiting(taken);
        queue.wake();

        assertThat(taken.get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aFullLaneHoldsItsProducerBackButNotTheOtherLane() throws Exception {
        UrgentFirstQueue<String> queue = new UrgentFirstQueue<>(1, 1);
        queue.put("ordinary 1", false);
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                queue.put("ordinary 2", false);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.put("urgent", true);
        stillWaiting(blocked);

        assertThat(queue.take(0)).isEqualTo("urgent");
        assertThat(queue.take(0)).isEqualTo("ordinary 1");
        await().atMost(Duration.ofSeconds(5)).until(blocked::isDone);
        assertThat(queue.take(0)).isEqualTo("ordinary 2");
    }
}
