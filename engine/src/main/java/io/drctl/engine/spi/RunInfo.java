package io.drctl.engine.spi;

import io.drctl.engine.plan.Mode;

/** The run a step executes in. */
public record RunInfo(String runId, String planName, String planSha256, Mode mode, String operator, String host) {}
