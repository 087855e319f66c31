package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.testkit.ecr.EcrScans;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The scan gate against the ECR double's scans: findings, unsupported images, scans that never end. */
public class ScanGateIT extends PushTestBase {

    @Test
    public void findingsAtThresholdFailAndHoldBackTags() {
        String agent = agentName();
        stack.ecr().scans().plant(repositoryOf(agent), List.of(
                new EcrScans.Finding("CVE-2026-0003", "LOW", "zlib", "1.2.13"),
                new EcrScans.Finding("CVE-2026-0001", "CRITICAL", "openssl", "3.0.2"),
                new EcrScans.Finding("CVE-2026-0002", "HIGH", "busybox", "1.35.0")));
        EcrPushRequest request = busyboxRequest(agent).tags(List.of("41", "latest")).failOnSeverity(Severity.HIGH)
                .build();

        assertThatThrownBy(() -> service.push(request))
                .isInstanceOfSatisfying(ScanGateException.class, e -> {
                    assertThat(e.scanStatus()).isEqualTo("COMPLETE");
                    assertThat(e.findings()).containsEntry("CRITICAL", 1).containsEntry("HIGH", 1)
                            .containsEntry("LOW", 1);
                    assertThat(e.topFindings()).containsExactly("CRITICAL CVE-2026-0001 in openssl 3.0.2",
                            "HIGH CVE-2026-0002 in busybox 1.35.0", "LOW CVE-2026-0003 in zlib 1.2.13");
                })
                .hasMessageMatching("The scan of " + repositoryOf(agent) + "@sha256:[0-9a-f]{12}… found 1 CRITICAL,"
                        + " 1 HIGH findings at or above the gate's HIGH: CRITICAL CVE-2026-0001 in openssl 3\\.0\\.2;"
                        + " HIGH CVE-2026-0002 in busybox 1\\.35\\.0; LOW CVE-2026-0003 in zlib 1\\.2\\.13\\. The push"
                        + " fails; the image is tagged 41 only, and latest was not applied\\. Fix the findings \\(update"
                        + " the base image or the affected packages\\), or raise failOnSeverity\\.");
        assertThat(stack.imageLookup().digestOfTag(repositoryOf(agent), "41")).isPresent();
        assertThat(stack.imageLookup().digestOfTag(repositoryOf(agent), "latest")).isEmpty();
    }

    @Test
    public void findingsBelowThresholdPassAndTagsFollowInSecondPhase() {
        String agent = agentName();
        stack.ecr().scans().plant(repositoryOf(agent), List.of(
                new EcrScans.Finding("CVE-2026-0100", "MEDIUM", "musl", "1.2.3")));
        EcrPushRequest request = busyboxRequest(agent).tags(List.of("42", "latest")).failOnSeverity(Severity.HIGH)
                .build();

        EcrPushedImage pushed = service.pushImage(request);
        Map<String, Object> stored = new LinkedHashMap<>(pushed.toMap());
        EcrPushResult result = service.completePush(request, EcrPushedImage.fromMap(stored));

        assertThat(pushed.pendingTags()).containsExactly("latest");
        assertThat(result.scanStatus()).isEqualTo("COMPLETE");
        assertThat(result.scanFindings()).containsExactly(Map.entry("CRITICAL", 0), Map.entry("HIGH", 0),
                Map.entry("MEDIUM", 1), Map.entry("LOW", 0), Map.entry("INFORMATIONAL", 0));
        assertThat(result.topFindings()).containsExactly("MEDIUM CVE-2026-0100 in musl 1.2.3");
        assertThat(result.tags()).containsExactly("42", "latest");
        assertThat(stack.imageLookup().digestOfTag(repositoryOf(agent), "latest")).contains(result.imageDigest());
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).contains("Tagged "
                + ImageDigests.shortForm(result.imageDigest()) + " as latest after the scan gate passed.");
    }

    @Test
    public void unsupportedScanWarnsByDefault() {
        String agent = agentName();
        stack.ecr().scans().outcome(repositoryOf(agent), EcrScans.Outcome.UNSUPPORTED_IMAGE);

        EcrPushResult result = service.push(busyboxRequest(agent).tags(List.of("u")).failOnSeverity(Severity.LOW)
                .build());

        assertThat(result.scanStatus()).isEqualTo("UNSUPPORTED_IMAGE");
        assertThat(result.scanFindings()).isEmpty();
        assertThat(listener.messages(ProgressLevel.WARNING)).contains("The scan of " + repositoryOf(agent) + "@"
                + ImageDigests.shortForm(result.imageDigest()) + " gave no findings: UNSUPPORTED_IMAGE"
                + " (UnsupportedImageError: The operating system and/or package manager are not supported.). The gate"
                + " (failOnSeverity LOW) lets the image through because scanUnavailable is WARN.");
    }

    @Test
    public void unsupportedScanFailsWhenAskedTo() {
        String agent = agentName();
        stack.ecr().scans().outcome(repositoryOf(agent), EcrScans.Outcome.UNSUPPORTED_IMAGE);
        EcrPushRequest request = busyboxRequest(agent).tags(List.of("u")).failOnSeverity(Severity.LOW)
                .scanUnavailable(ScanUnavailablePolicy.FAIL).build();

        assertThatThrownBy(() -> service.push(request))
                .isInstanceOfSatisfying(ScanGateException.class, e -> assertThat(e.scanStatus())
                        .isEqualTo("UNSUPPORTED_IMAGE"))
                .hasMessageEndingWith("gave no findings: UNSUPPORTED_IMAGE (UnsupportedImageError: The operating"
                        + " system and/or package manager are not supported.). The gate (failOnSeverity LOW) cannot"
                        + " vouch for the image and scanUnavailable is FAIL, so the push fails. Scan the image another"
                        + " way, or set scanUnavailable to WARN.");
    }

    @Test
    public void scanThatNeverCompletesTimesOut() {
        String agent = agentName();
        stack.ecr().scans().outcome(repositoryOf(agent), EcrScans.Outcome.NEVER_COMPLETE);
        EcrPushRequest request = busyboxRequest(agent).tags(List.of("t", "latest")).failOnSeverity(Severity.CRITICAL)
                .scanUnavailable(ScanUnavailablePolicy.FAIL).scanTimeout(Duration.ofSeconds(2)).build();

        assertThatThrownBy(() -> service.push(request))
                .isInstanceOfSatisfying(ScanGateException.class, e -> assertThat(e.scanStatus()).isEqualTo("TIMED_OUT"))
                .hasMessageContaining("gave no findings: TIMED_OUT (the scan was still IN_PROGRESS after 2s (scanTimeout"
                        + " 2s)). The gate (failOnSeverity CRITICAL) cannot vouch for the image and scanUnavailable is"
                        + " FAIL, so the push fails; the image is tagged t only, and latest was not applied.");
        assertThat(listener.messages(ProgressLevel.PROGRESS)).anyMatch(line -> line.startsWith("Waiting for the scan of "
                + repositoryOf(agent) + "@sha256:") && line.contains("(IN_PROGRESS, "));
    }

    @Test
    public void gateStartsScanWhenRepositoryDoesNotScanOnPush() {
        String agent = agentName();

        EcrPushResult result = service.push(busyboxRequest(agent).tags(List.of("s")).scanOnPush(false)
                .failOnSeverity(Severity.HIGH).build());

        assertThat(stack.callLog().calls("ecr", "StartImageScan")).hasSize(1);
        assertThat(result.scanStatus()).isEqualTo("COMPLETE");
        assertThat(result.summary()).endsWith("; scan: no findings)");
    }
}
