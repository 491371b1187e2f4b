package io.drctl.engine.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stops a process and everything it started: SIGTERM to all, a grace period, then SIGKILL to
 * whatever is left. Descendants are collected <em>before</em> the first signal, because once a
 * parent dies its children are re-parented to init and can no longer be found from it.
 */
final class ProcessTree {
    private static final Duration POLL = Duration.ofMillis(50);

    private ProcessTree() {}

    /**
     * Terminates {@code root} and its descendants; returns once all are gone or were sent
     * SIGKILL. An interrupt during the grace period skips straight to SIGKILL and is
     * re-asserted on return.
     */
    static void terminate(ProcessHandle root, Duration gracePeriod) {
        Map<Long, ProcessHandle> tree = new LinkedHashMap<>();
        collect(root, tree);
        tree.values().forEach(ProcessHandle::destroy);
        boolean interrupted = false;
        long end = System.nanoTime() + gracePeriod.toNanos();
        while (anyRunning(tree.values()) && System.nanoTime() < end) {
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
            // A process may fork while it handles SIGTERM; those children must not escape SIGKILL.
            List.copyOf(tree.values()).stream().filter(ProcessTree::isRunning).forEach(p -> collect(p, tree));
        }
        tree.values().stream().filter(ProcessTree::isRunning).forEach(ProcessHandle::destroyForcibly);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void collect(ProcessHandle process, Map<Long, ProcessHandle> into) {
        into.putIfAbsent(process.pid(), process);
        process.descendants().forEach(p -> into.putIfAbsent(p.pid(), p));
    }

    private static boolean anyRunning(Iterable<ProcessHandle> processes) {
        for (ProcessHandle p : processes) {
            if (isRunning(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Alive and not a zombie. ProcessHandle counts an exited but unreaped process as alive;
     * where nobody reaps orphans (drctl as PID 1 in a container) that would turn every
     * termination into a full grace period.
     */
    static boolean isRunning(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(p.pid()), "stat");
        try {
            String text = Files.readString(stat);
            // The state follows the command name, which is in parentheses and may contain anything.
            int close = text.lastIndexOf(')');
            char state = close >= 0 && close + 2 < text.length() ? text.charAt(close + 2) : 'R';
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return p.isAlive(); // no /proc (not Linux), or the process just vanished
        }
    }
}
