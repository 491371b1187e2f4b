package io.drctl.engine.plan.load;

/** 1-based line and column of a character index, for errors that only know an index. */
final class LineColumn {
    private LineColumn() {}

    static int[] ofIndex(String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < codePointIndex; seen++) {
            int cp = text.codePointAt(i);
            if (cp == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            i += Character.charCount(cp);
        }
        return new int[] {line, column};
    }
}
