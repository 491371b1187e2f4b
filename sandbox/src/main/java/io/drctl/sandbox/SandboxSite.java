package io.drctl.sandbox;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One simulated site: a mock API server on a loopback port, with its controller. */
public final class SandboxSite implements AutoCloseable {
    private final String name;
    private final SandboxDispatcher dispatcher = new SandboxDispatcher();
    private final KubernetesMockServer server;
    private final WorkloadController controller;
    private final KubernetesClient controllerClient;
    private volatile boolean running;

    SandboxSite(String name, Duration controllerDelay) {
        this.name = name;
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        running = true;
        this.controllerClient = internalClient();
        this.controller =
                new WorkloadController(controllerClient, dispatcher, controllerDelay, this::forgetRecordedRequests);
        controller.start();
    }

    public String name() {
        return name;
    }

    /** {@code http://127.0.0.1:PORT}: the API server's address. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    /** Every answer of this site from now on takes at least {@code latency} (zero: none). */
    public void latency(Duration latency) {
        dispatcher.latency(latency);
    }

    /**
     * From now on the site misbehaves as {@code fault} says ({@link Fault#NONE}: it behaves). A
     * dead site is stopped: its port closes and stays closed.
     */
    public void fault(Fault fault) {
        if (fault.mode() == Fault.Mode.DEAD) {
            stop();
            return;
        }
        dispatcher.fault(fault);
    }

    /** Requests this site received from clients so far, by verb (its own controllers not counted). */
    public Map<String, Long> requestCounts() {
        return dispatcher.requestCounts();
    }

    /**
     * A client for the sandbox's own work (controllers, seeding), which a real cluster does
     * in-process: latency and faults do not apply to it, and its requests are not counted.
     */
    KubernetesClient internalClient() {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty())
                        .withMasterUrl(url())
                        .withNamespace("default")
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .withHttpClientFactory(new InProcessHttpClient.Factory(dispatcher::internal))
                .build();
    }

    /** A client of this site over the network, for tests: no retries, short timeouts; latency and faults apply to it. */
    public KubernetesClient client() {
        ConfigBuilder builder = new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withNamespace("default")
                .withHttp2Disable(true)
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(3000)
                .withRequestTimeout(10000);
        return new KubernetesClientBuilder()
                .withConfig(builder.build())
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }

    /** Adds {@code n} schedulable nodes, {@code NAME-node-1}…, in zones {@code NAME-a}, {@code -b}, {@code -c} in turn. */
    public void addNodes(int n) {
        try (KubernetesClient c = internalClient()) {
            for (int i = 1; i <= n; i++) {
                String node = name + "-node-" + i;
                c.nodes()
                        .resource(new NodeBuilder()
                                .withNewMetadata()
                                .withName(node)
                                .addToLabels("kubernetes.io/hostname", node)
                                .addToLabels("topology.kubernetes.io/zone", name + "-" + (char) ('a' + (i - 1) % 3))
                                .endMetadata()
                                .withNewSpec()
                                .endSpec()
                                .withNewStatus()
                                .addNewCondition()
                                .withType("Ready")
                                .withStatus("True")
                                .endCondition()
                                .endStatus()
                                .build())
                        .create();
            }
        }
    }

    /**
     * The node's kubelet is gone (the machine burned, the network to it is cut): the node turns
     * NotReady (Unknown), and pods deleted or evicted there stay Terminating for good.
     */
    public void killKubelet(String node) {
        try (KubernetesClient c = internalClient()) {
            c.nodes().withName(node).edit(n -> {
                if (n.getMetadata().getAnnotations() == null) {
                    n.getMetadata().setAnnotations(new HashMap<>());
                }
                n.getMetadata().getAnnotations().put(Kubelets.DEAD_ANNOTATION, "dead");
                if (n.getStatus() == null) {
                    n.setStatus(new NodeStatus());
                }
                n.getStatus()
                        .setConditions(new ArrayList<>(List.of(new NodeConditionBuilder()
                                .withType("Ready")
                                .withStatus("Unknown")
                                .withReason("NodeStatusUnknown")
                                .withMessage("Kubelet stopped posting node status.")
                                .build())));
                return n;
            });
        }
    }

    /** Runs the controller's reconciliation now, on the caller's thread (tests that do not want to wait for a tick). */
    public void reconcileNow() {
        controller.reconcileOnce();
    }

    /** The mock records every request it answers; a long-running sandbox must not keep them all. */
    private void forgetRecordedRequests() {
        try {
            while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
                // dropped
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the API server: from now on the site refuses connections, as a burnt site does. */
    public synchronized void stop() {
        if (running) {
            running = false;
            controller.close();
            controllerClient.close();
            server.destroy();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
