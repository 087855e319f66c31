package io.agentdeploy.eks;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders a Helm chart with the real Helm engine (helm-java, Helm 3 in-process) as {@code helm
 * template} does. The step then applies, watches and rolls back the rendered objects itself; Helm is
 * only the renderer, so no Helm release is stored in the cluster.
 *
 * <p>helm-java 0.0.21's template command is client-only: it has no kubeconfig and no server-side
 * dry-run, so the chart's {@code lookup} calls return empty maps. This class finds those calls in
 * the templates so that the caller can say which ones it filled in from the cluster and which it
 * could not resolve.
 */
final class ChartRenderer {

    /**
     * helm-java downloads its native library from a Maven repository at run time when it is not on
     * the class path. The library ships with this engine, so that fallback (network access and
     * unsigned native code) is switched off.
     */
    static final String SKIP_REMOTE_JAR = "com.marcnuri.jkube-helm.skipRemoteJar";

    /** {@code lookup "v1" "ConfigMap" .Release.Namespace "agentic-platform-config"}, with any argument forms. */
    private static final Pattern LOOKUP = Pattern.compile(
            "lookup\\s+(\"[^\"]*\"|\\S+)\\s+(\"[^\"]*\"|\\S+)\\s+(\"[^\"]*\"|\\S+)\\s+(\"[^\"]*\"|[^\\s)}]+)");

    /** One {@code lookup} call in a template: where it is and what it asks for. */
    record Lookup(String file, int line, String apiVersion, String kind, String namespace, String name) {

        /** {@code templates/_helpers.tpl:3 (lookup v1 ConfigMap .Release.Namespace agentic-platform-config)}. */
        String describe() {
            return file + ":" + line + " (lookup " + apiVersion + " " + kind + " " + namespace + " " + name + ")";
        }
    }

    /** The rendered YAML and the lookup calls of the templates. */
    record Rendered(String yaml, List<Lookup> lookups) {
    }

    private ChartRenderer() {
    }

    /**
     * Renders the chart as release {@code release} in {@code namespace}.
     *
     * @throws InvalidInputException when the chart is missing, Helm cannot render it, or the Helm engine cannot load
     */
    static Rendered render(Path chart, Path valuesFile, Map<String, String> overrides, String release, String namespace) {
        if (!Files.isDirectory(chart) && !(Files.isRegularFile(chart) && chart.toString().endsWith(".tgz"))) {
            throw new InvalidInputException("chart", chart.toString(), "it is neither a chart folder nor a packaged .tgz"
                    + " chart.", "Pass the folder that holds Chart.yaml, or a .tgz from helm package.");
        }
        System.setProperty(SKIP_REMOTE_JAR, "true");
        String yaml;
        try {
            TemplateCommand template = Files.isDirectory(chart) ? new Helm(chart).template()
                    : Helm.template(chart.toAbsolutePath().toString());
            template.withName(release).withNamespace(namespace);
            if (valuesFile != null) {
                template.withValuesFile(valuesFile);
            }
            overrides.forEach(template::set);
            yaml = template.call();
        } catch (IllegalStateException e) {
            throw new InvalidInputException("chart", chart.toString(), "Helm could not render it: " + e.getMessage(),
                    "Fix the chart or its values; helm template shows the same error.");
        } catch (LinkageError | UnsupportedOperationException e) {
            throw new InvalidInputException("chart", chart.toString(), "the Helm engine could not be loaded on this"
                    + " platform: " + e, "Use manifest files or the built-in manifests here, or run on linux-amd64.");
        }
        return new Rendered(yaml, Files.isDirectory(chart) ? lookups(chart) : List.of());
    }

    /** Finds the {@code lookup} calls in the chart's templates (and its sub-charts'), in file order. */
    static List<Lookup> lookups(Path chart) {
        List<Lookup> lookups = new ArrayList<>();
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path file : files.filter(Files::isRegularFile).filter(ChartRenderer::isTemplate).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher matcher = LOOKUP.matcher(lines.get(i));
                    while (matcher.find()) {
                        lookups.add(new Lookup(chart.relativize(file).toString(), i + 1, unquote(matcher.group(1)),
                                unquote(matcher.group(2)), unquote(matcher.group(3)), unquote(matcher.group(4))));
                    }
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("chart", chart.toString(), "its templates could not be read: " + e.getMessage(),
                    "Check the chart's files and permissions.");
        }
        return lookups;
    }

    private static boolean isTemplate(Path file) {
        String name = file.getFileName().toString();
        return file.toString().contains("templates") && (name.endsWith(".yaml") || name.endsWith(".yml")
                || name.endsWith(".tpl") || name.endsWith(".txt"));
    }

    private static String unquote(String text) {
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
    }
}
