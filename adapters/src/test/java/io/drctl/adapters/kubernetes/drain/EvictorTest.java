package io.drctl.adapters.kubernetes.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.testing.FakeStepContext;
import io.drctl.engine.testing.ManualClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API server's answers to evictions that a real cluster gives and the sandbox does not:
 * 5xx from an overloaded API server, 403 for an account without the permission, and a cluster
 * where pods are deleted instead. Against Fabric8's mock server, answer by answer, over HTTP.
 */
class EvictorTest {
    private static final String PATH = "/api/v1/namespaces/chat/pods/api-0/eviction";

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        // As drctl's clients are made (ClientFactory): no retries inside the client, the step decides.
        var config = new io.fabric8.kubernetes.client.ConfigBuilder(
                        server.createClient().getConfiguration())
                .withRequestRetryBackoffLimit(0)
                .build();
        client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(config)
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private static PodVerdict pod() {
        Pod p = new PodBuilder()
                .withNewMetadata()
                .withNamespace("chat")
                .withName("api-0")
                .withUid("uid-of-the-old-pod")
                .endMetadata()
                .withNewSpec()
                .withNodeName("pangyo-1")
                .endSpec()
                .build();
        return new PodVerdict(p, PodVerdict.Kind.EVICT, "");
    }

    private static Status status(int code, String reason) {
        return new StatusBuilder()
                .withCode(code)
                .withReason(reason)
                .withMessage(reason + " (from the test)")
                .build();
    }

    /** Pauses between tries move {@link #clock} instead of taking time. */
    private final ManualClock clock = new ManualClock();

    private FakeStepContext ctx(Duration timeout) {
        return FakeStepContext.builder()
                .type("k8s.drain")
                .clock(clock)
                .deadlineIn(timeout)
                .build();
    }

    private Evictor evictor(boolean disableEviction) {
        return new Evictor(client, "pangyo", 2, Optional.empty(), Duration.ofMillis(100), disableEviction);
    }

    private List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        for (int i = server.getRequestCount(); i > 0; i--) {
            out.add(server.takeRequest());
        }
        return out;
    }

    @Test
    void an_overloaded_api_server_is_asked_again_with_a_growing_pause() throws Exception {
        server.expect()
                .post()
                .withPath(PATH)
                .andReturn(503, status(503, "ServiceUnavailable"))
                .times(2);
        server.expect()
                .post()
                .withPath(PATH)
                .andReturn(201, status(201, "Created"))
                .once();
        FakeStepContext ctx = ctx(Duration.ofSeconds(20));

        evictor(false).evictAll(ctx, List.of(pod()));

        assertThat(ctx.progressMessages())
                .filteredOn(m -> m.contains("answered 503"))
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("trying again in 500 ms"))
                .anySatisfy(m -> assertThat(m).contains("trying again in 1000 ms"));
        assertThat(ctx.progressMessages()).contains("evicted chat/api-0 (1/1)");
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void an_api_server_that_keeps_failing_fails_the_step_at_its_deadline_saying_so() {
        server.expect()
                .post()
                .withPath(PATH)
                .andReturn(500, status(500, "InternalError"))
                .always();

        assertThatThrownBy(() -> evictor(false).evictAll(ctx(Duration.ofSeconds(3)), List.of(pod())))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("chat/api-0 could not be evicted before the deadline")
                .hasMessageContaining("kept answering 500");
        // 0.5 s, then 1 s; a third pause of 2 s would end past the 3 s deadline, so it stops there.
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void a_forbidden_eviction_fails_at_once_naming_the_missing_permission() {
        server.expect()
                .post()
                .withPath(PATH)
                .andReturn(403, status(403, "Forbidden"))
                .always();

        assertThatThrownBy(() -> evictor(false).evictAll(ctx(Duration.ofSeconds(30)), List.of(pod())))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("forbidden (403)")
                .hasMessageContaining("'create' on pods/eviction");
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void every_eviction_names_the_pods_uid_so_a_new_pod_of_the_same_name_is_never_taken_instead() throws Exception {
        server.expect()
                .post()
                .withPath(PATH)
                .andReturn(409, status(409, "Conflict"))
                .once();
        FakeStepContext ctx = ctx(Duration.ofSeconds(10));

        evictor(false).evictAll(ctx, List.of(pod()));

        RecordedRequest request = requests().getFirst();
        assertThat(request.getBody().readUtf8()).contains("\"preconditions\":{\"uid\":\"uid-of-the-old-pod\"}");
        assertThat(ctx.progressMessages())
                .contains("evicted chat/api-0 (1/1)"); // the old pod is gone: its name is another's now
    }

    @Test
    void disable_eviction_deletes_the_pod_instead() throws Exception {
        server.expect()
                .delete()
                .withPath("/api/v1/namespaces/chat/pods/api-0")
                .andReturn(200, pod().pod())
                .once();
        FakeStepContext ctx = ctx(Duration.ofSeconds(10));

        evictor(true).evictAll(ctx, List.of(pod()));

        assertThat(requests()).extracting(RecordedRequest::getMethod).containsExactly("DELETE");
        assertThat(ctx.progressMessages()).contains("deleted chat/api-0 (1/1)");
    }
}
