package io.drctl.cli.render;

/**
 * Text that drctl did not write itself — operator names, reasons, run ids typed by people,
 * command output and server messages — made safe to print: every control character is shown
 * as an escape ({@code \n}, {@code \r}, {@code \x1b}...), so such text cannot forge a line of
 * drctl's output, move the cursor or clear the screen. drctl's own line breaks and colours are
 * added around it, never inside.
 */
public final class TerminalText {
    private TerminalText() {}

    public static String safe(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control =
                    (c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
            if (control && b == null) {
                b = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (b != null) {
                if (!control) {
                    b.append(c);
                } else {
                    b.append(
                            switch (c) {
                                case '\n' -> "\\n";
                                case '\r' -> "\\r";
                                case 0x1b -> "\\x1b";
                                default -> String.format("\\u%04x", (int) c);
                            });
                }
            }
        }
        return b == null ? text : b.toString();
    }
}
