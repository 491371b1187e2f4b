package io.drctl.cli.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the fault suite writes what it tried and what held: one Markdown table row per case in
 * {@code target/reliability/<suite>.md}. {@code scripts/reliability-report.sh} assembles these
 * into {@code docs/reliability.md}, so the document shows figures a run produced, not claims.
 */
final class ReliabilityFigures {
    /** Set (-Ddrctl.reliability.long=true) for the long variant: more kill points, more repetitions. */
    static final boolean LONG = Boolean.getBoolean("drctl.reliability.long");

    private final Path file;

    private ReliabilityFigures(Path file) {
        this.file = file;
    }

    /** Starts the table of {@code suite} afresh, with its header. */
    static ReliabilityFigures table(String suite, String title, String... columns) {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("reliability");
        Path file = dir.resolve(suite + ".md");
        try {
            Files.createDirectories(dir);
            String header = "### " + title + "\n\n| " + String.join(" | ", columns) + " |\n|"
                    + "---|".repeat(columns.length) + "\n";
            Files.writeString(file, header, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ReliabilityFigures(file);
    }

    /** Appends one row; cells are escaped for a Markdown table. */
    synchronized void row(Object... cells) {
        StringBuilder line = new StringBuilder("|");
        for (Object cell : cells) {
            line.append(' ')
                    .append(String.valueOf(cell).replace("|", "\\|").replace("\n", " "))
                    .append(" |");
        }
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
