package io.drctl.adapters.database.postgresql;

/** A PostgreSQL WAL position written {@code 16/B374D848}: a 64-bit byte offset in hexadecimal halves. */
record Lsn(long value) implements Comparable<Lsn> {

    static Lsn parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an LSN: " + text);
        }
        return new Lsn((Long.parseUnsignedLong(text.substring(0, slash), 16) << 32)
                | Long.parseUnsignedLong(text.substring(slash + 1), 16));
    }

    /** Bytes from {@code earlier} to this position; zero when {@code earlier} is not before it. */
    long bytesAfter(Lsn earlier) {
        return Math.max(0, value - earlier.value);
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/"
                + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
