package io.agentdeploy.eks;

import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Resolves a chart's {@code lookup} calls against the deployment's cluster before Helm renders it.
 *
 * <p>Why: helm-java's template command resolves {@code lookup} with Helm's default client
 * configuration ({@code KUBECONFIG}, else {@code ~/.kube/config}, else the pod's service account,
 * as read by its Go runtime when the library loads), and offers no way to pass the deployment's
 * cluster. Left alone, a lookup would read whatever cluster the machine points at, or fail. So the
 * chart is copied to a private folder and every {@code lookup "v1" "ConfigMap" NAMESPACE "name"}
 * whose arguments are literals (the namespace may be {@code .Release.Namespace}) is replaced by the
 * object read here through the step's own client, as {@code (fromJson "…")}; an object that does
 * not exist becomes an empty map, as {@code lookup} returns. A call with other arguments becomes an
 * empty map and is reported as unresolved. No {@code lookup} reaches Helm.
 */
final class ChartLookups {

    private static final Pattern LOOKUP = Pattern.compile(
            "\\blookup\\s+(\"[^\"]*\"|[^\\s)}]+)\\s+(\"[^\"]*\"|[^\\s)}]+)\\s+(\"[^\"]*\"|[^\\s)}]+)\\s+(\"[^\"]*\"|[^\\s)}]+)");
    private static final Pattern ANY_LOOKUP = Pattern.compile("\\{\\{[^}]*\\blookup\\b");

    /** Reads one object from the cluster as JSON: empty when it does not exist. */
    @FunctionalInterface
    interface Resolver {
        Optional<String> read(String apiVersion, String kind, String namespace, String name);
    }

    /** One {@code lookup} call: its place, the object it requests, and whether it was resolved from the cluster. */
    record Lookup(String file, int line, String apiVersion, String kind, String namespace, String name, boolean resolved) {

        /** {@code templates/_helpers.tpl:13 (lookup v1 ConfigMap .Release.Namespace agentic-platform-config)}. */
        String describe() {
            return file + ":" + line + " (lookup " + apiVersion + " " + kind + " " + namespace + " " + name + ")";
        }
    }

    /** The copied chart and its lookup calls. */
    record Resolved(Path chart, List<Lookup> lookups) implements AutoCloseable {

        @Override
        public void close() {
            try (Stream<Path> files = Files.walk(chart.getParent())) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A leftover temporary folder does no harm.
            }
        }
    }

    private ChartLookups() {
    }

    /**
     * Copies the chart folder and resolves its lookups.
     *
     * @param resolver reads objects from the cluster, or {@code null} when there is no cluster
     * @param namespace the release namespace, for {@code .Release.Namespace}
     */
    static Resolved resolve(Path chart, String namespace, Resolver resolver) {
        try {
            Path directory = Files.createTempDirectory("agent-deploy-chart",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            Path copy = directory.resolve(chart.getFileName().toString());
            List<Lookup> lookups = new ArrayList<>();
            try (Stream<Path> files = Files.walk(chart)) {
                for (Path source : files.sorted().toList()) {
                    Path target = copy.resolve(chart.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else if (isTemplate(chart.relativize(source))) {
                        Files.writeString(target, rewrite(chart.relativize(source).toString(), Files.readString(source),
                                namespace, resolver, lookups));
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
            return new Resolved(copy, lookups);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy chart " + chart, e);
        }
    }

    private static String rewrite(String file, String text, String namespace, Resolver resolver, List<Lookup> lookups) {
        Matcher matcher = LOOKUP.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            int line = (int) text.substring(0, matcher.start()).chars().filter(c -> c == '\n').count() + 1;
            String apiVersion = literal(matcher.group(1));
            String kind = literal(matcher.group(2));
            String objectNamespace = matcher.group(3).matches("\\$?\\.Release\\.Namespace") ? namespace : literal(matcher.group(3));
            String name = literal(matcher.group(4));
            boolean resolvable = resolver != null && apiVersion != null && kind != null && objectNamespace != null
                    && name != null && !name.isEmpty();
            String replacement = "(dict)";
            if (resolvable) {
                replacement = "(fromJson \"" + escape(resolver.read(apiVersion, kind, objectNamespace, name).orElse("{}")) + "\")";
            }
            lookups.add(new Lookup(file, line, unquote(matcher.group(1)), unquote(matcher.group(2)), unquote(matcher.group(3)),
                    unquote(matcher.group(4)), resolvable));
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        if (ANY_LOOKUP.matcher(result).find()) {
            throw new InvalidInputException("chart", file, "it calls lookup in a form the step cannot resolve (four"
                    + " arguments on one line are needed).", "Write lookup \"v1\" \"ConfigMap\" .Release.Namespace \"name\".");
        }
        return result.toString();
    }

    private static boolean isTemplate(Path relative) {
        String name = relative.getFileName().toString();
        return relative.toString().contains("templates") && (name.endsWith(".yaml") || name.endsWith(".yml")
                || name.endsWith(".tpl") || name.endsWith(".txt"));
    }

    /** Returns a quoted literal's text, or {@code null} for an expression. */
    private static String literal(String argument) {
        return argument.length() >= 2 && argument.startsWith("\"") && argument.endsWith("\"")
                ? argument.substring(1, argument.length() - 1) : null;
    }

    private static String unquote(String argument) {
        String literal = literal(argument);
        return literal != null ? literal : argument;
    }

    /** Escapes text for a Go template string literal. */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t");
    }
}
