package io.drctl.adapters.kubernetes.select;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

class RolloutTest {
    private static DeploymentBuilder deployment(long generation, long observed) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace("chat")
                .withName("api")
                .withGeneration(generation)
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .endSpec()
                .withNewStatus()
                .withObservedGeneration(observed)
                .withReplicas(3)
                .withUpdatedReplicas(1)
                .withReadyReplicas(2)
                .withAvailableReplicas(2)
                .endStatus();
    }

    private static Deployment withProgressing(DeploymentBuilder b, String status, String reason) {
        return b.editStatus()
                .addNewCondition()
                .withType("Progressing")
                .withStatus(status)
                .withReason(reason)
                .withMessage("ReplicaSet \"api-7d9f\" has timed out progressing.")
                .endCondition()
                .endStatus()
                .build();
    }

    @Test
    void a_deployment_past_its_progress_deadline_is_stalled_with_the_controllers_message() {
        Rollout r = Workload.of(withProgressing(deployment(4, 4), "False", "ProgressDeadlineExceeded"))
                .rollout();

        assertThat(r.done()).isFalse();
        assertThat(r.stalled()).contains("ReplicaSet \"api-7d9f\" has timed out progressing.");
    }

    @Test
    void a_stale_progress_deadline_does_not_count_until_the_controller_has_seen_the_new_spec() {
        Rollout r = Workload.of(withProgressing(deployment(5, 4), "False", "ProgressDeadlineExceeded"))
                .rollout();

        assertThat(r.stalled()).isEmpty();
    }

    @Test
    void a_deployment_still_progressing_is_waited_for() {
        Rollout r = Workload.of(withProgressing(deployment(4, 4), "True", "ReplicaSetUpdated"))
                .rollout();

        assertThat(r.stalled()).isEmpty();
        assertThat(r.done()).isFalse();
    }

    private static StatefulSetBuilder statefulSet(String strategy, Integer partition) {
        StatefulSetBuilder b = new StatefulSetBuilder()
                .withNewMetadata()
                .withNamespace("chat")
                .withName("redis")
                .withGeneration(2L)
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .withNewUpdateStrategy()
                .withType(strategy)
                .endUpdateStrategy()
                .endSpec()
                .withNewStatus()
                .withObservedGeneration(2L)
                .withReplicas(3)
                .withReadyReplicas(3)
                .withUpdatedReplicas(1)
                .withCurrentRevision("redis-old")
                .withUpdateRevision("redis-new")
                .endStatus();
        if (partition != null) {
            b.editSpec()
                    .editUpdateStrategy()
                    .withNewRollingUpdate()
                    .withPartition(partition)
                    .endRollingUpdate()
                    .endUpdateStrategy()
                    .endSpec();
        }
        return b;
    }

    @Test
    void a_partitioned_stateful_set_is_rolled_out_once_the_pods_above_the_partition_are_updated() {
        // kubectl: "partitioned roll out complete: 1 new pods have been updated" — never waiting for the partition.
        assertThat(Workload.of(statefulSet("RollingUpdate", 2).build())
                        .rollout()
                        .done())
                .isTrue();
        assertThat(Workload.of(statefulSet("RollingUpdate", 1).build())
                        .rollout()
                        .done())
                .isFalse();
    }

    @Test
    void a_rolling_stateful_set_is_done_when_its_revisions_agree_and_every_pod_is_ready() {
        assertThat(Workload.of(statefulSet("RollingUpdate", null).build())
                        .rollout()
                        .done())
                .isFalse();
        Rollout settled = Workload.of(statefulSet("RollingUpdate", null)
                        .editStatus()
                        .withUpdatedReplicas(3)
                        .withCurrentRevision("redis-new")
                        .endStatus()
                        .build())
                .rollout();
        assertThat(settled.done()).isTrue();
        // kubectl does not count availableReplicas for StatefulSets (older clusters do not report it).
        assertThat(settled.available()).isZero();
        Rollout oneNotReady = Workload.of(statefulSet("RollingUpdate", null)
                        .editStatus()
                        .withReadyReplicas(2)
                        .withUpdatedReplicas(3)
                        .withCurrentRevision("redis-new")
                        .endStatus()
                        .build())
                .rollout();
        assertThat(oneNotReady.done()).isFalse();
        assertThat(oneNotReady.describe()).contains("2/3 ready");
    }

    @Test
    void an_on_delete_stateful_set_is_done_when_its_pods_are_ready_and_says_they_keep_the_old_spec() {
        Rollout r = Workload.of(statefulSet("OnDelete", null).build()).rollout();

        assertThat(r.done()).isTrue();
        assertThat(r.describe()).contains("OnDelete");
    }

    private static io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder daemonSet(
            String strategy, int updated, int available) {
        return new io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder()
                .withNewMetadata()
                .withNamespace("ops")
                .withName("agent")
                .withGeneration(3L)
                .endMetadata()
                .withNewSpec()
                .withNewUpdateStrategy()
                .withType(strategy)
                .endUpdateStrategy()
                .endSpec()
                .withNewStatus()
                .withObservedGeneration(3L)
                .withDesiredNumberScheduled(4)
                .withCurrentNumberScheduled(4)
                .withUpdatedNumberScheduled(updated)
                .withNumberReady(available)
                .withNumberAvailable(available)
                .endStatus();
    }

    @Test
    void a_daemon_set_with_a_node_still_on_the_old_template_is_not_rolled_out() {
        Rollout r = Workload.of(daemonSet("RollingUpdate", 3, 4).build()).rollout();

        assertThat(r.done()).isFalse();
        assertThat(r.describe()).isEqualTo("4/4 ready (3 of 4 nodes run the new template)");
    }

    @Test
    void a_daemon_set_whose_updated_pods_are_not_all_available_is_not_rolled_out() {
        Rollout r = Workload.of(daemonSet("RollingUpdate", 4, 3).build()).rollout();

        assertThat(r.done()).isFalse();
        assertThat(r.describe()).isEqualTo("3/4 ready (3 of 4 updated pods available)");
    }

    @Test
    void a_daemon_set_whose_controller_has_not_seen_the_new_spec_is_not_rolled_out() {
        Rollout r = Workload.of(daemonSet("RollingUpdate", 4, 4)
                        .editMetadata()
                        .withGeneration(4L)
                        .endMetadata()
                        .build())
                .rollout();

        assertThat(r.done()).isFalse();
    }

    @Test
    void a_daemon_set_updated_and_available_on_every_node_is_rolled_out() {
        Rollout r = Workload.of(daemonSet(null, 4, 4).build()).rollout();

        assertThat(r.done()).isTrue();
        assertThat(Workload.of(daemonSet(null, 4, 4).build()).display()).isEqualTo("ops/agent (DaemonSet)");
    }

    @Test
    void a_daemon_set_that_updates_on_delete_is_not_waited_on() {
        Rollout r = Workload.of(daemonSet("OnDelete", 0, 1).build()).rollout();

        assertThat(r.done()).isTrue();
        assertThat(r.describe()).contains("OnDelete: not waited on");
    }
}
