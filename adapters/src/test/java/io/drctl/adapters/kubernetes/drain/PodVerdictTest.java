package io.drctl.adapters.kubernetes.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.kubernetes.drain.PodVerdict.Kind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class PodVerdictTest {
    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("chat").endMetadata()
                .withNewSpec().withNodeName("n1").endSpec().withNewStatus().withPhase("Running").endStatus();
    }

    private static PodBuilder ownedBy(String kind) {
        return pod().editMetadata().addNewOwnerReference().withKind(kind).withName("owner").withController(true).endOwnerReference()
                .endMetadata();
    }

    @Test
    void pods_managed_by_a_controller_are_evicted() {
        assertThat(PodVerdict.of(ownedBy("ReplicaSet").build(), false, false).kind()).isEqualTo(Kind.EVICT);
        assertThat(PodVerdict.of(ownedBy("StatefulSet").build(), false, false).kind()).isEqualTo(Kind.EVICT);
    }

    @Test
    void daemon_set_and_mirror_pods_are_left_alone() {
        assertThat(PodVerdict.of(ownedBy("DaemonSet").build(), true, true).kind()).isEqualTo(Kind.SKIP);
        Pod mirror = pod().editMetadata().addToAnnotations("kubernetes.io/config.mirror", "abc").endMetadata().build();
        assertThat(PodVerdict.of(mirror, true, true).kind()).isEqualTo(Kind.SKIP);
    }

    @Test
    void unmanaged_pods_are_refused_unless_forced() {
        PodVerdict refused = PodVerdict.of(pod().build(), false, false);
        assertThat(refused.kind()).isEqualTo(Kind.REFUSE);
        assertThat(refused.reason()).contains("force: true");
        assertThat(PodVerdict.of(pod().build(), true, false).kind()).isEqualTo(Kind.EVICT);
    }

    @Test
    void pods_with_empty_dir_data_are_refused_unless_accepted() {
        Pod withScratch = ownedBy("ReplicaSet").editSpec().addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build();
        assertThat(PodVerdict.of(withScratch, false, false).kind()).isEqualTo(Kind.REFUSE);
        assertThat(PodVerdict.of(withScratch, false, false).reason()).contains("deleteEmptyDirData: true");
        assertThat(PodVerdict.of(withScratch, false, true).kind()).isEqualTo(Kind.EVICT);
    }

    @Test
    void finished_pods_are_evicted_even_without_a_controller() {
        Pod done = pod().editStatus().withPhase("Succeeded").endStatus().build();
        assertThat(PodVerdict.of(done, false, false).kind()).isEqualTo(Kind.EVICT);
    }
}
