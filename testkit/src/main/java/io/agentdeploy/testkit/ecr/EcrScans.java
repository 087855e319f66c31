package io.agentdeploy.testkit.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.Json;
import io.agentdeploy.testkit.registry.RegistryClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Basic image scans of one registry: StartImageScan and DescribeImageScanFindings with ECR's
 * statuses. A scan starts when an image is pushed into a scan-on-push repository or on
 * StartImageScan, is {@code IN_PROGRESS} for {@link #duration(Duration)}, then {@code COMPLETE}
 * with the findings a test planted for the repository. Test hooks make scans of a repository
 * {@code UNSUPPORTED_IMAGE}, {@code FAILED} or never complete.
 */
public final class EcrScans {

    /** How scans of a repository end. */
    public enum Outcome {
        /** {@code COMPLETE} with the planted findings (none unless planted). */
        COMPLETE,
        /** {@code UNSUPPORTED_IMAGE}, as for an operating system the basic scanner does not know. */
        UNSUPPORTED_IMAGE,
        /** {@code FAILED} with a description. */
        FAILED,
        /** {@code IN_PROGRESS} forever. */
        NEVER_COMPLETE
    }

    /**
     * A finding to report, in the basic scanner's form.
     *
     * @param name the vulnerability id, for example {@code CVE-2024-0001}
     * @param severity INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL or UNDEFINED
     * @param packageName the affected package
     * @param packageVersion its version
     */
    public record Finding(String name, String severity, String packageName, String packageVersion) {
    }

    private static final int MAX_RESULTS = 1000;

    private final EcrRegistry registry;
    private final Map<String, Instant> started = new ConcurrentHashMap<>();
    private final Map<String, List<Finding>> planted = new ConcurrentHashMap<>();
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private volatile Duration duration = Duration.ofMillis(800);
    private volatile Clock clock = Clock.systemUTC();

    EcrScans(EcrRegistry registry) {
        this.registry = registry;
    }

    /** How long a scan stays IN_PROGRESS; 0.8 seconds unless set (ECR takes about a minute). */
    public void duration(Duration value) {
        this.duration = value;
    }

    /** Makes every scan of the repository report these findings. */
    public void plant(String repository, List<Finding> findings) {
        planted.put(repository, List.copyOf(findings));
    }

    /** Makes every scan of the repository end this way. */
    public void outcome(String repository, Outcome outcome) {
        outcomes.put(repository, outcome);
    }

    /** Whether a scan of the image was started. */
    public boolean started(String repository, String digest) {
        return started.containsKey(key(repository, digest));
    }

    void reset() {
        started.clear();
        planted.clear();
        outcomes.clear();
    }

    void start(String repository, String digest) {
        started.putIfAbsent(key(repository, digest), clock.instant());
    }

    ObjectNode startImageScan(EcrRepository repository, JsonNode input) {
        RegistryClient.Manifest manifest = image(repository, input);
        if (manifest.isIndex()) {
            throw new AwsError(400, "UnsupportedImageTypeException", "The image is of a type that cannot be scanned.");
        }
        if (started.putIfAbsent(key(repository.name(), manifest.digest()), clock.instant()) != null) {
            // ECR allows one basic scan per image every 24 hours.
            throw new AwsError(400, "LimitExceededException", "The scan quota per image has been exceeded. Wait"
                    + " and try again.");
        }
        ObjectNode output = Json.object().put("registryId", registry.accountId())
                .put("repositoryName", repository.name());
        output.putObject("imageId").put("imageDigest", manifest.digest());
        output.putObject("imageScanStatus").put("status", "IN_PROGRESS");
        return output;
    }

    ObjectNode describeImageScanFindings(EcrRepository repository, JsonNode input) {
        RegistryClient.Manifest manifest = image(repository, input);
        ObjectNode output = Json.object().put("registryId", registry.accountId())
                .put("repositoryName", repository.name());
        ObjectNode imageId = output.putObject("imageId").put("imageDigest", manifest.digest());
        if (input.path("imageId").has("imageTag")) {
            imageId.put("imageTag", input.path("imageId").path("imageTag").asText());
        }
        Instant start = started.get(key(repository.name(), manifest.digest()));
        if (manifest.isIndex()) {
            output.putObject("imageScanStatus").put("status", "UNSUPPORTED_IMAGE")
                    .put("description", "The operation is not supported for this image.");
            return output;
        }
        if (start == null) {
            throw new AwsError(400, "ScanNotFoundException", "Image scan does not exist for the image with '{imageDigest:"
                    + manifest.digest() + "}' in the repository with name '" + repository.name()
                    + "' in the registry with id '" + registry.accountId() + "'");
        }
        Outcome outcome = outcomes.getOrDefault(repository.name(), Outcome.COMPLETE);
        boolean done = !clock.instant().isBefore(start.plus(duration));
        if (outcome == Outcome.NEVER_COMPLETE || !done) {
            output.putObject("imageScanStatus").put("status", "IN_PROGRESS");
            return output;
        }
        if (outcome == Outcome.UNSUPPORTED_IMAGE) {
            output.putObject("imageScanStatus").put("status", "UNSUPPORTED_IMAGE")
                    .put("description", "UnsupportedImageError: The operating system and/or package manager are not"
                            + " supported.");
            return output;
        }
        if (outcome == Outcome.FAILED) {
            output.putObject("imageScanStatus").put("status", "FAILED")
                    .put("description", "Injected scan failure.");
            return output;
        }
        output.putObject("imageScanStatus").put("status", "COMPLETE")
                .put("description", "The scan was completed successfully.");
        findings(output, repository.name(), start, input);
        return output;
    }

    private void findings(ObjectNode output, String repository, Instant start, JsonNode input) {
        List<Finding> all = planted.getOrDefault(repository, List.of());
        int maxResults = input.path("maxResults").asInt(100);
        if (maxResults < 1 || maxResults > MAX_RESULTS) {
            throw EcrDouble.invalidParameter("maxResults", "Member must have value between 1 and " + MAX_RESULTS);
        }
        int offset = input.has("nextToken") ? Integer.parseInt(input.path("nextToken").asText()) : 0;
        ObjectNode findings = output.putObject("imageScanFindings")
                .put("imageScanCompletedAt", EcrDouble.epochSeconds(start.plus(duration)))
                .put("vulnerabilitySourceUpdatedAt", EcrDouble.epochSeconds(start));
        Map<String, Integer> counts = new LinkedHashMap<>();
        all.forEach(finding -> counts.merge(finding.severity(), 1, Integer::sum));
        ObjectNode countNode = findings.putObject("findingSeverityCounts");
        counts.forEach(countNode::put);
        ArrayNode list = findings.putArray("findings");
        List<Finding> page = new ArrayList<>(all.subList(Math.min(offset, all.size()),
                Math.min(offset + maxResults, all.size())));
        for (Finding finding : page) {
            ObjectNode node = list.addObject().put("name", finding.name())
                    .put("description", "Planted finding " + finding.name())
                    .put("uri", "https://security-tracker.example/" + finding.name())
                    .put("severity", finding.severity());
            ArrayNode attributes = node.putArray("attributes");
            attributes.addObject().put("key", "package_name").put("value", finding.packageName());
            attributes.addObject().put("key", "package_version").put("value", finding.packageVersion());
        }
        if (offset + maxResults < all.size()) {
            output.put("nextToken", Integer.toString(offset + maxResults));
        }
    }

    private RegistryClient.Manifest image(EcrRepository repository, JsonNode input) {
        JsonNode id = input.path("imageId");
        String reference = id.has("imageDigest") ? id.path("imageDigest").asText() : id.path("imageTag").asText(null);
        if (reference == null) {
            throw EcrDouble.invalidParameter("imageId", "an image id needs imageDigest or imageTag");
        }
        Optional<RegistryClient.Manifest> manifest = registry.client().manifest(repository.name(), reference);
        return manifest.orElseThrow(() -> new AwsError(400, "ImageNotFoundException", "The image with imageId {"
                + id + "} does not exist within the repository with name '" + repository.name()
                + "' in the registry with id '" + registry.accountId() + "'"));
    }

    private static String key(String repository, String digest) {
        return repository + "@" + digest;
    }
}
