package io.agentdeploy.progress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The set of secret values known to one deployment, and the filter that replaces them with
 * {@value #MASK} in any text before it reaches a listener, a record or an exception message.
 *
 * <p>Secrets are registered as soon as they are read (registry passwords, tokens, secret
 * environment values, AWS keys) so that even a library's error text that echoes one is masked.
 */
public final class Redactor {

    public static final String MASK = "****";

    /** Values shorter than this are not masked: masking "a" or "1" would garble every message. */
    private static final int MIN_SECRET_LENGTH = 4;

    private final List<String> secrets = new CopyOnWriteArrayList<>();

    /** Registers a secret value; {@code null}, blank and very short values are ignored. */
    public void register(String secret) {
        if (secret == null || secret.isBlank() || secret.length() < MIN_SECRET_LENGTH) {
            return;
        }
        if (!secrets.contains(secret)) {
            secrets.add(secret);
        }
    }

    /** Returns the text with every registered secret replaced by {@value #MASK}. */
    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        // Longest first, so a secret that contains another is masked whole.
        List<String> ordered = new ArrayList<>(secrets);
        ordered.sort(Comparator.comparingInt(String::length).reversed());
        String result = text;
        for (String secret : ordered) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    /** Wraps a listener so that every message passes through {@link #redact(String)} first. */
    public ProgressListener wrap(ProgressListener listener) {
        Objects.requireNonNull(listener, "listener");
        return (level, message) -> listener.event(level, redact(message));
    }
}
