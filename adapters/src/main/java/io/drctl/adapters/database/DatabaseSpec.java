package io.drctl.adapters.database;

import io.drctl.engine.plan.Plan;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code spec.databases}, as the loader validated and converted it.
 *
 * @param application the roles the application logs in as and the databases it uses
 *                    ({@code appRoles}, {@code appDatabases}): what a fence is proven against, and what
 *                    {@code method: rejectConnections} shuts out
 */
public record DatabaseSpec(
        String name,
        Engine engine,
        Duration connectTimeout,
        Duration socketTimeout,
        Map<String, Map<String, Object>> members,
        Application application) {

    /** The application's side of a database: whom a fence must stop. */
    public record Application(List<String> roles, List<String> databases) {
        /** A database whose plan does not name its application. */
        public static final Application NONE = new Application(List.of(), List.of());

        public Application {
            roles = List.copyOf(roles);
            databases = List.copyOf(databases);
        }

        public boolean named() {
            return !roles.isEmpty() || !databases.isEmpty();
        }

        /** For outputs: {@code {roles: [...], databases: [...]}}. */
        public Map<String, Object> asMap() {
            return Map.of("roles", roles, "databases", databases);
        }
    }

    /** The database {@code name} of the plan, if the plan has it. */
    @SuppressWarnings("unchecked")
    public static Optional<DatabaseSpec> find(Plan plan, String name) {
        Map<String, Object> databases =
                plan.<Map<String, Object>>section(DatabasesSection.NAME).orElse(Map.of());
        if (!(databases.get(name) instanceof Map<?, ?> raw)) {
            return Optional.empty();
        }
        Map<String, Object> spec = (Map<String, Object>) raw;
        Map<String, Map<String, Object>> members = new LinkedHashMap<>();
        if (spec.get("members") instanceof Map<?, ?> m) {
            m.forEach((k, v) ->
                    members.put(String.valueOf(k), v instanceof Map<?, ?> mv ? (Map<String, Object>) mv : Map.of()));
        }
        return Optional.of(new DatabaseSpec(
                name,
                Engine.fromText(String.valueOf(spec.get("engine"))),
                duration(spec.get("connectTimeout"), DatabasesSection.DEFAULT_CONNECT_TIMEOUT),
                duration(spec.get("socketTimeout"), DatabasesSection.DEFAULT_SOCKET_TIMEOUT),
                members,
                new Application(strings(spec.get("appRoles")), strings(spec.get("appDatabases")))));
    }

    public Optional<Member> member(String memberName) {
        Map<String, Object> settings = members.get(memberName);
        return settings == null ? Optional.empty() : Optional.of(new Member(this, memberName, settings));
    }

    /** Every member but {@code memberName}, in plan order. */
    public List<Member> othersThan(String memberName) {
        return members.entrySet().stream()
                .filter(e -> !e.getKey().equals(memberName))
                .map(e -> new Member(this, e.getKey(), e.getValue()))
                .toList();
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of();
    }

    private static Duration duration(Object value, Duration fallback) {
        return value instanceof Duration d ? d : fallback;
    }
}
