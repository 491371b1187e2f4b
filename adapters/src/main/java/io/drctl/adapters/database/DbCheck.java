package io.drctl.adapters.database;

import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.StepFailedException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a db.check step waits for: an expectation about the member, and optionally a query's value. */
record DbCheck(Expectation expect, Optional<String> query, Optional<String> equals) {

    enum Expectation {
        ANSWERS,
        PRIMARY,
        STANDBY,
        WRITABLE,
        READ_ONLY;

        String text() {
            return this == READ_ONLY ? "readOnly" : name().toLowerCase(Locale.ROOT);
        }

        static String[] names() {
            return Arrays.stream(values()).map(Expectation::text).toArray(String[]::new);
        }

        static Expectation fromText(String text) {
            return Arrays.stream(values())
                    .filter(e -> e.text().equals(text))
                    .findFirst()
                    .orElse(ANSWERS);
        }
    }

    static DbCheck from(Params params) throws StepFailedException {
        return new DbCheck(
                Expectation.fromText(params.optionalString("expect").orElse("answers")),
                params.optionalString("query"),
                params.optionalString("equals"));
    }

    /** What verify waits for, e.g. {@code is writable and SELECT 1 gives 1}. */
    String describe() {
        String what = switch (expect) {
            case ANSWERS -> "answers";
            case PRIMARY -> "is a primary";
            case STANDBY -> "is a standby";
            case WRITABLE -> "accepts writes";
            case READ_ONLY -> "refuses writes";
        };
        if (query.isPresent()) {
            what += equals.map(v -> " and " + query.get() + " gives " + v).orElse(" and " + query.get() + " runs");
        }
        return what;
    }

    /** Whether {@code status} and the query's {@code value} meet the expectation. */
    boolean holds(MemberStatus status, Optional<String> value) {
        boolean role = switch (expect) {
            case ANSWERS -> true;
            case PRIMARY -> status.role() == MemberStatus.Role.PRIMARY;
            case STANDBY -> status.role() == MemberStatus.Role.STANDBY;
            case WRITABLE -> status.writable();
            case READ_ONLY -> !status.writable();
        };
        return role
                && equals.map(v -> value.isPresent() && value.get().equals(v)).orElse(true);
    }
}
