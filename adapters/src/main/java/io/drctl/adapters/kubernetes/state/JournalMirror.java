package io.drctl.adapters.kubernetes.state;

import io.drctl.adapters.kubernetes.json.KubernetesJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A run's journal mirrored to ConfigMaps: {@code drctl-run-RUN} holds the frozen plan and how
 * many chunks there are; {@code drctl-run-RUN-0001}, {@code -0002}, ... hold the journal's
 * lines exactly as written, each chunk under {@link #CHUNK_LIMIT} bytes so it stays far below
 * the 1 MiB object limit. Lines are queued and written by a thread of its own, in order; a write
 * that fails is tried again, so a passing outage of the state site delays the mirror, never the run.
 */
final class JournalMirror implements AutoCloseable {
    static final int CHUNK_LIMIT = 512 * 1024;
    static final String JOURNAL_KEY = "journal.jsonl";
    static final String PLAN_KEY = "plan.yaml";
    static final String CHUNKS_KEY = "chunks";
    static final String HEAD_KEY = "journal.head";
    /** Between a queued line's head and the line: JSON lines never hold a raw control character. */
    private static final char HEAD_SEPARATOR = '\u0001';

    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration COALESCE = Duration.ofMillis(50);

    private final KubernetesClient client;
    private final String namespace;
    private final String plan;
    private final String runId;
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Object written = new Object();
    private StringBuilder chunk = new StringBuilder();
    private int chunkIndex = 1;
    private int chunksRecorded;
    private volatile String planText;
    private volatile boolean planWritten;
    private volatile int pending;
    private volatile boolean stopped;
    private Thread writer;
    /** ConfigMaps this mirror has written (or found) so far: written again with one PATCH. */
    private final Set<String> existing = new HashSet<>();

    JournalMirror(KubernetesClient client, String namespace, String plan, String runId) {
        this.client = client;
        this.namespace = namespace;
        this.plan = plan;
        this.runId = runId;
    }

    static String metaName(String runId) {
        return "drctl-run-" + runId;
    }

    static String chunkName(String runId, int index) {
        return "drctl-run-" + runId + "-" + String.format("%04d", index);
    }

    /** Continues a mirror that exists (a resume), then starts the writer. */
    void start() {
        ConfigMap meta = client.configMaps()
                .inNamespace(namespace)
                .withName(metaName(runId))
                .get();
        if (meta != null && meta.getData() != null) {
            chunksRecorded = Integer.parseInt(meta.getData().getOrDefault(CHUNKS_KEY, "0"));
            planWritten = meta.getData().containsKey(PLAN_KEY);
            if (chunksRecorded > 0) {
                chunkIndex = chunksRecorded;
                ConfigMap last = client.configMaps()
                        .inNamespace(namespace)
                        .withName(chunkName(runId, chunkIndex))
                        .get();
                chunk = new StringBuilder(
                        last == null || last.getData() == null
                                ? ""
                                : last.getData().getOrDefault(JOURNAL_KEY, ""));
            }
        }
        writer = Thread.ofVirtual().name("drctl-journal-mirror").start(this::loop);
    }

    void plan(String text) {
        planText = text;
        synchronized (written) {
            pending++;
        }
        queue.add(""); // wakes the writer; an empty entry carries no line
    }

    void line(String line) {
        line(line, "");
    }

    /** A line with the journal's head after it, kept with the lines so a restore can tell a copy cut short. */
    void line(String line, String head) {
        synchronized (written) {
            pending++;
        }
        queue.add(head + HEAD_SEPARATOR + line + "\n");
    }

    private void loop() {
        List<String> batch = new ArrayList<>();
        while (!stopped || !queue.isEmpty()) {
            try {
                String first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                if (!stopped) {
                    // Lines come in bursts (a step's start, checks, progress): a moment's wait turns a
                    // burst into one write instead of one per line; the mirror only lags by it.
                    Thread.sleep(COALESCE.toMillis());
                }
                queue.drainTo(batch);
                writeBatch(batch);
                synchronized (written) {
                    pending -= batch.size();
                    written.notifyAll();
                }
                batch.clear();
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
            } catch (RuntimeException e) {
                // the state site did not take it: keep the batch and try again shortly
                requeueFirst(batch);
                batch.clear();
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException ie) {
                    if (stopped) {
                        return;
                    }
                }
            }
        }
    }

    private void requeueFirst(List<String> batch) {
        List<String> rest = new ArrayList<>();
        queue.drainTo(rest);
        queue.addAll(batch);
        queue.addAll(rest);
    }

    private void writeBatch(List<String> batch) {
        StringBuilder next = new StringBuilder(chunk);
        int index = chunkIndex;
        List<Map.Entry<Integer, String>> toWrite = new ArrayList<>();
        String head = "";
        for (String entry : batch) {
            if (entry.isEmpty()) {
                continue;
            }
            int cut = entry.indexOf(HEAD_SEPARATOR);
            head = cut > 0 ? entry.substring(0, cut) : head;
            String line = entry.substring(cut + 1);
            if (next.length() > 0 && utf8(next) + utf8(line) > CHUNK_LIMIT) {
                toWrite.add(Map.entry(index, next.toString()));
                index++;
                next = new StringBuilder();
            }
            next.append(line);
        }
        if (next.length() > 0) {
            toWrite.add(Map.entry(index, next.toString()));
        }
        for (int i = 0; i < toWrite.size(); i++) {
            Map.Entry<Integer, String> c = toWrite.get(i);
            boolean last = i == toWrite.size() - 1;
            // The last chunk carries the head of its last line: written together, never apart.
            put(
                    chunkName(runId, c.getKey()),
                    last && !head.isEmpty()
                            ? Map.of(JOURNAL_KEY, c.getValue(), HEAD_KEY, head)
                            : Map.of(JOURNAL_KEY, c.getValue()));
        }
        int chunks = next.length() > 0 ? index : Math.max(chunksRecorded, index - 1);
        if (chunks != chunksRecorded || (!planWritten && planText != null)) {
            Map<String, String> data = new LinkedHashMap<>();
            data.put(CHUNKS_KEY, String.valueOf(chunks));
            if (planText != null) {
                data.put(PLAN_KEY, planText);
            } else {
                ConfigMap meta = client.configMaps()
                        .inNamespace(namespace)
                        .withName(metaName(runId))
                        .get();
                if (meta != null && meta.getData() != null && meta.getData().get(PLAN_KEY) != null) {
                    data.put(PLAN_KEY, meta.getData().get(PLAN_KEY));
                }
            }
            put(metaName(runId), data);
            chunksRecorded = chunks;
            planWritten = data.containsKey(PLAN_KEY);
        }
        chunk = next;
        chunkIndex = index;
    }

    private static int utf8(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Creates the ConfigMap, or replaces its data once this mirror knows it exists: one request
     * per write instead of a refused create followed by an update.
     */
    private void put(String name, Map<String, String> data) {
        ConfigMap cm = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "drctl")
                .addToLabels("drctl.io/plan", plan)
                .addToLabels("drctl.io/run", runId)
                .endMetadata()
                .withData(data)
                .build();
        var resource = client.configMaps().inNamespace(namespace).resource(cm);
        if (existing.contains(name)) {
            try {
                resource.patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        KubernetesJson.tree(Map.of("data", data)).toString());
            } catch (RuntimeException e) {
                existing.remove(name); // deleted behind the mirror's back, or unknown: the retry creates it again
                throw e;
            }
        } else {
            resource.createOr(already -> already.update());
            existing.add(name);
        }
    }

    /** Waits until everything queued is written, at most {@code limit}; true when it all went. */
    boolean flush(Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        synchronized (written) {
            while (pending > 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    written.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        stopped = true;
        if (writer != null) {
            writer.interrupt();
        }
    }

    /** A mirrored run: its journal lines, frozen plan, and the head kept with the last chunk (empty when none). */
    record Mirrored(String journal, String plan, Optional<String> head) {}

    /** The mirrored journal (lines with their newlines), frozen plan and head of {@code runId}, if the state site has them. */
    static Optional<Mirrored> read(KubernetesClient client, String namespace, String runId) {
        ConfigMap meta = client.configMaps()
                .inNamespace(namespace)
                .withName(metaName(runId))
                .get();
        if (meta == null || meta.getData() == null) {
            return Optional.empty();
        }
        int chunks = Integer.parseInt(meta.getData().getOrDefault(CHUNKS_KEY, "0"));
        StringBuilder journal = new StringBuilder();
        Optional<String> head = Optional.empty();
        for (int i = 1; i <= chunks; i++) {
            ConfigMap c = client.configMaps()
                    .inNamespace(namespace)
                    .withName(chunkName(runId, i))
                    .get();
            if (c == null || c.getData() == null) {
                throw new IllegalStateException("chunk " + chunkName(runId, i) + " of the mirrored journal is missing");
            }
            journal.append(c.getData().getOrDefault(JOURNAL_KEY, ""));
            head = Optional.ofNullable(c.getData().get(HEAD_KEY));
        }
        return Optional.of(new Mirrored(journal.toString(), meta.getData().getOrDefault(PLAN_KEY, ""), head));
    }
}
