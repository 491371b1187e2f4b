package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.testing.FakeStepContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The split-brain and lag guards of db.promote, and what may override them, on what check would have seen. */
class PromotionGuardsTest {
    private static final Plan PLAN = DatabasePlans.load(DatabasePlans.text(
            "postgresql",
            "jdbc:postgresql://pg.pangyo:5432/chat",
            "jdbc:postgresql://pg.gasan:5432/chat",
            "drctl",
            """
            - id: fence-db
              type: db.fence
              with: { database: chat, member: pangyo }
            - id: early-ok
              type: approval
              with: { message: "Start the failover?" }
            - id: go-ahead
              type: approval
              needs: [fence-db]
              with: { message: "Fence done. Promote?" }
            - id: promote-after-approval
              type: db.promote
              needs: [go-ahead, early-ok]
              with: { database: chat, member: gasan, maxLag: { bytes: 1024 } }
            - id: promote-early
              type: db.promote
              needs: [fence-db, early-ok]
              with: { database: chat, member: gasan, maxLag: { bytes: 1024 } }
            """));
    private static final Member PANGYO =
            DatabaseSpec.find(PLAN, "chat").orElseThrow().member("pangyo").orElseThrow();
    private static final Member GASAN =
            DatabaseSpec.find(PLAN, "chat").orElseThrow().member("gasan").orElseThrow();
    private static final Lag CAUGHT_UP = new Lag(OptionalLong.of(0), Optional.of(Duration.ZERO), true, true, Map.of());
    private static final Lag BEHIND =
            new Lag(OptionalLong.of(4096), Optional.of(Duration.ofSeconds(3)), false, true, Map.of());

    private static OtherMembers.Seen answered(boolean writable) {
        return new OtherMembers.Seen(
                PANGYO,
                Optional.of(new MemberStatus(
                        MemberStatus.Role.PRIMARY,
                        writable,
                        !writable,
                        writable ? "primary, accepts writes" : "primary, refuses writes (SQLSTATE 25006)")),
                "");
    }

    private static OtherMembers.Seen silent() {
        return new OtherMembers.Seen(
                PANGYO,
                Optional.empty(),
                "database chat, member pangyo (pg.pangyo:5432) does not answer: connection refused");
    }

    private static PromotionGuards.Outcome guard(FakeStepContext ctx, Lag lag, OtherMembers.Seen pangyo) {
        PlanGraph graph = new PlanGraph(ctx.plan());
        return PromotionGuards.apply(
                ctx, GASAN, Optional.of(lag), SplitBrainGuard.assess(ctx, graph, List.of(pangyo)), graph);
    }

    private static FakeStepContext.Builder promote(String id) {
        return FakeStepContext.forStepOf(PLAN, id);
    }

    @Test
    void a_caught_up_standby_next_to_a_fenced_primary_goes_ahead_with_nothing_to_accept() {
        PromotionGuards.Outcome outcome = guard(
                promote("promote-early")
                        .outputsOf("fence-db", Map.of("fenced", "proven"))
                        .build(),
                CAUGHT_UP,
                answered(false));

        assertThat(outcome).isInstanceOf(PromotionGuards.Go.class);
        assertThat(outcome.outputs())
                .containsEntry("lagBytes", 0L)
                .doesNotContainKeys("dataLossAcceptedBy", "splitBrainRiskAcceptedBy")
                .containsEntry(
                        "otherMembers",
                        Map.of("pangyo", "primary, refuses writes (SQLSTATE 25006); fenced by fence-db (proven)"));
    }

    @Test
    void an_old_primary_that_accepts_writes_stops_the_promotion_and_an_approval_does_not_change_that() {
        PromotionGuards.Outcome outcome = guard(
                promote("promote-after-approval")
                        .outputsOf("go-ahead", Map.of("approvedBy", "alice"))
                        .build(),
                CAUGHT_UP,
                answered(true));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        PromotionGuards.Stop.class,
                        stop -> assertThat(stop.reason())
                                .startsWith(
                                        "split brain: pangyo (pg.pangyo:5432) answers and accepts writes: primary, accepts writes, and no db.fence"));
    }

    @Test
    void accept_split_brain_risk_lets_it_go_on_and_says_so() {
        PromotionGuards.Outcome outcome = guard(
                promote("promote-early").param("acceptSplitBrainRisk", true).build(), CAUGHT_UP, answered(true));

        assertThat(outcome).isInstanceOf(PromotionGuards.Go.class);
        assertThat(outcome.outputs()).containsEntry("splitBrainRiskAcceptedBy", "acceptSplitBrainRisk: true");
    }

    @Test
    void a_silent_old_primary_that_was_proven_fenced_earlier_is_no_risk() {
        PromotionGuards.Outcome outcome = guard(
                promote("promote-early")
                        .outputsOf("fence-db", Map.of("fenced", "proven"))
                        .build(),
                CAUGHT_UP,
                silent());

        assertThat(outcome).isInstanceOf(PromotionGuards.Go.class);
        assertThat(outcome.outputs())
                .containsEntry("otherMembers", Map.of("pangyo", "fenced by fence-db (proven); does not answer now"));
    }

    @Test
    void after_an_unproven_fence_an_approval_that_comes_after_the_fence_accepts_the_risk() {
        FakeStepContext ctx = promote("promote-after-approval")
                .outputsOf("fence-db", Map.of("fenced", "unproven"))
                .outputsOf("go-ahead", Map.of("approvedBy", "alice"))
                .outputsOf("early-ok", Map.of("approvedBy", "bob"))
                .build();

        PromotionGuards.Outcome outcome = guard(ctx, CAUGHT_UP, silent());

        assertThat(outcome).isInstanceOf(PromotionGuards.Go.class);
        assertThat(outcome.outputs())
                .containsEntry("splitBrainRiskAcceptedBy", "approval step go-ahead (approved by alice)");
    }

    @Test
    void an_approval_given_before_the_fence_ended_does_not_count() {
        FakeStepContext ctx = promote("promote-early")
                .outputsOf("fence-db", Map.of("fenced", "unproven"))
                .outputsOf("early-ok", Map.of("approvedBy", "bob"))
                .build();

        PromotionGuards.Outcome outcome = guard(ctx, CAUGHT_UP, silent());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        PromotionGuards.Stop.class,
                        stop -> assertThat(stop.reason())
                                .isEqualTo(
                                        "cannot rule out a split brain: pangyo does not answer (database chat, member pangyo (pg.pangyo:5432) does not "
                                                + "answer: connection refused); fence-db recorded its fence as unproven. Put an approval step between the fence "
                                                + "and this step, or set acceptSplitBrainRisk: true"));
    }

    @Test
    void lag_over_the_limit_stops_unless_accepted_by_the_plan_or_an_approval() {
        Map<String, Object> proven = Map.of("fenced", "proven");

        PromotionGuards.Outcome refused =
                guard(promote("promote-early").outputsOf("fence-db", proven).build(), BEHIND, silent());
        PromotionGuards.Outcome byFlag = guard(
                promote("promote-early")
                        .outputsOf("fence-db", proven)
                        .param("acceptDataLoss", true)
                        .build(),
                BEHIND,
                silent());
        PromotionGuards.Outcome byApproval = guard(
                promote("promote-after-approval")
                        .outputsOf("fence-db", proven)
                        .outputsOf("go-ahead", Map.of("approvedBy", "alice"))
                        .build(),
                BEHIND,
                silent());

        assertThat(refused)
                .isInstanceOfSatisfying(
                        PromotionGuards.Stop.class,
                        stop -> assertThat(stop.reason())
                                .isEqualTo(
                                        "chat@gasan is further behind than the plan allows: 4.0 KiB behind, over 1.0 KiB (maxLag); promoting now loses "
                                                + "that data. Set acceptDataLoss: true, or put an approval step between the fence and this step"));
        assertThat(refused.outputs()).containsEntry("lagBytes", 4096L).containsEntry("lagMeasuredFrom", "standby");
        assertThat(byFlag.outputs()).containsEntry("dataLossAcceptedBy", "acceptDataLoss: true");
        assertThat(byApproval.outputs())
                .containsEntry("dataLossAcceptedBy", "approval step go-ahead (approved by alice)")
                .containsEntry("dataLoss", "4.0 KiB behind, over 1.0 KiB (maxLag)");
    }

    @Test
    void a_preview_expects_the_fence_and_the_approval_to_come_instead_of_stopping() {
        FakeStepContext ctx = promote("promote-after-approval").preview().build();

        PromotionGuards.Outcome writable = guard(ctx, BEHIND, answered(true));
        PromotionGuards.Outcome gone = guard(ctx, CAUGHT_UP, silent());

        assertThat(writable).isInstanceOfSatisfying(PromotionGuards.Go.class, go -> {
            assertThat(go.notes()).contains("pangyo: primary, accepts writes now; fence-db fences it first");
            assertThat(go.acceptances())
                    .containsExactly(
                            "data loss (4.0 KiB behind, over 1.0 KiB (maxLag)) accepted by approval step go-ahead, if it is given");
        });
        assertThat(gone)
                .isInstanceOfSatisfying(
                        PromotionGuards.Go.class,
                        go -> assertThat(go.acceptances())
                                .anySatisfy(
                                        n -> assertThat(n)
                                                .startsWith(
                                                        "split-brain risk accepted by approval step go-ahead, if it is given: pangyo does not answer")));
    }
}
