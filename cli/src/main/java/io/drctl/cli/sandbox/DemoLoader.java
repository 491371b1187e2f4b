package io.drctl.cli.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts the demo's world (two sandbox sites, a real PostgreSQL primary and standby, the chat
 * application's writes) through {@code io.drctl.demo.DemoEntry}, loaded like the sandbox.
 */
public final class DemoLoader {
    static final String ENTRY = "io.drctl.demo.DemoEntry";

    /**
     * A started demo world, as the CLI sees it.
     *
     * @param databases site to {@code host:port} of its PostgreSQL
     * @param password  of the account the plan's databases use
     * @param environment further variables the plan needs (BIND's TSIG secret)
     * @param dns       one line: which DNS the plan switches
     * @param lose      makes pangyo stop answering: {@code dead} or {@code half-dead}
     * @param traffic   stops the chat application's writes and says what became of them
     */
    public record World(
            Map<String, String> sites,
            Map<String, String> databases,
            Path kubeconfig,
            Path plan,
            String password,
            Map<String, String> environment,
            String dns,
            Consumer<String> lose,
            Supplier<Map<String, Object>> traffic,
            Runnable stop) {}

    private DemoLoader() {}

    @SuppressWarnings("unchecked")
    public static World start(Path directory, Duration controllerDelay, boolean bind) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("directory", directory);
        options.put("controllerDelay", controllerDelay);
        options.put("bind", bind);
        Map<String, Object> w = SandboxLoader.call(ENTRY, options);
        return new World(
                (Map<String, String>) w.get("sites"),
                (Map<String, String>) w.get("databases"),
                (Path) w.get("kubeconfig"),
                (Path) w.get("plan"),
                (String) w.get("password"),
                (Map<String, String>) w.get("environment"),
                (String) w.get("dns"),
                (Consumer<String>) w.get("lose"),
                (Supplier<Map<String, Object>>) w.get("traffic"),
                (Runnable) w.get("stop"));
    }
}
