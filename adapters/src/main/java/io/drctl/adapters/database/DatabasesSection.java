package io.drctl.adapters.database;

import io.drctl.engine.plan.Plan;
import io.drctl.engine.schema.PlanSchema;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.secret.SecretReferences;
import io.drctl.engine.spi.PlanSection;
import io.drctl.engine.spi.PlanValidation;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code spec.databases}: the databases the {@code db.*} steps act on, each with its engine and
 * one member per site (a JDBC URL, a user, a password given as a secret reference, TLS).
 */
public final class DatabasesSection implements PlanSection {
    public static final String NAME = "databases";
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(10);

    static final Schema.Obj TLS = Schema.object("TLS for connections to the member.")
            .optional(
                    "mode",
                    Schema.oneOf(
                            "disable: no TLS; require: encrypt, accept any certificate; verify-ca: "
                                    + "the certificate must be signed by a trusted authority; verify-full: that, and name the host "
                                    + "in the URL.",
                            "disable",
                            "require",
                            "verify-ca",
                            "verify-full"),
                    "disable")
            .optional(
                    "caFile",
                    Schema.string("A PEM file of the authorities that sign the member's certificate "
                                    + "(verify-ca, verify-full); the JVM's trusted authorities when absent.")
                            .noSecrets());

    static final Schema.Obj MEMBER = Schema.object("How drctl reaches one member of the database.")
            .required(
                    "url",
                    Schema.string("The member's JDBC URL: jdbc:postgresql://HOST:PORT/DB for PostgreSQL, "
                            + "jdbc:mariadb://HOST:PORT/ (or jdbc:mysql://) for MariaDB and MySQL. No credentials here: "
                            + "use user and password."))
            .required(
                    "user",
                    Schema.string("The account drctl logs in with (see the db.fence and db.promote pages "
                            + "for the privileges it needs)."))
            .optional(
                    "password",
                    Schema.string("The account's password, as a secret reference: ${env:NAME} or " + "${file:PATH}."))
            .optional("tls", TLS);

    static final Schema.Obj DATABASE = Schema.object("One replicated database: its engine and its members.")
            .required("engine", Schema.oneOf("The database engine.", Engine.names()))
            .optional(
                    "description",
                    Schema.string("What the database is, for people.").noSecrets())
            .optional(
                    "connectTimeout",
                    Schema.duration("How long opening a connection to a member (TCP connect and "
                            + "login) may take before the member counts as unreachable."),
                    DEFAULT_CONNECT_TIMEOUT)
            .optional(
                    "socketTimeout",
                    Schema.duration("How long drctl waits for any one answer from a member before "
                            + "the member counts as unreachable."),
                    DEFAULT_SOCKET_TIMEOUT)
            .optional(
                    "appRoles",
                    Schema.array(
                            "The roles (PostgreSQL) the application logs in as. db.fence proves "
                                    + "its fence as each of them, and with method: rejectConnections stops them logging in; db.promote "
                                    + "lets them in again on the new primary.",
                            Schema.string("A role name.").noSecrets()))
            .optional(
                    "appDatabases",
                    Schema.array(
                            "The databases (PostgreSQL) the application uses. With method: "
                                    + "rejectConnections, db.fence makes them refuse new connections; db.promote opens them again on the "
                                    + "new primary. drctl's own URL should name another database (e.g. postgres).",
                            Schema.string("A database name.").noSecrets()))
            .required(
                    "members",
                    Schema.mapOf(
                                    "The members by site name (a key of spec.sites when the plan has "
                                            + "sites): usually the primary and its standby.",
                                    MEMBER)
                            .keyPattern(PlanSchema.ID_PATTERN));

    private static final Schema SCHEMA = Schema.mapOf(
                    "Databases the db.* steps fence, check and promote, by name; " + "steps name them in 'database'.",
                    DATABASE)
            .keyPattern(PlanSchema.ID_PATTERN);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public void validate(Object value, PlanValidation validation) {
        if (!(value instanceof Map<?, ?> databases)) {
            return;
        }
        Plan plan = validation.plan();
        for (Map.Entry<?, ?> db : databases.entrySet()) {
            if (!(db.getValue() instanceof Map<?, ?> spec) || !(spec.get("members") instanceof Map<?, ?> members)) {
                continue;
            }
            Engine engine = Engine.fromText(String.valueOf(spec.get("engine")));
            for (String field : List.of("appRoles", "appDatabases")) {
                if (spec.get(field) != null && !engine.dialect().canRejectConnections()) {
                    validation.error(
                            db.getKey() + "." + field,
                            "is used for PostgreSQL only so far; drctl cannot fence " + engine.text()
                                    + " by the application's accounts yet");
                }
            }
            String base = db.getKey() + ".members";
            if (members.isEmpty()) {
                validation.error(base, "a database needs at least one member");
            }
            for (Map.Entry<?, ?> member : members.entrySet()) {
                String at = base + "." + member.getKey();
                if (plan != null
                        && !plan.sites().isEmpty()
                        && !plan.sites().containsKey(String.valueOf(member.getKey()))) {
                    validation.error(
                            at,
                            "'" + member.getKey() + "' is not a site of spec.sites (sites: "
                                    + String.join(", ", plan.sites().keySet()) + ")");
                }
                if (member.getValue() instanceof Map<?, ?> m) {
                    validateMember(engine, m, at, validation);
                }
            }
        }
    }

    private static void validateMember(Engine engine, Map<?, ?> member, String at, PlanValidation validation) {
        if (member.get("url") instanceof String url && !SecretReferences.containsReference(url)) {
            if (!engine.acceptsUrl(url)) {
                validation.error(
                        at + ".url",
                        "a " + engine.text() + " member's URL starts with "
                                + String.join(" or ", engine.urlPrefixes()));
            }
            if (url.toLowerCase(Locale.ROOT).matches(".*[?&;]password=.*")) {
                validation.error(at + ".url", "holds a password: give it in 'password' as a secret reference instead");
            }
        }
        if (member.get("password") instanceof String password && !SecretReferences.containsReference(password)) {
            validation.error(
                    at + ".password",
                    "must be a secret reference (${env:NAME} or ${file:PATH}): a password "
                            + "written into the plan ends up in every copy of it");
        }
        if (member.get("tls") instanceof Map<?, ?> tls && tls.get("caFile") != null) {
            String mode = String.valueOf(tls.get("mode"));
            if (!mode.startsWith("verify-")) {
                validation.error(
                        at + ".tls.caFile", "is used only with mode verify-ca or verify-full (mode is " + mode + ")");
            }
        }
    }
}
