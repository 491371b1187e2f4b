package io.drctl.adapters.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.adapters.database.testing.DatabasePlans;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.testing.FakeStepContext;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Opening sessions with members: secrets resolved at the last moment and masked, dead members reported at once. */
class ConnectionSettingsTest {

    @Test
    void a_members_password_is_resolved_when_connecting_and_masked_from_then_on() {
        Plan plan = DatabasePlans.load(DatabasePlans.text(
                "postgresql",
                "jdbc:postgresql://127.0.0.1:1/x",
                "jdbc:postgresql://127.0.0.1:1/x",
                "drctl",
                "- { id: c, type: db.check, with: { database: chat, member: gasan } }"));
        FakeStepContext ctx = FakeStepContext.forStepOf(plan, "c")
                .env(DatabasePlans.PASSWORD_VARIABLE, "s3cret-value")
                .build();

        try {
            new MemberConnector(ctx).open(DatabaseTarget.of(ctx)).close();
        } catch (Exception expected) {
            // nothing listens on port 1: what matters is that the password was resolved on the way
        }

        assertThat(ctx.redactor().redact("login with s3cret-value")).isEqualTo("login with ***");
    }

    @Test
    void a_member_nobody_listens_on_is_unreachable_at_once() throws SQLException {
        Plan plan = DatabasePlans.load(DatabasePlans.text(
                "mariadb",
                "jdbc:mariadb://127.0.0.1:1/",
                "jdbc:mariadb://127.0.0.1:1/",
                "drctl",
                "- { id: c, type: db.check, with: { database: chat, member: gasan } }"));
        FakeStepContext ctx = FakeStepContext.forStepOf(plan, "c")
                .env(DatabasePlans.PASSWORD_VARIABLE, "pw")
                .build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MemberConnector(ctx).open(DatabaseTarget.of(ctx)))
                .isInstanceOf(io.drctl.engine.spi.TargetUnreachableException.class)
                .hasMessage("database chat, member gasan (127.0.0.1:1) does not answer: connection refused");
    }
}
