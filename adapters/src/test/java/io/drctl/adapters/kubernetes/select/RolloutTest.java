package io.drctl.adapters.kubernetes.select;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

class RolloutTest {
    private static DeploymentBuilder deployment(long generation, long observed) {
        return new DeploymentBuilder().withNewMetadata().withNamespace("chat").withName("api").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(3).endSpec()
                .withNewStatus().withObservedGeneration(observed).withReplicas(3).withUpdatedReplicas(1).withReadyReplicas(2)
                .withAvailableReplicas(2).endStatus();
    }

    private static Deployment withProgressing(DeploymentBuilder b, String status, String reason) {
        return b.editStatus().addNewCondition().withType("Progressing").withStatus(status).withReason(reason)
                .withMessage("ReplicaSet \"api-7d9f\" has timed out progressing.").endCondition().endStatus().build();
    }

    @Test
    void a_deployment_past_its_progress_deadline_is_stalled_with_the_controllers_message() {
        Rollout r = Workload.of(withProgressing(deployment(4, 4), "False", "ProgressDeadlineExceeded")).rollout();

        assertThat(r.done()).isFalse();
        assertThat(r.stalled()).contains("ReplicaSet \"api-7d9f\" has timed out progressing.");
    }

    @Test
    void a_stale_progress_deadline_does_not_count_until_the_controller_has_seen_the_new_spec() {
        Rollout r = Workload.of(withProgressing(deployment(5, 4), "False", "ProgressDeadlineExceeded")).rollout();

        assertThat(r.stalled()).isEmpty();
    }

    @Test
    void a_deployment_still_progressing_is_waited_for() {
        Rollout r = Workload.of(withProgressing(deployment(4, 4), "True", "ReplicaSetUpdated")).rollout();

        assertThat(r.stalled()).isEmpty();
        assertThat(r.done()).isFalse();
    }
}
