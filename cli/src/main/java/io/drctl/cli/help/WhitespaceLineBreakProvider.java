package io.drctl.cli.help;

import java.text.BreakIterator;
import java.text.spi.BreakIteratorProvider;
import java.util.Locale;

/**
 * Gives the JVM {@link WhitespaceLineBreaks} as its line iterator for every locale (found through
 * {@code META-INF/services} once {@link #PROVIDERS} is the JVM's {@code java.locale.providers}).
 * Only the line iterator: for characters, words and sentences it answers null, and the JDK then
 * uses its own. drctl's only user of line breaks is picocli wrapping help text.
 */
public final class WhitespaceLineBreakProvider extends BreakIteratorProvider {
    /**
     * The value of {@code java.locale.providers} that lets this provider in before the JDK's
     * own (CLDR). It must be set before the JVM first looks up a locale service: the launchers
     * pass it as {@code -D}, and {@code Main} sets it when a bare {@code java -jar} did not.
     */
    public static final String PROVIDERS = "SPI,CLDR";

    @Override
    public BreakIterator getLineInstance(Locale locale) {
        return new WhitespaceLineBreaks();
    }

    @Override
    public BreakIterator getWordInstance(Locale locale) {
        return null;
    }

    @Override
    public BreakIterator getCharacterInstance(Locale locale) {
        return null;
    }

    @Override
    public BreakIterator getSentenceInstance(Locale locale) {
        return null;
    }

    @Override
    public Locale[] getAvailableLocales() {
        return new Locale[] {Locale.ROOT, Locale.US, Locale.ENGLISH};
    }

    @Override
    public boolean isSupportedLocale(Locale locale) {
        return true;
    }
}
