package io.drctl.adapters.kubernetes.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

class ApiFailuresTest {
    @Test
    void a_write_whose_answer_never_came_may_have_been_made_and_says_so() {
        var e = ApiFailures.translateWrite(
                "pangyo",
                "scaling chat/api to 0",
                new KubernetesClientException("timed out", new HttpTimeoutException("request timed out")));

        assertThat(e)
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessage("site pangyo did not answer while scaling chat/api to 0: no answer in time; "
                        + "the change may have been made (a resume reads it back before writing again)");
    }

    @Test
    void a_write_that_never_got_a_connection_was_not_made_and_does_not_say_it_may_have_been() {
        var e = ApiFailures.translateWrite(
                "pangyo",
                "scaling chat/api to 0",
                new KubernetesClientException("refused", new ConnectException("Connection refused")));

        assertThat(e)
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessage("site pangyo did not answer while scaling chat/api to 0: connection refused");
    }

    @Test
    void a_write_the_server_refused_is_a_failure_with_its_status() {
        var e = ApiFailures.translateWrite(
                "pangyo", "scaling chat/api to 0", new KubernetesClientException("Forbidden", 403, null));

        assertThat(e).isInstanceOf(StepFailedException.class).hasMessageContaining("scaling chat/api to 0 failed: 403");
    }
}
