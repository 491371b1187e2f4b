package io.drctl.adapters.database;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One member of a database: the server of one site, as the plan describes it. */
public record Member(DatabaseSpec database, String name, Map<String, Object> settings) {
    private static final Pattern HOST_PART = Pattern.compile("^jdbc:[a-z]+://([^/?;]*)");

    /** Short, for progress lines: {@code chat@gasan}. */
    public String label() {
        return database.name() + "@" + name;
    }

    /** For messages: {@code database chat, member gasan (pg.gasan.internal:5432)}. */
    public String describe() {
        String address = address();
        return "database " + database.name() + ", member " + name + (address.isEmpty() ? "" : " (" + address + ")");
    }

    /** The account drctl logs in with, as the plan names it (a secret reference stays one). */
    public String user() {
        return String.valueOf(settings.getOrDefault("user", "?"));
    }

    /** Host and port from the URL as the plan wrote it (secret references unresolved), or empty. */
    public String address() {
        Object url = settings.get("url");
        if (!(url instanceof String text)) {
            return "";
        }
        Matcher m = HOST_PART.matcher(text);
        if (!m.find()) {
            return "";
        }
        String hosts = m.group(1);
        int at = hosts.lastIndexOf('@'); // user:password@host in a URL that should not have them
        return at >= 0 ? hosts.substring(at + 1) : hosts;
    }
}
