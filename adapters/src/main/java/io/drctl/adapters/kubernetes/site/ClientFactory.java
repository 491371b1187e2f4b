package io.drctl.adapters.kubernetes.site;

import io.drctl.adapters.net.NetworkFailures;
import io.drctl.engine.spi.StepFailedException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Builds the Fabric8 client of one site: JDK HTTP transport, the site's timeouts, and no
 * retries of Fabric8's own (its default backoff turns one 429 or one dead site into tens of
 * seconds; drctl's steps retry where it makes sense, within their deadline).
 */
public final class ClientFactory {
    private static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    private ClientFactory() {}

    public static KubernetesClient create(SiteSettings site, Map<String, String> env) throws StepFailedException {
        return create(site, env, null);
    }

    /** With {@code interceptor} (may be null) in every request of the client. */
    static KubernetesClient create(SiteSettings site, Map<String, String> env, SiteVerdict interceptor)
            throws StepFailedException {
        Config config = site.inCluster() ? inCluster(site, env) : fromKubeconfig(site, env);
        config.setConnectionTimeout(millis(site.connectTimeout()));
        config.setRequestTimeout(millis(site.requestTimeout()));
        config.setRequestRetryBackoffLimit(0);
        config.setUploadRequestTimeout(millis(site.requestTimeout()));
        config.setHttp2Disable(true);
        site.namespace().ifPresent(config::setNamespace);
        KubernetesClientBuilder builder =
                new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory());
        if (interceptor != null) {
            builder.withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(SiteVerdict.NAME, interceptor));
        }
        return builder.build();
    }

    /** The context {@link KubeconfigContexts} chose for the site, read by Fabric8 from that one file. */
    private static Config fromKubeconfig(SiteSettings site, Map<String, String> env) throws StepFailedException {
        KubeconfigContexts.Located located = KubeconfigContexts.locate(site, env);
        try {
            return Config.fromKubeconfig(located.context(), located.file().toFile());
        } catch (RuntimeException e) {
            throw new StepFailedException("site " + site.site() + ": cannot read kubeconfig " + located.file() + ": "
                    + NetworkFailures.firstLine(e));
        }
    }

    private static Config inCluster(SiteSettings site, Map<String, String> env) throws StepFailedException {
        String host = env.get("KUBERNETES_SERVICE_HOST");
        String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        Path token = SERVICE_ACCOUNT.resolve("token");
        if (host == null || !Files.isRegularFile(token)) {
            throw new StepFailedException("site " + site.site() + ": inCluster is set but drctl does not run in a pod "
                    + "(no KUBERNETES_SERVICE_HOST or no service account token in " + SERVICE_ACCOUNT + ")");
        }
        try {
            String namespace = Files.isRegularFile(SERVICE_ACCOUNT.resolve("namespace"))
                    ? Files.readString(SERVICE_ACCOUNT.resolve("namespace"), StandardCharsets.UTF_8)
                            .trim()
                    : "default";
            return new ConfigBuilder(Config.empty())
                    .withMasterUrl("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port)
                    .withCaCertFile(SERVICE_ACCOUNT.resolve("ca.crt").toString())
                    .withOauthToken(
                            Files.readString(token, StandardCharsets.UTF_8).trim())
                    .withNamespace(namespace)
                    .build();
        } catch (IOException e) {
            throw new StepFailedException(
                    "site " + site.site() + ": cannot read the service account: " + e.getMessage());
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
