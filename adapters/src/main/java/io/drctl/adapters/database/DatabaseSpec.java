package io.drctl.adapters.database;

import io.drctl.engine.plan.Plan;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One entry of {@code spec.databases}, as the loader validated and converted it. */
public record DatabaseSpec(String name, Engine engine, Duration connectTimeout, Duration socketTimeout,
                           Map<String, Map<String, Object>> members) {

    /** The database {@code name} of the plan, if the plan has it. */
    @SuppressWarnings("unchecked")
    public static Optional<DatabaseSpec> find(Plan plan, String name) {
        Map<String, Object> databases = plan.<Map<String, Object>>section(DatabasesSection.NAME).orElse(Map.of());
        if (!(databases.get(name) instanceof Map<?, ?> raw)) {
            return Optional.empty();
        }
        Map<String, Object> spec = (Map<String, Object>) raw;
        Map<String, Map<String, Object>> members = new LinkedHashMap<>();
        if (spec.get("members") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> members.put(String.valueOf(k), v instanceof Map<?, ?> mv ? (Map<String, Object>) mv : Map.of()));
        }
        return Optional.of(new DatabaseSpec(name, Engine.fromText(String.valueOf(spec.get("engine"))),
                duration(spec.get("connectTimeout"), DatabasesSection.DEFAULT_CONNECT_TIMEOUT),
                duration(spec.get("socketTimeout"), DatabasesSection.DEFAULT_SOCKET_TIMEOUT), members));
    }

    public Optional<Member> member(String memberName) {
        Map<String, Object> settings = members.get(memberName);
        return settings == null ? Optional.empty() : Optional.of(new Member(this, memberName, settings));
    }

    /** Every member but {@code memberName}, in plan order. */
    public List<Member> othersThan(String memberName) {
        return members.entrySet().stream().filter(e -> !e.getKey().equals(memberName))
                .map(e -> new Member(this, e.getKey(), e.getValue())).toList();
    }

    private static Duration duration(Object value, Duration fallback) {
        return value instanceof Duration d ? d : fallback;
    }
}
