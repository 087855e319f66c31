package io.agentdeploy.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Searches outputs for planted secret values. Tests plant recognizable secrets (AWS keys, registry
 * passwords and tokens, kubeconfig tokens, secret environment values), run the product, hand every
 * output to {@link #scan(String, String)} or {@link #scanTree(Path)}, and expect no
 * {@link #findings()}.
 *
 * <p>Each secret is searched as given and in the encodings an output could carry it in by accident:
 * Base64 (standard and URL-safe, as in an authorization header or a Kubernetes Secret) and
 * JSON-escaped. A finding names the secret and the output, never the value.
 */
public final class SecretScanner {

    /** One secret found in one output. */
    public record Finding(String secret, String output, String form) {

        @Override
        public String toString() {
            return "secret '" + secret + "' in " + output + " (" + form + ")";
        }
    }

    /** Values shorter than this would match by chance; the product's redactor ignores them too. */
    private static final int MIN_LENGTH = 8;

    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> scanned = new ArrayList<>();

    /**
     * Plants a secret to search for.
     *
     * @param name what the secret is, for the findings, for example "AWS secret access key"
     * @param value the value; must be at least {@value #MIN_LENGTH} characters
     */
    public synchronized SecretScanner plant(String name, String value) {
        if (value == null || value.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("The secret '" + name + "' is missing or shorter than " + MIN_LENGTH
                    + " characters, so it cannot be searched for reliably.");
        }
        secrets.put(name, value);
        return this;
    }

    /** Returns the planted secrets' names. */
    public synchronized List<String> planted() {
        return List.copyOf(secrets.keySet());
    }

    /** Searches one output, for example a process's standard error; {@code null} counts as empty. */
    public synchronized SecretScanner scan(String output, String text) {
        scanned.add(output);
        if (text == null) {
            return this;
        }
        secrets.forEach((name, value) -> forms(value).forEach((form, encoded) -> {
            if (text.contains(encoded)) {
                findings.add(new Finding(name, output, form));
            }
        }));
        return this;
    }

    /** Searches a file, or every regular file below a folder, as text. */
    public SecretScanner scanTree(Path root) {
        if (!Files.exists(root)) {
            return this;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                scan(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not scan " + root, e);
        }
        return this;
    }

    /** Everything found so far. */
    public synchronized List<Finding> findings() {
        return List.copyOf(findings);
    }

    /** Returns the names of the outputs scanned so far, in order. */
    public synchronized List<String> scanned() {
        return List.copyOf(scanned);
    }

    private static Map<String, String> forms(String value) {
        Map<String, String> forms = new LinkedHashMap<>();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        forms.put("as is", value);
        String standard = Base64.getEncoder().withoutPadding().encodeToString(bytes);
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        forms.put("Base64", standard);
        if (!urlSafe.equals(standard)) {
            forms.put("URL-safe Base64", urlSafe);
        }
        String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/");
        if (!escaped.equals(value)) {
            forms.put("JSON-escaped", escaped);
        }
        return forms;
    }
}
