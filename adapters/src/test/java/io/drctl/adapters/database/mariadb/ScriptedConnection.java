package io.drctl.adapters.database.mariadb;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection to no server, for the MySQL code path (there is no MySQL server on these machines):
 * it records every statement sent and answers the queries it was given with the rows it was
 * given. A query it was not given fails the test, so nothing is sent unseen.
 */
final class ScriptedConnection {
    private final Map<String, List<Map<String, String>>> answers = new LinkedHashMap<>();
    private final List<String> sent = new ArrayList<>();

    /** Answers {@code query} with one row of {@code columns} (name, value, name, value, …; in order). */
    ScriptedConnection answer(String query, String... columns) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i += 2) {
            row.put(columns[i], columns[i + 1]);
        }
        answers.put(query, List.of(row));
        return this;
    }

    /** Answers {@code query} with no row. */
    ScriptedConnection noRows(String query) {
        answers.put(query, List.of());
        return this;
    }

    List<String> sent() {
        return sent;
    }

    Connection connection() {
        Statement statement = proxy(Statement.class, (method, args) -> switch (method) {
            case "executeQuery" -> resultSet(rowsFor((String) args[0]));
            case "execute" -> {
                sent.add((String) args[0]);
                yield false;
            }
            case "close" -> null;
            default -> throw new UnsupportedOperationException("Statement." + method);
        });
        return proxy(Connection.class, (method, args) -> switch (method) {
            case "createStatement" -> statement;
            case "close" -> null;
            default -> throw new UnsupportedOperationException("Connection." + method);
        });
    }

    private List<Map<String, String>> rowsFor(String query) {
        sent.add(query);
        List<Map<String, String>> rows = answers.get(query);
        if (rows == null) {
            throw new AssertionError("a query the test did not expect: " + query);
        }
        return rows;
    }

    private static ResultSet resultSet(List<Map<String, String>> rows) {
        int[] at = {-1};
        List<String> names =
                rows.isEmpty() ? List.of() : new ArrayList<>(rows.getFirst().keySet());
        ResultSetMetaData meta = proxy(ResultSetMetaData.class, (method, args) -> switch (method) {
            case "getColumnCount" -> names.size();
            case "getColumnLabel", "getColumnName" -> names.get((Integer) args[0] - 1);
            default -> throw new UnsupportedOperationException("ResultSetMetaData." + method);
        });
        return proxy(ResultSet.class, (method, args) -> switch (method) {
            case "next" -> ++at[0] < rows.size();
            case "getMetaData" -> meta;
            case "getString" ->
                args[0] instanceof Integer i
                        ? rows.get(at[0]).get(names.get(i - 1))
                        : rows.get(at[0]).get((String) args[0]);
            case "close" -> null;
            default -> throw new UnsupportedOperationException("ResultSet." + method);
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(
                ScriptedConnection.class.getClassLoader(),
                new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args));
    }
}
