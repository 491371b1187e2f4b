package io.drctl.adapters.notify;

import io.drctl.engine.plan.Plan;
import io.drctl.engine.spi.RunObserver;
import java.util.List;
import java.util.Optional;

/**
 * Attaches {@code spec.notify} to every run of a plan that has it (registered in
 * {@code META-INF/services/io.drctl.engine.spi.RunObserver}). {@code drctl plan} attaches no
 * observers, so a preview sends nothing.
 */
public final class NotifyObserver implements RunObserver {
    private final DeliveryPolicy policy;

    public NotifyObserver() {
        this(DeliveryPolicy.DEFAULT);
    }

    NotifyObserver(DeliveryPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Optional<Listener> attach(Plan plan, Context context) {
        List<ChannelSettings> channels = ChannelSettings.all(plan.sections().get(NotifySection.NAME));
        if (channels.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NotifyListener(channels, context, policy));
    }
}
