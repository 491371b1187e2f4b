package io.drctl.engine.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated recovery plan. {@code sections} holds the adapter-registered parts of
 * {@code spec} (databases, dns, notify, state, ...) as validated plain values.
 * {@code sha256} is the hash of the file's bytes; {@code source} those bytes as text.
 */
public record Plan(
        Path file,
        String sha256,
        String source,
        String name,
        String description,
        Map<String, String> labels,
        Objectives objectives,
        Map<String, Site> sites,
        Map<String, Object> sections,
        List<StepDefinition> steps,
        List<String> rehearsalOverrides) {

    /** A plan read as written (no spec.rehearsal merged in). */
    public Plan(
            Path file,
            String sha256,
            String source,
            String name,
            String description,
            Map<String, String> labels,
            Objectives objectives,
            Map<String, Site> sites,
            Map<String, Object> sections,
            List<StepDefinition> steps) {
        this(file, sha256, source, name, description, labels, objectives, sites, sections, steps, List.of());
    }

    public Optional<StepDefinition> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    @SuppressWarnings("unchecked")
    public <T> Optional<T> section(String name) {
        return Optional.ofNullable((T) sections.get(name));
    }
}
