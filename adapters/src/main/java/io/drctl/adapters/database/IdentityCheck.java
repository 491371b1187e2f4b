package io.drctl.adapters.database;

import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.StepContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Whether the standby about to be promoted belongs to the same cluster as the primary it takes
 * over from: a standby of another cluster (two unrelated clusters paired by mistake in the plan)
 * would be promoted over data that was never replicated into it. Compared against the primary
 * when it answers, else against what a db.fence step of this run recorded of it; otherwise the
 * pairing is reported as unverified.
 */
final class IdentityCheck {
    static final String OUTPUT = "clusterIdentity";

    private IdentityCheck() {}

    /** Why the pairing is wrong, or empty when it is right or cannot be checked (then an output says so). */
    static Optional<String> mismatch(
            StepContext ctx, Member target, Connection standby, OtherMembers others, PlanGraph graph)
            throws SQLException {
        Dialect dialect = target.database().engine().dialect();
        Optional<String> own = dialect.clusterIdentity(standby);
        if (own.isEmpty()) {
            return Optional.empty();
        }
        ctx.output(OUTPUT, own.get());
        for (OtherMembers.Seen seen : others.seen()) {
            Member other = seen.member();
            Optional<String> theirs = Optional.empty();
            String source = null;
            if (others.primary().isPresent()
                    && others.primaryMember().map(other::equals).orElse(false)) {
                theirs = dialect.clusterIdentity(others.primary().get());
                source = "it says";
            }
            if (theirs.isEmpty()) {
                for (StepDefinition fence : graph.fencesOf(other.database().name(), other.name())) {
                    Object recorded = ctx.outputsOf(fence.id()).get(OUTPUT);
                    if (recorded != null) {
                        theirs = Optional.of(String.valueOf(recorded));
                        source = fence.id() + " recorded";
                        break;
                    }
                }
            }
            if (theirs.isEmpty()) {
                ctx.output(
                        "identityOf" + capitalized(other.name()),
                        "unverified: it did not answer and no db.fence step of this run recorded it");
                continue;
            }
            Optional<String> why = dialect.notAReplicaOf(own.get(), other.name(), theirs.get());
            if (why.isPresent()) {
                return Optional.of(target.label() + " is not a replica of " + other.name() + ": "
                        + why.get() + " (" + source + "): the plan pairs two "
                        + "unrelated clusters; promoting would not take over " + other.name() + "'s data");
            }
            ctx.output("identityOf" + capitalized(other.name()), "same cluster (" + source + ")");
        }
        return Optional.empty();
    }

    private static String capitalized(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
