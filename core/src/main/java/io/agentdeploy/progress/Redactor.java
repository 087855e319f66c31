package io.agentdeploy.progress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The set of secret values known to one deployment, and the filter that replaces them with
 * {@value #MASK} in any text before it reaches a listener, a record or an exception message.
 *
 * <p>Secrets are registered as soon as they are read (registry passwords, tokens, secret
 * environment values, AWS keys) so that even a library's error text that echoes one is masked.
 * Besides the value itself, its encoded forms are masked: escaped inside a JSON string (also with
 * {@code \}{@code uXXXX} escapes for non-ASCII characters), URL-encoded, and in base64, also where
 * it is part of longer base64 data such as {@code user:password}.
 */
public final class Redactor {

    public static final String MASK = "****";

    /**
     * Values shorter than this are not masked: masking "a" or "1" would garble every message, and a
     * value that short protects nothing.
     */
    private static final int MIN_SECRET_LENGTH = 4;

    private final Set<String> secrets = new HashSet<>();
    private volatile List<String> forms = List.of();

    /** Registers a secret value and its encoded forms. {@code null}, blank and very short values are ignored. */
    public synchronized void register(String secret) {
        if (secret == null || secret.isBlank() || secret.length() < MIN_SECRET_LENGTH || secrets.contains(secret)) {
            return;
        }
        secrets.add(secret);
        Set<String> all = new LinkedHashSet<>(forms);
        all.addAll(SecretForms.of(secret));
        List<String> ordered = new ArrayList<>(all);
        // Longest first, so a form that contains another is masked whole.
        ordered.sort(Comparator.comparingInt(String::length).reversed());
        forms = List.copyOf(ordered);
    }

    /** Returns the text with every registered secret, in each of its forms, replaced by {@value #MASK}. */
    public String redact(String text) {
        List<String> current = forms;
        if (text == null || current.isEmpty()) {
            return text;
        }
        String result = text;
        for (String form : current) {
            result = result.replace(form, MASK);
        }
        return result;
    }

    /** Wraps a listener so that every message passes through {@link #redact(String)} first. */
    public ProgressListener wrap(ProgressListener listener) {
        Objects.requireNonNull(listener, "listener");
        return (level, message) -> listener.event(level, redact(message));
    }
}
