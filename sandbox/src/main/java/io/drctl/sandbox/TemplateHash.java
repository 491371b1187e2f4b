package io.drctl.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/**
 * A short, stable hash of a pod template, as the real controllers name template revisions
 * ({@code pod-template-hash}, {@code controller-revision-hash}): the same template always gives
 * the same value, a changed one another. Empty and absent fields hash alike, as they do once an
 * API server has stored them ({@code omitempty}): a template whose only annotation was removed
 * again is the template it was before. Not the same digits as Kubernetes (that hashes Go's
 * object dump); drctl only compares them.
 */
final class TemplateHash {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private TemplateHash() {}

    static String of(PodTemplateSpec template) {
        try {
            return hash(template);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a pod template that does not serialize: " + e.getMessage(), e);
        }
    }

    private static String hash(PodTemplateSpec template) throws JsonProcessingException {
        JsonNode tree = JSON.readTree(Serialization.asJson(template));
        long h = 1125899906842597L;
        for (char c : JSON.writeValueAsString(withoutEmpty(tree)).toCharArray()) {
            h = 31 * h + c;
        }
        StringBuilder out = new StringBuilder();
        long v = h & Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            out.append(ALPHABET.charAt((int) (v % ALPHABET.length())));
            v /= ALPHABET.length();
        }
        return out.toString();
    }

    /** The tree without nulls and empty objects or arrays, at any depth. */
    private static JsonNode withoutEmpty(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<String> empty = new ArrayList<>();
            object.properties().forEach(e -> {
                JsonNode value = withoutEmpty(e.getValue());
                object.set(e.getKey(), value);
                if (value.isNull() || (value.isContainerNode() && value.isEmpty())) {
                    empty.add(e.getKey());
                }
            });
            object.remove(empty);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((ArrayNode) node).set(i, withoutEmpty(node.get(i)));
            }
        }
        return node;
    }
}
