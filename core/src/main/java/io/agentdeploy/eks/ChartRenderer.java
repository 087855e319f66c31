package io.agentdeploy.eks;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.agentdeploy.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Renders a Helm chart with the real Helm engine (helm-java, Helm 3 in-process) as {@code helm
 * template} does. The step then applies, watches and rolls back the rendered objects itself; Helm is
 * only the renderer, so no Helm release is stored in the cluster. The chart's {@code lookup} calls
 * are resolved against the deployment's cluster first ({@link ChartLookups}).
 */
final class ChartRenderer {

    /**
     * helm-java downloads its native library from a Maven repository at run time when it is not on
     * the class path. The library ships with this engine, so that fallback (network access and
     * unsigned native code) is switched off.
     */
    static final String SKIP_REMOTE_JAR = "com.marcnuri.jkube-helm.skipRemoteJar";

    /** The rendered YAML and the lookup calls of the templates. */
    record Rendered(String yaml, List<ChartLookups.Lookup> lookups) {
    }

    private ChartRenderer() {
    }

    /**
     * Renders the chart folder as release {@code release} in {@code namespace}.
     *
     * @param resolver reads the objects that lookup calls ask for, or {@code null} without a cluster
     * @throws InvalidInputException when the chart is missing, Helm cannot render it, or the Helm engine cannot load
     */
    static Rendered render(Path chart, Path valuesFile, Map<String, String> overrides, String release, String namespace,
            ChartLookups.Resolver resolver) {
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new InvalidInputException("chart", chart.toString(), "it is not a chart folder (no Chart.yaml).",
                    "Pass the folder that holds Chart.yaml; unpack a packaged chart first (helm pull --untar).");
        }
        System.setProperty(SKIP_REMOTE_JAR, "true");
        try (ChartLookups.Resolved resolved = ChartLookups.resolve(chart, namespace, resolver)) {
            TemplateCommand template = new Helm(resolved.chart()).template().withName(release).withNamespace(namespace);
            if (valuesFile != null) {
                template.withValuesFile(valuesFile);
            }
            overrides.forEach(template::set);
            return new Rendered(template.call(), resolved.lookups());
        } catch (IllegalStateException e) {
            throw new InvalidInputException("chart", chart.toString(), "Helm could not render it: "
                    + e.getMessage().replace(System.getProperty("java.io.tmpdir"), "<tmp>"),
                    "Fix the chart or its values; helm template shows the same error.");
        } catch (LinkageError | UnsupportedOperationException e) {
            throw new InvalidInputException("chart", chart.toString(), "the Helm engine could not be loaded on this"
                    + " platform: " + e, "Use manifest files or the built-in manifests here, or run on linux-amd64.");
        }
    }
}
