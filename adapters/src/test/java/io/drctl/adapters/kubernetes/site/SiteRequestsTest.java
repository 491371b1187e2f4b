package io.drctl.adapters.kubernetes.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SiteRequestsTest {
    private static final List<Integer> HUNDRED = IntStream.range(0, 100).boxed().toList();

    @Test
    void a_site_found_unreachable_stops_the_requests_not_yet_sent() {
        AtomicInteger sent = new AtomicInteger();

        assertThatThrownBy(() -> SiteRequests.forEach(HUNDRED, i -> {
                    sent.incrementAndGet();
                    throw new TargetUnreachableException("site b", "site b: no answer within 5s");
                }))
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessage("site b: no answer within 5s");

        // the first request goes alone: a hanging site is asked once
        assertThat(sent.get()).isEqualTo(1);
    }

    @Test
    void every_item_is_tried_once_and_the_failures_are_reported_together() {
        Set<Integer> tried = ConcurrentHashMap.newKeySet();

        assertThatThrownBy(() -> SiteRequests.forEach(HUNDRED, i -> {
                    tried.add(i);
                    if (i % 25 == 0) {
                        throw new StepFailedException("site b: scaling chat/api-" + i + " failed: 409 Conflict");
                    }
                }))
                .isInstanceOf(StepFailedException.class)
                .hasMessageEndingWith("(and 3 more failed)")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(3));
        assertThat(tried).hasSize(100);
    }

    @Test
    void requests_go_side_by_side_but_never_more_than_the_per_site_bound() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();

        SiteRequests.forEach(HUNDRED, i -> {
            int now = inFlight.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
        });

        assertThat(most.get()).isGreaterThan(1).isLessThanOrEqualTo(SiteRequests.PER_SITE);
    }

    @Test
    void a_site_that_stops_answering_midway_stops_the_rest() {
        AtomicInteger sent = new AtomicInteger();

        assertThatThrownBy(() -> SiteRequests.forEach(HUNDRED, i -> {
                    if (sent.incrementAndGet() > 10) {
                        throw new TargetUnreachableException("site b", "site b: no answer within 5s");
                    }
                }))
                .isInstanceOf(TargetUnreachableException.class);

        assertThat(sent.get()).isLessThan(10 + 2 * SiteRequests.PER_SITE);
    }

    @Test
    void one_item_is_sent_on_the_calling_thread() throws Exception {
        Thread caller = Thread.currentThread();
        SiteRequests.forEach(List.of(1), i -> assertThat(Thread.currentThread()).isSameAs(caller));
    }
}
