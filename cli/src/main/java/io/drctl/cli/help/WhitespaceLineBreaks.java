package io.drctl.cli.help;

import java.text.BreakIterator;
import java.text.CharacterIterator;
import java.text.StringCharacterIterator;
import java.util.ArrayList;
import java.util.List;

/**
 * Line-break opportunities after whitespace only. The JDK's line iterator also breaks after a
 * dot or slash inside a word, so picocli's help once wrapped {@code spec.objectives} as
 * "spec." / "objectives" and {@code ~/.kube/config} as "~/." / "kube/config": a reader copies half
 * a name. Help text is English prose with names, paths and commands in it; whitespace is the
 * only place any of them may be cut. A word longer than a line is still cut by picocli itself.
 */
final class WhitespaceLineBreaks extends BreakIterator {
    private CharacterIterator text = new StringCharacterIterator("");
    private int[] boundaries = {0};
    private int current;

    @Override
    public void setText(CharacterIterator newText) {
        text = newText;
        List<Integer> found = new ArrayList<>();
        int begin = newText.getBeginIndex();
        int end = newText.getEndIndex();
        found.add(begin);
        boolean afterSpace = false;
        for (char c = newText.first(); c != CharacterIterator.DONE; c = newText.next()) {
            boolean space = Character.isWhitespace(c) && c != '\u00a0';
            if (afterSpace && !space) {
                found.add(newText.getIndex());
            }
            afterSpace = space;
        }
        if (found.getLast() != end) {
            found.add(end);
        }
        boundaries = found.stream().mapToInt(Integer::intValue).toArray();
        current = 0;
        newText.first();
    }

    @Override
    public CharacterIterator getText() {
        return text;
    }

    @Override
    public int first() {
        current = 0;
        return boundaries[current];
    }

    @Override
    public int last() {
        current = boundaries.length - 1;
        return boundaries[current];
    }

    @Override
    public int next() {
        if (current >= boundaries.length - 1) {
            return DONE;
        }
        return boundaries[++current];
    }

    @Override
    public int next(int n) {
        int result = current();
        for (int i = 0; i < Math.abs(n) && result != DONE; i++) {
            result = n > 0 ? next() : previous();
        }
        return result;
    }

    @Override
    public int previous() {
        if (current <= 0) {
            return DONE;
        }
        return boundaries[--current];
    }

    @Override
    public int following(int offset) {
        checkOffset(offset);
        for (int i = 0; i < boundaries.length; i++) {
            if (boundaries[i] > offset) {
                current = i;
                return boundaries[i];
            }
        }
        current = boundaries.length - 1;
        return DONE;
    }

    @Override
    public int preceding(int offset) {
        checkOffset(offset);
        for (int i = boundaries.length - 1; i >= 0; i--) {
            if (boundaries[i] < offset) {
                current = i;
                return boundaries[i];
            }
        }
        current = 0;
        return DONE;
    }

    @Override
    public boolean isBoundary(int offset) {
        checkOffset(offset);
        for (int b : boundaries) {
            if (b == offset) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int current() {
        return boundaries[current];
    }

    private void checkOffset(int offset) {
        if (offset < text.getBeginIndex() || offset > text.getEndIndex()) {
            throw new IllegalArgumentException("offset " + offset + " is outside the text");
        }
    }

    @Override
    public Object clone() {
        WhitespaceLineBreaks copy = (WhitespaceLineBreaks) super.clone();
        copy.text = (CharacterIterator) text.clone();
        copy.boundaries = boundaries.clone();
        return copy;
    }
}
