package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.Test;

public class DockerClientFactoryTest {

    @Test
    public void defaultsToUnixSocket() {
        DockerClientFactory factory = DockerClientFactory.fromEnvironment(Map.of());

        assertThat(factory.dockerHost()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
    }

    @Test
    public void readsDockerHost() {
        DockerClientFactory factory = DockerClientFactory.fromEnvironment(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"));

        assertThat(factory.dockerHost()).isEqualTo(URI.create("tcp://127.0.0.1:2375"));
    }

    @Test
    public void rejectsOtherSchemes() {
        assertThatThrownBy(() -> DockerClientFactory.fromEnvironment(Map.of("DOCKER_HOST", "ssh://user@host")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid DOCKER_HOST 'ssh://user@host': the Docker daemon address is a unix://, tcp:// or"
                        + " npipe:// URL. Use for example 'unix:///var/run/docker.sock' or 'tcp://127.0.0.1:2375'.");
    }

    @Test
    public void responseTimeoutDefaultsToTenMinutes() {
        assertThat(DockerClientFactory.fromEnvironment(Map.of()).responseTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(DockerClientFactory.fromEnvironment(Map.of("AGENT_DEPLOY_DOCKER_TIMEOUT", "90s")).responseTimeout())
                .isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    public void rejectsResponseTimeoutThatIsNoDuration() {
        assertThatThrownBy(() -> DockerClientFactory.fromEnvironment(Map.of("AGENT_DEPLOY_DOCKER_TIMEOUT", "0m")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid AGENT_DEPLOY_DOCKER_TIMEOUT '0m': the Docker response timeout is a positive whole"
                        + " number of seconds, minutes or hours, such as 90s, 10m or 1h. Fix or unset"
                        + " AGENT_DEPLOY_DOCKER_TIMEOUT.");
    }

    @Test
    public void tlsNeedsCertificates() {
        assertThatThrownBy(() -> DockerClientFactory.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "1")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid DOCKER_CERT_PATH: DOCKER_TLS_VERIFY is set, so a directory with ca.pem, cert.pem"
                        + " and key.pem is required. Set DOCKER_CERT_PATH, or unset DOCKER_TLS_VERIFY.");
    }
}
