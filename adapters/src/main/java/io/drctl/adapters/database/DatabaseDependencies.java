package io.drctl.adapters.database;

import io.drctl.engine.plan.FailurePolicy;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.plan.UnreachablePolicy;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.secret.SecretReferences;
import io.drctl.engine.spi.Dependency;
import io.drctl.engine.spi.DependencyFinder;
import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.TargetUnreachableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every member of every database in spec.databases: it must accept drctl's login and say what it is. */
public final class DatabaseDependencies implements DependencyFinder {
    @Override
    public List<Dependency> find(Plan plan, Map<String, String> environment) {
        List<Dependency> out = new ArrayList<>();
        Map<String, Object> databases =
                plan.<Map<String, Object>>section(DatabasesSection.NAME).orElse(Map.of());
        SecretReferences secrets = new SecretReferences(environment, new Redactor());
        MemberConnector connector = new MemberConnector(values -> new Params(values, secrets));
        for (String name : databases.keySet()) {
            DatabaseSpec database = DatabaseSpec.find(plan, name).orElseThrow();
            String usedBy = String.join(
                    ", ",
                    plan.steps().stream()
                            .filter(s -> name.equals(s.with().get("database")))
                            .map(StepDefinition::id)
                            .toList());
            for (String memberName : database.members().keySet()) {
                Member member = database.member(memberName).orElseThrow();
                String address = member.address();
                Optional<String> host = address.isEmpty() ? Optional.empty() : Optional.of(hostOf(address));
                out.add(new Dependency(
                        "database",
                        member.label() + " (" + database.engine().text() + ")",
                        Optional.of(memberName),
                        host,
                        usedBy.isEmpty() ? "spec.databases" : usedBy,
                        () -> ask(connector, member)));
            }
        }
        return out;
    }

    /**
     * With {@code site} gone: a db.check or db.promote of its member stops the run unless it may
     * (ifUnreachable: skip, onFailure: continue); a fence of it with ifUnproven: stop stops it; and
     * a promotion of another member of the same database needs the risk accepted — an approval
     * step after the fence, or both acceptSplitBrainRisk and acceptDataLoss — since the fence
     * cannot be proven and the lag cannot be measured.
     */
    @Override
    public List<String> stopsWithout(Plan plan, String site) {
        List<String> out = new ArrayList<>();
        PlanGraph graph = new PlanGraph(plan);
        for (StepDefinition step : plan.steps()) {
            if (!step.type().startsWith("db.") || !(step.with().get("database") instanceof String database)) {
                continue;
            }
            boolean onLost = site.equals(step.with().get("member"));
            boolean copes =
                    step.ifUnreachable() == UnreachablePolicy.SKIP || step.onFailure() == FailurePolicy.CONTINUE;
            switch (step.type()) {
                case DbFenceStepType.NAME -> {
                    if (onLost && "stop".equals(step.with().get("ifUnproven"))) {
                        out.add(step.id() + " (db.fence of " + database + "@" + site
                                + ") has ifUnproven: stop: with the site gone "
                                + "the run stops there for a person (exit 4)");
                    }
                }
                case "db.promote" -> {
                    if (onLost && !copes) {
                        out.add(step.id() + " promotes " + database + "@" + site + ", which is in the lost site");
                    } else if (!onLost && hasMemberIn(plan, database, site) && !riskAccepted(graph, step, database)) {
                        out.add(
                                step.id() + " (db.promote of " + database + ") stops with exit 3: " + database + "@"
                                        + site
                                        + " cannot be proven fenced and the lag cannot be measured, and nothing accepts that: put an "
                                        + "approval step between the fence and the promotion, or set acceptSplitBrainRisk and acceptDataLoss");
                    }
                }
                default -> {
                    if (onLost && !copes) {
                        out.add(step.id() + " (" + step.type() + " of " + database + "@" + site
                                + ") fails when the site does not "
                                + "answer: give it ifUnreachable: skip if the run may go on without it");
                    }
                }
            }
        }
        return out;
    }

    private static boolean hasMemberIn(Plan plan, String database, String site) {
        return DatabaseSpec.find(plan, database)
                .map(d -> d.members().containsKey(site))
                .orElse(false);
    }

    /** An approval the promotion needs that comes after every fence of the database it needs, or both acceptances. */
    private static boolean riskAccepted(PlanGraph graph, StepDefinition promote, String database) {
        if (Boolean.TRUE.equals(promote.with().get("acceptSplitBrainRisk"))
                && Boolean.TRUE.equals(promote.with().get("acceptDataLoss"))) {
            return true;
        }
        var before = graph.ancestorsOf(promote.id());
        var fences = graph.fencesAmong(before, database);
        return graph.steps().stream()
                .anyMatch(s -> before.contains(s.id())
                        && s.type().equals(ApprovalInBetween.APPROVAL_TYPE)
                        && graph.ancestorsOf(s.id()).containsAll(fences));
    }

    private static Dependency.Answer ask(MemberConnector connector, Member member) {
        try (Connection c = connector.open(member)) {
            return Dependency.Answer.answers(
                    member.database().engine().dialect().status(c).summary());
        } catch (TargetUnreachableException e) {
            return Dependency.Answer.unreachable(e.getMessage());
        } catch (StepException e) {
            return Dependency.Answer.misconfigured(e.getMessage());
        } catch (SQLException e) {
            return Dependency.Answer.misconfigured(member.describe() + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** {@code pg.gasan.internal:5432} → {@code pg.gasan.internal}; {@code [::1]:5432} → {@code ::1}. */
    static String hostOf(String address) {
        if (address.startsWith("[")) {
            int end = address.indexOf(']');
            return end > 0 ? address.substring(1, end) : address;
        }
        String first = address.split(",", 2)[0];
        int colon = first.lastIndexOf(':');
        return colon > 0 && first.indexOf(':') == colon ? first.substring(0, colon) : first;
    }
}
