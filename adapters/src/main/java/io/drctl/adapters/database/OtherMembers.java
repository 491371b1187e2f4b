package io.drctl.adapters.database;

import io.drctl.engine.spi.StepException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a promotion sees of the database's other members: each one's status, or why it could
 * not be looked at. Keeps a session with the first that is a primary, to measure lag against.
 */
final class OtherMembers implements AutoCloseable {

    /** One member as drctl saw it: {@code status} when it answered, else {@code silence} says why not. */
    record Seen(Member member, Optional<MemberStatus> status, String silence) {
        boolean answered() {
            return status.isPresent();
        }
    }

    private final List<Seen> seen;
    private final Connection primary;
    private final MemberStatus primaryStatus;
    private final Member primaryMember;

    private OtherMembers(List<Seen> seen, Connection primary, MemberStatus primaryStatus, Member primaryMember) {
        this.seen = List.copyOf(seen);
        this.primary = primary;
        this.primaryStatus = primaryStatus;
        this.primaryMember = primaryMember;
    }

    static OtherMembers look(MemberConnector connector, Member target) {
        List<Seen> seen = new ArrayList<>();
        Connection primary = null;
        MemberStatus primaryStatus = null;
        Member primaryMember = null;
        Dialect dialect = target.database().engine().dialect();
        for (Member other : target.database().othersThan(target.name())) {
            Connection c = null;
            try {
                c = connector.open(other);
                MemberStatus status = dialect.status(c);
                seen.add(new Seen(other, Optional.of(status), ""));
                if (primary == null && status.role() == MemberStatus.Role.PRIMARY) {
                    primary = c;
                    primaryStatus = status;
                    primaryMember = other;
                    c = null;
                }
            } catch (StepException e) {
                seen.add(new Seen(other, Optional.empty(), e.getMessage()));
            } catch (SQLException e) {
                seen.add(new Seen(
                        other,
                        Optional.empty(),
                        SqlFailures.during(
                                        other,
                                        "looking at it",
                                        e,
                                        other.database().socketTimeout())
                                .getMessage()));
            } finally {
                closeQuietly(c);
            }
        }
        return new OtherMembers(seen, primary, primaryStatus, primaryMember);
    }

    List<Seen> seen() {
        return seen;
    }

    /** A session with a member that answered as a primary, for measuring lag against. */
    Optional<Connection> primary() {
        return Optional.ofNullable(primary);
    }

    /** The member {@link #primary()} is a session with. */
    Optional<Member> primaryMember() {
        return Optional.ofNullable(primaryMember);
    }

    /** Whether the primary that answered refuses writes (fenced): then the standby can catch up with it. */
    boolean primaryRefusesWrites() {
        return primaryStatus != null && !primaryStatus.writable();
    }

    @Override
    public void close() {
        closeQuietly(primary);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a session with a member that went away: nothing left to do
            }
        }
    }
}
