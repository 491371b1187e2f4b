package io.drctl.adapters.kubernetes.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.spi.StepFailedException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What makes a kubeconfig context usable for a site, decided in one place: the verdict for each
 * way a kubeconfig goes wrong, and the client ClientFactory builds from the same answer.
 */
class KubeconfigContextsTest {
    @TempDir
    Path dir;

    private static final String TWO_CONTEXTS = """
            apiVersion: v1
            kind: Config
            current-context: pangyo
            clusters:
              - { name: pangyo, cluster: { server: "https://127.0.0.1:6443" } }
              - { name: gasan, cluster: { server: "https://127.0.0.2:6443" } }
            contexts:
              - { name: pangyo, context: { cluster: pangyo, user: u } }
              - { name: gasan, context: { cluster: gasan, user: u } }
            users:
              - { name: u, user: { token: t } }
            """;

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static Map<String, String> kubeconfig(Path... files) {
        StringBuilder list = new StringBuilder();
        for (Path f : files) {
            list.append(list.isEmpty() ? "" : File.pathSeparator).append(f);
        }
        return Map.of(KubeconfigFiles.VARIABLE, list.toString());
    }

    private static SiteSettings site(String context) {
        return SiteSettings.forContext("gasan", context);
    }

    private static String verdict(SiteSettings site, Map<String, String> env) {
        try {
            KubeconfigContexts.Located at = KubeconfigContexts.locate(site, env);
            return "uses " + at.context() + " in " + at.file().getFileName();
        } catch (StepFailedException e) {
            return e.getMessage();
        }
    }

    @Test
    void no_kubeconfig_file_names_where_it_looked() {
        Map<String, String> env = kubeconfig(dir.resolve("missing"));

        assertThat(verdict(site("gasan"), env))
                .isEqualTo("no kubeconfig for site gasan (looked at [" + dir.resolve("missing")
                        + "]; give --kubeconfig or set KUBECONFIG)");
    }

    @Test
    void a_file_that_is_not_yaml_is_named_with_the_parser_s_first_line() throws Exception {
        Path broken = file("broken", "contexts: [ { name: gasan\n");

        assertThat(verdict(site("gasan"), kubeconfig(broken)))
                .startsWith("site gasan: cannot read kubeconfig " + broken + ": ")
                .doesNotContain("\n");
    }

    @Test
    void a_yaml_file_that_is_not_a_mapping_is_not_a_kubeconfig() throws Exception {
        Path list = file("list", "- a\n- b\n");

        assertThat(verdict(site("gasan"), kubeconfig(list)))
                .isEqualTo("site gasan: cannot read kubeconfig " + list + ": not a kubeconfig (no mapping at the top)");
    }

    @Test
    void a_context_the_files_lack_lists_the_contexts_they_have() throws Exception {
        Path config = file("config", TWO_CONTEXTS);

        assertThat(verdict(site("daejeon"), kubeconfig(config)))
                .isEqualTo("site gasan: context 'daejeon' is not in kubeconfig [" + config
                        + "] (contexts: pangyo, gasan)");
    }

    @Test
    void a_site_without_a_context_and_files_without_a_current_one_say_so() throws Exception {
        Path config = file("config", TWO_CONTEXTS.replace("current-context: pangyo\n", ""));
        SiteSettings noContext = new SiteSettings(
                "gasan",
                Optional.empty(),
                false,
                Optional.empty(),
                KubernetesSiteFacet.DEFAULT_CONNECT_TIMEOUT,
                KubernetesSiteFacet.DEFAULT_REQUEST_TIMEOUT,
                KubernetesSiteFacet.DEFAULT_PROBE_TIMEOUT);

        assertThat(verdict(noContext, kubeconfig(config)))
                .isEqualTo("site gasan: no current context is not in kubeconfig [" + config
                        + "] (contexts: pangyo, gasan)");
    }

    @Test
    void a_context_whose_cluster_has_no_server_cannot_be_used() throws Exception {
        Path config = file("config", TWO_CONTEXTS.replace("{ server: \"https://127.0.0.2:6443\" }", "{}"));

        assertThat(verdict(site("gasan"), kubeconfig(config)))
                .isEqualTo("site gasan: context 'gasan' in kubeconfig " + config
                        + " names cluster 'gasan', which has no server");
    }

    @Test
    void a_context_whose_cluster_lives_in_another_file_is_refused_with_the_reason() throws Exception {
        Path contexts = file("contexts", """
                contexts:
                  - { name: gasan, context: { cluster: gasan, user: u } }
                """);
        Path clusters = file("clusters", TWO_CONTEXTS);

        assertThat(verdict(site("gasan"), kubeconfig(contexts, clusters)))
                .isEqualTo("site gasan: context 'gasan' in kubeconfig " + contexts
                        + " names cluster 'gasan', which that file does not define"
                        + " (drctl reads a context's cluster from its own file)");
    }

    @Test
    void with_several_files_the_first_that_has_the_context_decides() throws Exception {
        Path other = file("other", """
                current-context: elsewhere
                contexts:
                  - { name: elsewhere, context: { cluster: x } }
                clusters:
                  - { name: x, cluster: { server: "https://127.0.0.9:6443" } }
                """);
        Path config = file("config", TWO_CONTEXTS);

        assertThat(verdict(site("gasan"), kubeconfig(other, config))).isEqualTo("uses gasan in config");
    }

    @Test
    void the_client_talks_to_the_server_of_the_context_that_was_chosen() throws Exception {
        Path config = file("config", TWO_CONTEXTS);

        try (KubernetesClient client = ClientFactory.create(site("gasan"), kubeconfig(config))) {
            assertThat(client.getMasterUrl().toString()).startsWith("https://127.0.0.2:6443");
        }
        assertThatThrownBy(() -> ClientFactory.create(site("daejeon"), kubeconfig(config)))
                .isInstanceOf(StepFailedException.class)
                .hasMessage(verdict(site("daejeon"), kubeconfig(config)));
    }
}
