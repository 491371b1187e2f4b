package io.drctl.sandbox.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** (The sandbox module cannot use adapters' test helpers: adapters' tests depend on it.) Polls a condition of a simulated or real cluster until it holds; fails with what was last seen. */
public final class Eventually {
    private Eventually() {}

    public static <T> T until(Duration limit, Supplier<T> observe, java.util.function.Predicate<T> done)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        T last = observe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + limit + "; last seen: " + last);
            }
            Thread.sleep(50);
            last = observe.get();
        }
        return last;
    }
}
