package io.drctl.servers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

/** Plain JDBC for tests and the demo: run statements, read a value, wait for one. Not for drctl's own steps. */
public final class Sql {
    private final String url;
    private final Properties properties;

    public Sql(String url, String user, String password) {
        this(url, user, password, 5, 30);
    }

    /** With the client's own limits: connecting (and logging in), and waiting for an answer. */
    public Sql(String url, String user, String password, int connectSeconds, int answerSeconds) {
        this.url = url;
        this.properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        boolean postgres = url.startsWith("jdbc:postgresql");
        properties.setProperty(
                "connectTimeout",
                postgres ? Integer.toString(connectSeconds) : Integer.toString(connectSeconds * 1000));
        properties.setProperty(
                "socketTimeout", postgres ? Integer.toString(answerSeconds) : Integer.toString(answerSeconds * 1000));
        if (postgres) {
            properties.setProperty(
                    "loginTimeout", Integer.toString(connectSeconds)); // a server that accepts and never answers
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    public void exec(String... statements) {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(url + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row, as text (null: no row or NULL). */
    public String value(String query) {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(url + ": " + e.getMessage(), e);
        }
    }

    /** The first column of every row, as text. */
    public List<String> column(String query) {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(url + ": " + e.getMessage(), e);
        }
    }

    /** Polls {@code query} until its value satisfies {@code condition}; fails after {@code limit}. */
    public String await(String query, Predicate<String> condition, Duration limit) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        String last = null;
        Exception error = null;
        while (Instant.now().isBefore(end)) {
            try {
                last = value(query);
                if (condition.test(last)) {
                    return last;
                }
            } catch (IllegalStateException e) {
                error = e;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(url + ": " + query + " did not give the awaited value within " + limit
                + " (last: " + last + (error == null ? "" : ", error: " + error.getMessage()) + ")");
    }
}
