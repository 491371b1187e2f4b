package io.drctl.cli;

/** {@code --output}: text for people, JSON Lines for bots. */
public enum OutputFormat {
    TEXT,
    JSON
}
