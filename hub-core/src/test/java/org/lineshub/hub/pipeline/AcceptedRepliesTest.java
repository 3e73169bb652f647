package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.session.OutboxStore;
import org.lineshub.hub.system.HubThreads;

class AcceptedRepliesTest {

    @Test
    void repliesHandedOverMeanwhileAreRecordedTogetherInOrderAndEachLearnsItsOwnOutcome() throws Exception {
        CountDownLatch firstGroupStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<Long>> groups = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger afterGroups = new AtomicInteger();
        AcceptedReplies recorder = new AcceptedReplies(group -> {
            groups.add(group.stream().map(OutboxStore.Accepted::id).toList());
            firstGroupStarted.countDown();
            await(release);
            // the claim of reply 4 was taken over: not recorded
            Set<Long> recorded = new HashSet<>();
            group.stream().map(OutboxStore.Accepted::id).filter(id -> id != 4).forEach(recorded::add);
            return recorded;
        }, afterGroups::incrementAndGet, HubThreads.named("test-recorder"));
        try {
            CompletableFuture<Boolean> first = recorder.record(accepted(1));
            assertThat(firstGroupStarted.await(5, TimeUnit.SECONDS)).isTrue();
            // handed over while the first group is being recorded: they make the next group, in their order
            List<CompletableFuture<Boolean>> later = new ArrayList<>();
            for (long id = 2; id <= 5; id++) {
                later.add(recorder.record(accepted(id)));
            }
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(later.get(0).get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(later.get(1).get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(later.get(2).get(5, TimeUnit.SECONDS)).isFalse();
            assertThat(later.get(3).get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(groups).containsExactly(List.of(1L), List.of(2L, 3L, 4L, 5L));
            // after each group, once its replies know their outcome
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (afterGroups.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(afterGroups.get()).isEqualTo(2);
        } finally {
            recorder.stop();
        }
    }

    @Test
    void whenAGroupIsRefusedItsRepliesAreRecordedOneByOneSoOnlyTheBadOneFails() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch firstGroupStarted = new CountDownLatch(1);
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        AcceptedReplies recorder = new AcceptedReplies(group -> {
            sizes.add(group.size());
            if (group.get(0).id() == 1) {
                firstGroupStarted.countDown();
                await(hold);
                return Set.of(1L);
            }
            if (group.stream().anyMatch(r -> r.id() == 7)) {
                throw new IllegalStateException("Duplicate entry for key uk_message_external");
            }
            return Set.of(group.get(0).id());
        }, () -> { }, HubThreads.named("test-recorder"));
        try {
            CompletableFuture<Boolean> first = recorder.record(accepted(1));
            assertThat(firstGroupStarted.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Boolean> six = recorder.record(accepted(6));
            CompletableFuture<Boolean> seven = recorder.record(accepted(7));
            CompletableFuture<Boolean> eight = recorder.record(accepted(8));
            hold.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(six.get(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> seven.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("Duplicate entry for key uk_message_external");
            assertThat(eight.get(5, TimeUnit.SECONDS)).isTrue();
            // the group of three, then each of them alone
            assertThat(sizes).containsExactly(1, 3, 1, 1, 1);
        } finally {
            recorder.stop();
        }
    }

    @Test
    void stoppingRecordsWhatWasHandedOverAndAReplyHandedOverAfterwardsFailsAtOnce() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        List<Long> recorded = Collections.synchronizedList(new ArrayList<>());
        AcceptedReplies recorder = new AcceptedReplies(group -> {
            await(hold);
            group.forEach(r -> recorded.add(r.id()));
            return Set.copyOf(group.stream().map(OutboxStore.Accepted::id).toList());
        }, () -> { }, HubThreads.named("test-recorder"));
        CompletableFuture<Boolean> before = recorder.record(accepted(1));
        CompletableFuture<Boolean> queued = recorder.record(accepted(2));
        hold.countDown();
        recorder.stop();
        assertThat(before.get(1, TimeUnit.SECONDS)).isTrue();
        assertThat(queued.get(1, TimeUnit.SECONDS)).isTrue();
        assertThat(recorded).containsExactly(1L, 2L);
        CompletableFuture<Boolean> after = recorder.record(accepted(3));
        assertThatThrownBy(() -> after.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("the outbox stopped");
    }

    private static OutboxStore.Accepted accepted(long id) {
        return new OutboxStore.Accepted(id, "node:1", null);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
