package io.drctl.adapters.database;

import io.drctl.adapters.database.mariadb.MariaDbDialect;
import io.drctl.adapters.database.postgresql.PostgresDialect;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The database engines drctl fences and promotes, and the dialect that speaks to each. */
public enum Engine {
    POSTGRESQL(List.of("jdbc:postgresql://")),
    MARIADB(List.of("jdbc:mariadb://", "jdbc:mysql://")),
    MYSQL(List.of("jdbc:mysql://", "jdbc:mariadb://"));

    private final List<String> urlPrefixes;

    Engine(List<String> urlPrefixes) {
        this.urlPrefixes = urlPrefixes;
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Engine fromText(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    static String[] names() {
        return Arrays.stream(values()).map(Engine::text).toArray(String[]::new);
    }

    List<String> urlPrefixes() {
        return urlPrefixes;
    }

    boolean acceptsUrl(String url) {
        return urlPrefixes.stream().anyMatch(p -> url.regionMatches(true, 0, p, 0, p.length()));
    }

    /** The SQL this engine needs for each thing the steps do. */
    public Dialect dialect() {
        return switch (this) {
            case POSTGRESQL -> new PostgresDialect();
            case MARIADB -> new MariaDbDialect(false);
            case MYSQL -> new MariaDbDialect(true);
        };
    }
}
