package io.drctl.demo;

import io.drctl.servers.PostgresServer;
import io.drctl.servers.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;
import java.util.List;

/**
 * The chat application's writes to pangyo's primary: one message every 100 ms, each counted
 * only once the primary acknowledged its commit. After the failover, {@link #summary} asks
 * gasan which acknowledged messages it has — the data loss the failover really caused, beside
 * the window drctl accepted at promotion.
 */
public final class ChatTraffic {
    static final String ROLE = "chat_app";
    private static final String PASSWORD = "chat-app-demo-password";
    private static final long INTERVAL_MS = 100;

    private final Sql app;
    private final BitSet acknowledged = new BitSet();
    private final Thread writer;
    private volatile boolean running = true;
    private int refused;
    private int unanswered;

    private ChatTraffic(PostgresServer primary) {
        primary.superuser()
                .exec(
                        "CREATE TABLE chat_messages (id bigserial PRIMARY KEY, body text NOT NULL, written_at timestamptz NOT NULL DEFAULT now())",
                        "CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'",
                        "GRANT INSERT, SELECT ON chat_messages TO " + ROLE,
                        "GRANT USAGE ON SEQUENCE chat_messages_id_seq TO " + ROLE);
        this.app = new Sql(primary.url(), ROLE, PASSWORD, 1, 2);
        this.writer = Thread.ofPlatform().daemon().name("demo-chat-traffic").unstarted(this::write);
    }

    static ChatTraffic start(PostgresServer primary) {
        ChatTraffic traffic = new ChatTraffic(primary);
        traffic.writer.start();
        return traffic;
    }

    private void write() {
        Connection c = null;
        long n = 0;
        while (running) {
            try {
                if (c == null) {
                    c = app.connect();
                }
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery(
                                "INSERT INTO chat_messages (body) VALUES ('message " + (++n) + "') RETURNING id")) {
                    rs.next();
                    long id = rs.getLong(1);
                    synchronized (this) {
                        acknowledged.set(Math.toIntExact(id));
                    }
                }
            } catch (SQLException e) {
                synchronized (this) {
                    if ("25006".equals(e.getSQLState()) || "28000".equals(e.getSQLState())) {
                        refused++; // read-only, or not permitted to log in: the fence works
                    } else {
                        unanswered++;
                    }
                }
                close(c);
                c = null;
            }
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                break;
            }
        }
        close(c);
    }

    private static void close(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // the server is gone: nothing to close
        }
    }

    /** Stops writing; waits for the message in flight (bounded by the client's timeouts). */
    void stop() {
        running = false;
        writer.interrupt();
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The messages pangyo acknowledged, and which of them {@code survivor} holds. */
    synchronized Summary summary(PostgresServer survivor) {
        BitSet missing = (BitSet) acknowledged.clone();
        try {
            List<String> present = survivor.superuser().column("SELECT id FROM chat_messages");
            present.forEach(id -> missing.clear(Integer.parseInt(id)));
        } catch (IllegalStateException e) {
            return new Summary(acknowledged.cardinality(), refused, unanswered, -1, e.getMessage());
        }
        return new Summary(acknowledged.cardinality(), refused, unanswered, missing.cardinality(), null);
    }

    /**
     * @param acknowledged messages whose commit pangyo's primary acknowledged
     * @param refused      writes the fenced primary refused (read-only, or the application's role may not log in)
     * @param unanswered   writes that got no answer (the primary gone, or sessions ended by the fence)
     * @param lost         acknowledged messages the new primary does not have; -1 when it could not be asked
     * @param whyUnknown   why {@code lost} is unknown, else null
     */
    public record Summary(int acknowledged, int refused, int unanswered, int lost, String whyUnknown) {}
}
