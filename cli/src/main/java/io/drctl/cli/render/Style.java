package io.drctl.cli.render;

import picocli.CommandLine.Help.Ansi;

/** Colours for text output, or none (NO_COLOR, --no-color, not a terminal). */
public record Style(boolean color) {

    public String ok(String s) {
        return paint("green", s);
    }

    public String bad(String s) {
        return paint("red", s);
    }

    public String warn(String s) {
        return paint("yellow", s);
    }

    public String dim(String s) {
        return paint("faint", s);
    }

    public String bold(String s) {
        return paint("bold", s);
    }

    private String paint(String style, String s) {
        if (!color) {
            return s;
        }
        // picocli's markup: no hand-written escape codes for colours.
        return Ansi.ON.string("@|" + style + " " + s.replace("|@", "| @") + "|@");
    }
}
