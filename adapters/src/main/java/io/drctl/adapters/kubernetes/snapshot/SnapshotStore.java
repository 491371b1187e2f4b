package io.drctl.adapters.kubernetes.snapshot;

import io.drctl.engine.spi.StateLocation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where capacity snapshots are kept: the state directory ({@code snapshots/PLAN/SITE/*.json},
 * every one kept) and, when the plan has a state site, a ConfigMap there holding the newest
 * ({@code drctl-snapshot-PLAN-SITE}), which any machine can read.
 */
public final class SnapshotStore {
    /** The variable the CLI sets to its state directory (--state-dir). */
    public static final String STATE_DIR_VARIABLE = StateLocation.VARIABLE;

    static final String DATA_KEY = "snapshot.json";
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private SnapshotStore() {}

    public static Path stateRoot(Map<String, String> env) {
        return StateLocation.root(env);
    }

    public static Path directory(Path stateRoot, String plan, String site) {
        return stateRoot.resolve("snapshots").resolve(plan).resolve(site);
    }

    public static Path saveLocal(Path stateRoot, CapacitySnapshot s) {
        Path dir = directory(stateRoot, s.plan(), s.site());
        Path file = dir.resolve(FILE_TIME.format(s.takenAt()) + ".json");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, s.toJson(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot " + file, e);
        }
    }

    public static Optional<CapacitySnapshot> newestLocal(Path stateRoot, String plan, String site) {
        Path dir = directory(stateRoot, plan, site);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json"))
                    .sorted(Comparator.reverseOrder())
                    .toList()) {
                try {
                    return Optional.of(CapacitySnapshot.fromJson(Files.readString(f, StandardCharsets.UTF_8)));
                } catch (IOException | RuntimeException e) {
                    // a damaged file: try the one before it
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static String configMapName(String plan, String site) {
        return "drctl-snapshot-" + plan + "-" + site;
    }

    public static void saveRemote(KubernetesClient client, String namespace, CapacitySnapshot s) {
        ConfigMap cm = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(configMapName(s.plan(), s.site()))
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "drctl")
                .addToLabels("drctl.io/plan", s.plan())
                .addToLabels("drctl.io/site", s.site())
                .addToLabels("drctl.io/kind", "capacity-snapshot")
                .endMetadata()
                .addToData(DATA_KEY, s.toJson())
                .build();
        client.configMaps().inNamespace(namespace).resource(cm).createOr(existing -> existing.update());
    }

    public static Optional<CapacitySnapshot> newestRemote(
            KubernetesClient client, String namespace, String plan, String site) {
        ConfigMap cm = client.configMaps()
                .inNamespace(namespace)
                .withName(configMapName(plan, site))
                .get();
        if (cm == null || cm.getData() == null || cm.getData().get(DATA_KEY) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(CapacitySnapshot.fromJson(cm.getData().get(DATA_KEY)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
