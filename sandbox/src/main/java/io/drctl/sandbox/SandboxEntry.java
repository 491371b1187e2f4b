package io.drctl.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The door {@code drctl sandbox up} opens. drctl.jar does not carry the sandbox (the mock server
 * and its web stack); the CLI loads this module from {@code sandbox-lib/} beside it in a class
 * loader of its own, so the two share only JDK types: this method takes and returns maps.
 * Changing a key here means changing {@code SandboxLoader} in the CLI; a CLI test calls it.
 */
public final class SandboxEntry {
    private SandboxEntry() {}

    /**
     * Starts a sandbox.
     *
     * @param options {@code sites} (List of String), {@code controllerDelay} and {@code latency}
     *                (Duration), {@code seed} (Path, or absent), {@code directory} (Path), {@code faults}
     *                (Map of site to fault text such as {@code half-dead}, see {@link Fault#parse}, or absent),
     *                {@code nodesPerSite} (Integer, or absent)
     * @return {@code sites} (Map of name to API server URL, in order), {@code kubeconfig} (Path),
     *         {@code stop} (Runnable that stops every site)
     * @throws IllegalArgumentException for options or a seed the sandbox cannot use (a one-line message)
     */
    public static Map<String, Object> start(Map<String, Object> options) {
        @SuppressWarnings("unchecked")
        List<String> sites = (List<String>) options.get("sites");
        Sandbox.Options o = new Sandbox.Options(
                sites,
                (Duration) options.get("controllerDelay"),
                (Duration) options.get("latency"),
                Optional.ofNullable((Path) options.get("seed")),
                (Path) options.get("directory"));
        if (options.get("nodesPerSite") instanceof Integer n && n > 0) {
            o = o.nodesPerSite(n);
        }
        @SuppressWarnings("unchecked")
        Map<String, String> faults = (Map<String, String>) options.getOrDefault("faults", Map.of());
        for (Map.Entry<String, String> f : faults.entrySet()) {
            try {
                o = o.fault(f.getKey(), Fault.parse(f.getValue()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--fault " + f.getKey() + ": " + e.getMessage(), e);
            }
        }
        Sandbox sandbox = Sandbox.start(o);
        Map<String, String> urls = new LinkedHashMap<>();
        sandbox.sites().forEach(s -> urls.put(s.name(), s.url()));
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("sites", urls);
        started.put("kubeconfig", sandbox.kubeconfig());
        started.put("stop", (Runnable) sandbox::close);
        return started;
    }
}
