package io.drctl.adapters.dns;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Record names as plans write them: {@code @} for the zone's apex, {@code chat} relative to the
 * zone, {@code chat.example.com.} (trailing dot) absolute — the conventions of a zone file.
 */
final class RecordNames {
    private RecordNames() {}

    static Name zone(String written) throws TextParseException {
        String z = written.strip();
        return Name.fromString(z.endsWith(".") ? z : z + ".").canonicalize();
    }

    /** The absolute name; not checked to be inside the zone (see {@link #inside}). */
    static Name absolute(String written, Name zone) throws TextParseException {
        String n = written.strip();
        if (n.equals("@")) {
            return zone;
        }
        return Name.fromString(n, zone).canonicalize();
    }

    static boolean inside(Name name, Name zone) {
        return name.subdomain(zone);
    }
}
