package io.drctl.adapters.kubernetes.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.kubernetes.drain.PodVerdict.Kind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class PodVerdictTest {
    private static PodBuilder pod() {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .withNamespace("chat")
                .endMetadata()
                .withNewSpec()
                .withNodeName("n1")
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus();
    }

    private static PodBuilder ownedBy(String kind) {
        return pod().editMetadata()
                .addNewOwnerReference()
                .withKind(kind)
                .withName("owner")
                .withController(true)
                .endOwnerReference()
                .endMetadata();
    }

    private static PodVerdict verdict(Pod pod, boolean force, boolean deleteEmptyDirData) {
        return PodVerdict.of(pod, force, deleteEmptyDirData, (ns, name) -> true);
    }

    @Test
    void an_owner_without_controller_true_does_not_make_a_pod_managed() {
        Pod merelyOwned = pod().editMetadata()
                .addNewOwnerReference()
                .withKind("ReplicaSet")
                .withName("rs")
                .endOwnerReference()
                .endMetadata()
                .build();
        assertThat(PodVerdict.controller(merelyOwned)).isEmpty();
        assertThat(verdict(merelyOwned, false, false).kind()).isEqualTo(Kind.REFUSE);
    }

    @Test
    void pods_of_a_daemon_set_that_no_longer_exists_need_force() {
        Pod orphan = ownedBy("DaemonSet").build();
        PodVerdict refused = PodVerdict.of(orphan, false, false, (ns, name) -> false);
        assertThat(refused.kind()).isEqualTo(Kind.REFUSE);
        assertThat(refused.reason()).contains("which no longer exists", "force: true");
        assertThat(PodVerdict.of(orphan, true, false, (ns, name) -> false).kind())
                .isEqualTo(Kind.EVICT);
        assertThat(PodVerdict.of(orphan, false, false, (ns, name) -> ns.equals("chat") && name.equals("owner"))
                        .kind())
                .isEqualTo(Kind.SKIP);
    }

    @Test
    void pods_managed_by_a_controller_are_evicted() {
        assertThat(verdict(ownedBy("ReplicaSet").build(), false, false).kind()).isEqualTo(Kind.EVICT);
        assertThat(verdict(ownedBy("StatefulSet").build(), false, false).kind()).isEqualTo(Kind.EVICT);
    }

    @Test
    void daemon_set_and_mirror_pods_are_left_alone() {
        assertThat(verdict(ownedBy("DaemonSet").build(), true, true).kind()).isEqualTo(Kind.SKIP);
        Pod mirror = pod().editMetadata()
                .addToAnnotations("kubernetes.io/config.mirror", "abc")
                .endMetadata()
                .build();
        assertThat(verdict(mirror, true, true).kind()).isEqualTo(Kind.SKIP);
    }

    @Test
    void unmanaged_pods_are_refused_unless_forced() {
        PodVerdict refused = verdict(pod().build(), false, false);
        assertThat(refused.kind()).isEqualTo(Kind.REFUSE);
        assertThat(refused.reason()).contains("force: true");
        assertThat(verdict(pod().build(), true, false).kind()).isEqualTo(Kind.EVICT);
    }

    @Test
    void pods_with_empty_dir_data_are_refused_unless_accepted() {
        Pod withScratch = ownedBy("ReplicaSet")
                .editSpec()
                .addNewVolume()
                .withName("scratch")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .endSpec()
                .build();
        assertThat(verdict(withScratch, false, false).kind()).isEqualTo(Kind.REFUSE);
        assertThat(verdict(withScratch, false, false).reason()).contains("deleteEmptyDirData: true");
        assertThat(verdict(withScratch, false, true).kind()).isEqualTo(Kind.EVICT);
    }

    @Test
    void finished_pods_are_evicted_even_without_a_controller() {
        Pod done = pod().editStatus().withPhase("Succeeded").endStatus().build();
        assertThat(verdict(done, false, false).kind()).isEqualTo(Kind.EVICT);
    }

    @Test
    void a_terminating_pod_is_not_evicted_again_but_waited_for() {
        Pod going = ownedBy("ReplicaSet")
                .editMetadata()
                .withDeletionTimestamp("2026-12-02T10:00:00Z")
                .endMetadata()
                .build();
        PodVerdict v = PodVerdict.of(
                going,
                false,
                false,
                (ns, name) -> true,
                java.util.Optional.empty(),
                java.time.Instant.parse("2026-12-02T10:05:00Z"));
        assertThat(v.kind()).isEqualTo(Kind.TERMINATING);
        assertThat(v.reason()).isEqualTo("already terminating (its grace period ended 300s ago)");
    }

    @Test
    void a_pod_terminating_longer_than_skip_wait_for_delete_timeout_is_left_behind() {
        Pod stuck = ownedBy("ReplicaSet")
                .editMetadata()
                .withDeletionTimestamp("2026-12-02T10:00:00Z")
                .endMetadata()
                .build();
        java.util.Optional<java.time.Duration> oneMinute = java.util.Optional.of(java.time.Duration.ofMinutes(1));
        assertThat(PodVerdict.of(
                                stuck,
                                false,
                                false,
                                (ns, name) -> true,
                                oneMinute,
                                java.time.Instant.parse("2026-12-02T10:05:00Z"))
                        .kind())
                .isEqualTo(Kind.SKIP);
        assertThat(PodVerdict.of(
                                stuck,
                                false,
                                false,
                                (ns, name) -> true,
                                oneMinute,
                                java.time.Instant.parse("2026-12-02T10:00:30Z"))
                        .kind())
                .as("pending for less than the timeout: still waited for")
                .isEqualTo(Kind.TERMINATING);
    }
}
