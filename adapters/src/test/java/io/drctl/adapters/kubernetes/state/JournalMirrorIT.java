package io.drctl.adapters.kubernetes.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journal larger than one ConfigMap may hold is spread over chunks and reads back byte for byte. */
class JournalMirrorIT {
    @TempDir
    Path dir;

    @Test
    void a_large_journal_is_chunked_under_the_object_limit_and_continued_after_a_resume() throws Exception {
        try (Sandbox sandbox = Sandbox.start(Sandbox.Options.of(dir, "gasan"));
                KubernetesClient client = sandbox.site("gasan").client()) {
            List<String> lines = new ArrayList<>();
            JournalMirror first = new JournalMirror(client, "drctl", "p", "20261122-000000-aaaa");
            first.start();
            first.plan("plan text");
            for (int i = 0; i < 1300; i++) {
                String line = "{\"seq\":" + i + ",\"pad\":\"" + "x".repeat(1000) + "\"}";
                lines.add(line);
                first.line(line);
            }
            assertThat(first.flush(Duration.ofSeconds(20))).isTrue();
            first.close();

            JournalMirror resumed = new JournalMirror(client, "drctl", "p", "20261122-000000-aaaa");
            resumed.start();
            resumed.line("{\"seq\":1300,\"resumed\":true}", "lines 1300 last " + "a".repeat(64));
            lines.add("{\"seq\":1300,\"resumed\":true}");
            assertThat(resumed.flush(Duration.ofSeconds(20))).isTrue();
            resumed.close();

            var read =
                    JournalMirror.read(client, "drctl", "20261122-000000-aaaa").orElseThrow();
            assertThat(read.journal()).isEqualTo(String.join("\n", lines) + "\n");
            assertThat(read.plan()).isEqualTo("plan text");
            assertThat(read.head())
                    .as("the head travels with the last chunk")
                    .contains("lines 1300 last " + "a".repeat(64));
            ConfigMap meta = client.configMaps()
                    .inNamespace("drctl")
                    .withName(JournalMirror.metaName("20261122-000000-aaaa"))
                    .get();
            int chunks = Integer.parseInt(meta.getData().get(JournalMirror.CHUNKS_KEY));
            assertThat(chunks).isEqualTo(3);
            for (int i = 1; i <= chunks; i++) {
                String data = client.configMaps()
                        .inNamespace("drctl")
                        .withName(JournalMirror.chunkName("20261122-000000-aaaa", i))
                        .get()
                        .getData()
                        .get(JournalMirror.JOURNAL_KEY);
                assertThat(data.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(JournalMirror.CHUNK_LIMIT);
            }
        }
    }
}
