package io.drctl.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The door {@code drctl demo} opens. drctl.jar does not carry the demo (the sandbox's mock
 * server, embedded PostgreSQL): the CLI loads this module from {@code sandbox-lib/} beside it in
 * a class loader of its own, so the two share only JDK types: this method takes and returns maps.
 * Changing a key here means changing {@code DemoLoader} in the CLI; the demo's CLI test calls it.
 */
public final class DemoEntry {
    private DemoEntry() {}

    /**
     * Starts the demo's world (see {@link DemoWorld}).
     *
     * @param options {@code directory} (Path: where everything lives while the demo runs),
     *                {@code controllerDelay} (Duration), {@code bind} (Boolean, default true: a real
     *                BIND for the DNS switch where {@code named} is installed)
     * @return {@code sites} (Map of site to API server URL), {@code databases} (Map of site to
     *         {@code host:port}), {@code kubeconfig} and {@code plan} (Path), {@code password}
     *         (String: of the plan's database account), {@code environment} (Map of String: further
     *         variables the plan needs), {@code dns} (String: which DNS the plan switches), {@code lose} (Consumer of String:
     *         {@code dead} or {@code half-dead}, for pangyo), {@code traffic} (Supplier of a Map:
     *         {@code acknowledged}, {@code refused}, {@code unanswered}, {@code lost} as Integer, and
     *         {@code whyUnknown} when lost is -1; stops the writes), {@code stop} (Runnable)
     */
    public static Map<String, Object> start(Map<String, Object> options) {
        DemoWorld world = DemoWorld.start(
                (Path) options.get("directory"),
                (Duration) options.get("controllerDelay"),
                !Boolean.FALSE.equals(options.get("bind")));
        Map<String, Object> started = new LinkedHashMap<>();
        Map<String, String> sites = new LinkedHashMap<>();
        world.sandbox().sites().forEach(s -> sites.put(s.name(), s.url()));
        started.put("sites", sites);
        started.put(
                "databases",
                Map.of(
                        DemoWorld.ACTIVE, "127.0.0.1:" + world.activeDatabase().port(),
                        DemoWorld.STANDBY,
                                "127.0.0.1:" + world.standbyDatabase().port()));
        started.put("kubeconfig", world.kubeconfig());
        started.put("plan", world.plan());
        started.put("password", world.databasePassword());
        started.put("environment", world.planEnvironment());
        started.put("dns", world.dnsDescription());
        started.put("lose", (Consumer<String>) world::lose);
        started.put("traffic", (Supplier<Map<String, Object>>) () -> {
            ChatTraffic.Summary s = world.traffic();
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("acknowledged", s.acknowledged());
            summary.put("refused", s.refused());
            summary.put("unanswered", s.unanswered());
            summary.put("lost", s.lost());
            if (s.whyUnknown() != null) {
                summary.put("whyUnknown", s.whyUnknown());
            }
            return summary;
        });
        started.put("stop", (Runnable) world::close);
        return started;
    }
}
