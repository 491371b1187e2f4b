package io.drctl.adapters.dns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The record types drctl manages, and how a value written in a plan becomes a record (and a
 * record its comparable text). Values compare in one canonical form: addresses as the JDK
 * prints them, CNAME targets absolute and lower-case, TXT as the concatenation of its strings.
 */
enum RecordType {
    A(Type.A),
    AAAA(Type.AAAA),
    CNAME(Type.CNAME),
    TXT(Type.TXT);

    /** The most one TXT character-string can hold; longer text is split into several. */
    private static final int TXT_CHUNK = 255;

    private final int code;

    RecordType(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static Optional<RecordType> of(int code) {
        for (RecordType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    static RecordType parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    /** The record for {@code value} as a plan writes it; a relative CNAME target is relative to {@code zone}. */
    Record toRecord(Name owner, long ttl, String value, Name zone) throws InvalidValueException {
        try {
            return switch (this) {
                case A -> new ARecord(owner, DClass.IN, ttl, Address.getByAddress(value.strip(), Address.IPv4));
                case AAAA -> new AAAARecord(owner, DClass.IN, ttl, Address.getByAddress(value.strip(), Address.IPv6));
                case CNAME -> new CNAMERecord(owner, DClass.IN, ttl, Name.fromString(value.strip(), zone));
                case TXT -> new TXTRecord(owner, DClass.IN, ttl, chunks(value));
            };
        } catch (TextParseException e) {
            throw new InvalidValueException("'" + value + "' is not a valid host name (" + e.getMessage() + ")");
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidValueException("'" + value + "' is not "
                    + (this == A
                            ? "an IPv4 address"
                            : this == AAAA ? "an IPv6 address" : "a valid " + name() + " value"));
        }
    }

    /** The canonical text of {@code value} as a plan writes it. */
    String canonical(String value, Name zone) throws InvalidValueException {
        return canonical(toRecord(zone, 0, value, zone));
    }

    /** The canonical text of a record of this type. */
    static String canonical(Record record) {
        return switch (record) {
            case ARecord a -> a.getAddress().getHostAddress();
            case AAAARecord a -> a.getAddress().getHostAddress();
            case CNAMERecord c -> c.getTarget().canonicalize().toString();
            case TXTRecord t -> String.join("", t.getStrings());
            default -> record.rdataToString();
        };
    }

    private static List<String> chunks(String text) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += TXT_CHUNK) {
            out.add(text.substring(i, Math.min(text.length(), i + TXT_CHUNK)));
        }
        return out.isEmpty() ? List.of("") : out;
    }

    /** A value that is not what its type needs; the message names the value (values are not secret). */
    static final class InvalidValueException extends Exception {
        InvalidValueException(String message) {
            super(message);
        }
    }
}
