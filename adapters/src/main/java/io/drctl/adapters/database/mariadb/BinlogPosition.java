package io.drctl.adapters.database.mariadb;

/** A position in a primary's binary log: file name and byte offset in it. */
record BinlogPosition(String file, long offset) {
    @Override
    public String toString() {
        return file + ":" + offset;
    }
}
