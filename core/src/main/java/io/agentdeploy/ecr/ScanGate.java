package io.agentdeploy.ecr;

import io.agentdeploy.progress.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Attribute;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsResponse;
import software.amazon.awssdk.services.ecr.model.EnhancedImageScanFinding;
import software.amazon.awssdk.services.ecr.model.ImageScanFinding;
import software.amazon.awssdk.services.ecr.model.LimitExceededException;
import software.amazon.awssdk.services.ecr.model.ScanNotFoundException;
import software.amazon.awssdk.services.ecr.model.UnsupportedImageTypeException;

/**
 * Waits for the ECR scans of pushed images and judges their findings. It polls
 * DescribeImageScanFindings itself rather than using the SDK's waiter, because the waiter only
 * knows COMPLETE and FAILED and would wait out its whole budget on UNSUPPORTED_IMAGE, on enhanced
 * scanning's ACTIVE, or on a scan that never started.
 */
final class ScanGate {

    /** ECR statuses with findings: basic scans end COMPLETE, enhanced (Inspector) scans stay ACTIVE. */
    private static final Set<String> WITH_FINDINGS = Set.of("COMPLETE", "ACTIVE");
    private static final Set<String> WAITING = Set.of("IN_PROGRESS", "PENDING");
    private static final List<Duration> POLLS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(3), Duration.ofSeconds(5));
    static final int TOP_FINDINGS = 5;
    static final String TIMED_OUT = "TIMED_OUT";

    /**
     * The scan of one image.
     *
     * @param status ECR's status, or {@value #TIMED_OUT}
     * @param description ECR's description of the status, or what the gate saw
     * @param counts findings by severity
     * @param findings the findings of the first page, most severe first
     */
    record ImageScan(String status, String description, Map<String, Integer> counts, List<Finding> findings) {
    }

    /** One finding, for the top list. */
    record Finding(String severity, String name, String packageName, String packageVersion) {

        String line(String platform) {
            String where = packageName == null ? "" : " in " + packageName
                    + (packageVersion == null ? "" : " " + packageVersion);
            return severity + " " + name + where + (platform == null ? "" : " (" + platform + ")");
        }
    }

    private final EcrClient ecr;
    private final EcrApiErrors errors;
    private final ProgressListener listener;
    private final Clock clock;

    ScanGate(EcrClient ecr, EcrApiErrors errors, ProgressListener listener, Clock clock) {
        this.ecr = ecr;
        this.errors = errors;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * Waits until the image's scan has findings, reaches an end without them, or the deadline passes.
     *
     * @param startScan whether to start the scan when none exists (the repository does not scan on push)
     */
    ImageScan await(String repository, String registryId, String digest, Instant deadline, Duration limit,
            boolean startScan) {
        boolean started = false;
        int poll = 0;
        Instant begin = clock.instant();
        String lastStatus = "PENDING";
        while (true) {
            DescribeImageScanFindingsResponse response = describe(repository, registryId, digest);
            if (response == null && startScan && !started) {
                started = true;
                ImageScan refused = start(repository, registryId, digest);
                if (refused != null) {
                    return refused;
                }
                continue;
            }
            String status = response == null ? "PENDING" : response.imageScanStatus().statusAsString();
            String description = response == null ? "no scan has been registered yet"
                    : response.imageScanStatus().description();
            if (WITH_FINDINGS.contains(status)) {
                return findings(status, description, response);
            }
            if (!WAITING.contains(status)) {
                return new ImageScan(status, description == null ? status : description, Map.of(), List.of());
            }
            lastStatus = status;
            Duration waited = Duration.between(begin, clock.instant());
            if (!clock.instant().isBefore(deadline)) {
                return new ImageScan(TIMED_OUT, "the scan was still " + lastStatus + " after "
                        + format(waited) + " (scanTimeout " + format(limit) + ")", Map.of(), List.of());
            }
            listener.progress("Waiting for the scan of " + repository + "@" + ImageDigests.shortForm(digest) + " ("
                    + status + ", " + format(waited) + " of " + format(limit) + ")");
            Duration pause = POLLS.get(Math.min(poll++, POLLS.size() - 1));
            Duration left = Duration.between(clock.instant(), deadline);
            sleep(left.compareTo(pause) < 0 ? left : pause);
        }
    }

    private DescribeImageScanFindingsResponse describe(String repository, String registryId, String digest) {
        try {
            return ecr.describeImageScanFindings(r -> r.repositoryName(repository).registryId(registryId)
                    .imageId(id -> id.imageDigest(digest)).maxResults(100));
        } catch (ScanNotFoundException e) {
            return null;
        } catch (SdkException e) {
            throw errors.translate(e, "The scan findings of " + repository + "@" + ImageDigests.shortForm(digest)
                    + " could not be read", "DescribeImageScanFindings", repository);
        }
    }

    /** Starts a scan; returns the scan's end when ECR refuses to scan this image, else {@code null}. */
    private ImageScan start(String repository, String registryId, String digest) {
        try {
            ecr.startImageScan(r -> r.repositoryName(repository).registryId(registryId)
                    .imageId(id -> id.imageDigest(digest)));
            listener.lifecycle("Started a scan of " + repository + "@" + ImageDigests.shortForm(digest)
                    + " (the repository does not scan on push).");
            return null;
        } catch (UnsupportedImageTypeException e) {
            return new ImageScan("UNSUPPORTED_IMAGE", e.awsErrorDetails().errorMessage(), Map.of(), List.of());
        } catch (LimitExceededException e) {
            // Scanned within the last 24 hours already; its findings are read next.
            return null;
        } catch (SdkException e) {
            throw errors.translate(e, "The scan of " + repository + "@" + ImageDigests.shortForm(digest)
                    + " could not be started", "StartImageScan", repository);
        }
    }

    private static ImageScan findings(String status, String description, DescribeImageScanFindingsResponse response) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>();
        if (response.imageScanFindings() != null) {
            response.imageScanFindings().findingSeverityCountsAsStrings().forEach(counts::put);
            for (ImageScanFinding finding : response.imageScanFindings().findings()) {
                findings.add(new Finding(finding.severityAsString(), finding.name(),
                        attribute(finding.attributes(), "package_name"),
                        attribute(finding.attributes(), "package_version")));
            }
            for (EnhancedImageScanFinding finding : response.imageScanFindings().enhancedFindings()) {
                var details = finding.packageVulnerabilityDetails();
                String name = details != null && details.vulnerabilityId() != null ? details.vulnerabilityId()
                        : finding.title();
                var packages = details == null ? List.<software.amazon.awssdk.services.ecr.model.VulnerablePackage>of()
                        : details.vulnerablePackages();
                findings.add(new Finding(finding.severity(), name, packages.isEmpty() ? null : packages.get(0).name(),
                        packages.isEmpty() ? null : packages.get(0).version()));
            }
        }
        findings.sort(Comparator.comparingInt((Finding f) -> rank(f.severity())).reversed()
                .thenComparing(Finding::name, Comparator.nullsLast(Comparator.naturalOrder())));
        return new ImageScan(status, description, counts, findings);
    }

    static int rank(String severity) {
        Severity parsed = Severity.fromEcr(severity);
        return parsed == null ? 0 : parsed.ordinal();
    }

    private static String attribute(List<Attribute> attributes, String key) {
        return attributes.stream().filter(a -> key.equals(a.key())).map(Attribute::value).findFirst().orElse(null);
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            throw io.agentdeploy.error.DeploymentCancelledException.interrupted("waiting for the image scan");
        }
    }

    static String format(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
    }
}
