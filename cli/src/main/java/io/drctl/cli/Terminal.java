package io.drctl.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether this process talks to a terminal. */
final class Terminal {
    private Terminal() {}

    /**
     * True when stdin and stdout are both a terminal. Up to JDK 21 {@code System.console()} is
     * null otherwise; from JDK 22 it always exists and {@code Console.isTerminal()} tells, so
     * that method is used where the running JDK has it (we compile for 21).
     */
    static boolean isInteractive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }
}
