package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.testkit.registry.RegistryGateway;
import io.agentdeploy.testkit.registry.RegistryTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** Pushing to a registry that is not ECR, with a user name and password. */
public class PlainRegistryIT extends PushTestBase {

    private static final String PASSWORD = "dev-registry-password-1";
    private static RegistryGateway plain;

    @BeforeClass
    public static void startPlainRegistry() {
        RegistryTokens tokens = new RegistryTokens();
        tokens.allow("developer", PASSWORD);
        plain = new RegistryGateway(stack.registry().endpoint(), tokens, stack.callLog(), stack.faults()).start();
    }

    @AfterClass
    public static void stopPlainRegistry() {
        if (plain != null) {
            DockerTestSupport.removeImagesOf(docker, plain.host());
            plain.close();
        }
    }

    @Test
    public void pushWithLoginSkipsEcrFeatures() {
        String agent = agentName();
        EcrPushService withoutAws = new EcrPushService(null, docker, listener, redactor);

        EcrPushResult result = withoutAws.push(busyboxRequest(agent).registry(plain.host())
                .registryLogin("developer", PASSWORD).tags(List.of("dev")).failOnSeverity(Severity.HIGH).build());

        assertThat(result.repositoryUri()).isEqualTo(plain.host() + "/" + repositoryOf(agent));
        assertThat(result.registryId()).isNull();
        assertThat(result.scanStatus()).isEqualTo("NOT_SCANNED");
        assertThat(stack.registryClient().digest(repositoryOf(agent), "dev")).contains(result.imageDigest());
        assertThat(result.notes()).containsExactly("Registry " + plain.host() + " is not Amazon ECR: repository"
                + " settings, the scan gate and replication are skipped.");
        assertThat(stack.callLog().calls().stream().filter(c -> c.service().equals("ecr"))).isEmpty();
        assertThat(listener.text() + result.toMap()).doesNotContain(PASSWORD);
        assertThat(redactor.redact(Base64.getEncoder().encodeToString(("developer:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8)))).isEqualTo(Redactor.MASK);
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).contains("Pushing to registry " + plain.host()
                + " (not Amazon ECR) as developer.");
    }

    @Test
    public void wrongPasswordIsRejectedClearly() {
        EcrPushService withoutAws = new EcrPushService(null, docker, listener, redactor);
        EcrPushRequest request = busyboxRequest(agentName()).registry(plain.host())
                .registryLogin("developer", "wrong-password").tags(List.of("x")).build();

        assertThatThrownBy(() -> withoutAws.push(request))
                .isInstanceOfSatisfying(EcrException.class, e -> assertThat(e.errorCode()).isEqualTo("HTTP_401"))
                .hasMessageStartingWith("The registry " + plain.host() + " rejected the login of developer on GET /v2/")
                .hasMessageEndingWith("Check that the credentials may read and write the repository.")
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    public void missingLoginIsNamed() {
        EcrPushService withoutAws = new EcrPushService(null, docker, listener, redactor);
        String repository = repositoryOf(agentName());
        EcrPushRequest request = busyboxRequest(agentName()).repository(repository).registry(plain.host())
                .tags(List.of("anon")).build();

        assertThatThrownBy(() -> withoutAws.push(request))
                .isInstanceOfSatisfying(EcrException.class, e -> assertThat(e.errorCode()).isEqualTo("HTTP_401"))
                .hasMessageStartingWith("The registry " + plain.host() + " requires a login, and none was given, on GET"
                        + " /v2/" + repository + "/manifests/anon with HTTP 401")
                .hasMessageEndingWith(". Set the registry user name and password.");
    }

    @Test
    public void missingRepositoryFailsWithoutRetry() {
        // The ECR stack's registry, addressed as a plain registry, rejects pushes to repositories ECR lacks.
        String password = stack.gateway().tokens().issue(Duration.ofHours(1)).password();
        String repository = repositoryOf(agentName());
        EcrPushService withoutAws = new EcrPushService(null, docker, listener, redactor);
        EcrPushRequest request = busyboxRequest(agentName()).repository(repository).registry(stack.registryHost())
                .registryLogin("AWS", password).tags(List.of("nu")).build();

        assertThatThrownBy(() -> withoutAws.push(request))
                .isInstanceOfSatisfying(EcrException.class, e -> assertThat(e.errorCode()).isEqualTo("NAME_UNKNOWN"))
                .hasMessage("The push of '" + stack.registryHost() + "/" + repository + ":nu' failed: name unknown: The"
                        + " repository with name '" + repository + "' does not exist in the registry with id '"
                        + stack.accountId() + "'. Registry error NAME_UNKNOWN: the registry has no repository '"
                        + repository + "', and a retry would not create it. For Amazon ECR it was deleted during the"
                        + " push: push again, which creates it. For another registry, create the repository (or the"
                        + " project it belongs to) there, or set the repository to one that exists.");
        assertThat(listener.messages(ProgressLevel.WARNING)).noneMatch(line -> line.startsWith("Retrying"));
    }
}
