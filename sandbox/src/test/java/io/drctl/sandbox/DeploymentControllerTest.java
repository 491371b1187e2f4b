package io.drctl.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.sandbox.testing.Manifests;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** maxSurge and maxUnavailable resolved as pkg/controller/deployment resolves them (ResolveFenceposts). */
class DeploymentControllerTest {

    private static Deployment rolling(int replicas, Object maxSurge, Object maxUnavailable) {
        Deployment d = Manifests.deployment("chat", "api", replicas, Map.of());
        return maxSurge == null ? d : Manifests.withStrategy(d, "RollingUpdate", maxSurge, maxUnavailable);
    }

    @Test
    void the_defaults_are_25_percent_surge_rounded_up_and_25_percent_unavailable_rounded_down() {
        assertThat(DeploymentController.maxSurge(rolling(10, null, null))).isEqualTo(3);
        assertThat(DeploymentController.maxUnavailable(rolling(10, null, null))).isEqualTo(2);
        assertThat(DeploymentController.maxSurge(rolling(2, null, null))).isEqualTo(1);
        assertThat(DeploymentController.maxUnavailable(rolling(2, null, null)))
                .as("a two-replica Deployment keeps both serving while it rolls")
                .isZero();
    }

    @Test
    void when_both_resolve_to_zero_one_pod_may_be_unavailable_so_the_rollout_can_move() {
        Deployment d = rolling(3, "10%", "10%");
        assertThat(DeploymentController.maxSurge(d)).isEqualTo(1); // 0.3 rounded up
        assertThat(DeploymentController.maxUnavailable(d)).isZero(); // 0.3 rounded down

        Deployment zeros = rolling(3, 0, 0);
        assertThat(DeploymentController.maxSurge(zeros)).isZero();
        assertThat(DeploymentController.maxUnavailable(zeros)).isEqualTo(1);
    }

    @Test
    void recreate_surges_nothing_and_counts_no_pod_as_allowed_to_be_unavailable() {
        Deployment d = Manifests.withStrategy(Manifests.deployment("chat", "api", 4, Map.of()), "Recreate", 0, 0);
        assertThat(DeploymentController.maxSurge(d)).isZero();
        assertThat(DeploymentController.maxUnavailable(d)).isZero();
    }
}
