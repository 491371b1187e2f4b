package io.drctl.adapters.database.testing;

import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.load.PlanLoader;
import io.drctl.engine.spi.Language;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Plans for database tests: a database {@code chat} whose old primary is at site {@code pangyo}
 * and whose standby is at {@code gasan}, plus the steps a test gives, loaded by the real loader.
 */
public final class DatabasePlans {
    public static final String PASSWORD_VARIABLE = "CHAT_DB_PASSWORD";

    private DatabasePlans() {}

    /** A plan with {@code spec.databases.chat} ({@code engine}, members pangyo and gasan) and {@code steps} (YAML list items). */
    public static String text(String engine, String pangyoUrl, String gasanUrl, String user, String steps) {
        return """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: chat-pangyo-to-gasan }
                spec:
                  objectives: { rpo: 1m }
                  sites:
                    pangyo: { description: the site that burns }
                    gasan: { description: the site that takes over }
                  databases:
                    chat:
                      engine: %s
                      connectTimeout: 2s
                      socketTimeout: 10s
                      members:
                        pangyo: { url: "%s", user: %s, password: "${env:%s}" }
                        gasan: { url: "%s", user: %s, password: "${env:%s}" }
                  steps:
                %s""".formatted(
                        engine,
                        pangyoUrl,
                        user,
                        PASSWORD_VARIABLE,
                        gasanUrl,
                        user,
                        PASSWORD_VARIABLE,
                        steps.stripTrailing().indent(4));
    }

    public static Plan load(String text) {
        return new PlanLoader(Language.discover(DatabasePlans.class.getClassLoader()))
                .parse(Path.of("chat-pangyo-to-gasan.yaml"), text.getBytes(StandardCharsets.UTF_8));
    }
}
