package io.agentdeploy.ecr;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.agentdeploy.error.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Creates docker-java clients for one Docker daemon, with the Apache HttpClient 5 transport. The
 * configuration is explicit: the daemon address and TLS settings come from the given environment
 * ({@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY}, {@code DOCKER_CERT_PATH}) or the default Unix
 * socket, and no {@code ~/.docker/config.json} or {@code docker-java.properties} is read, so
 * registry credentials come only from the push itself.
 */
public final class DockerClientFactory {

    public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

    private final URI dockerHost;
    private final boolean tlsVerify;
    private final String certPath;

    private DockerClientFactory(URI dockerHost, boolean tlsVerify, String certPath) {
        this.dockerHost = dockerHost;
        this.tlsVerify = tlsVerify;
        this.certPath = certPath;
    }

    /**
     * Reads {@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY} and {@code DOCKER_CERT_PATH} from the
     * environment; without {@code DOCKER_HOST} the daemon is at {@value #DEFAULT_DOCKER_HOST}.
     *
     * @throws InvalidInputException when DOCKER_HOST is not a unix, tcp or npipe URL, or TLS is
     *     requested without a certificate directory
     */
    public static DockerClientFactory fromEnvironment(Map<String, String> environment) {
        String host = environment.get("DOCKER_HOST");
        String verify = environment.get("DOCKER_TLS_VERIFY");
        boolean tls = verify != null && (verify.equals("1") || verify.equalsIgnoreCase("true"));
        String certPath = environment.get("DOCKER_CERT_PATH");
        if (tls && (certPath == null || certPath.isBlank())) {
            throw new InvalidInputException("DOCKER_CERT_PATH", null,
                    "DOCKER_TLS_VERIFY is set, so a directory with ca.pem, cert.pem and key.pem is required.",
                    "Set DOCKER_CERT_PATH, or unset DOCKER_TLS_VERIFY.");
        }
        return new DockerClientFactory(parseHost(host == null || host.isBlank() ? DEFAULT_DOCKER_HOST : host.trim()),
                tls, certPath);
    }

    /** A factory for the daemon at {@code dockerHost}, for example {@code unix:///var/run/docker.sock}, without TLS. */
    public static DockerClientFactory forHost(String dockerHost) {
        return new DockerClientFactory(parseHost(dockerHost), false, null);
    }

    /** The daemon address. */
    public URI dockerHost() {
        return dockerHost;
    }

    /** Creates a client; the caller closes it. */
    public DockerClient create() {
        DefaultDockerClientConfig.Builder config = new DefaultDockerClientConfig.Builder()
                .withDockerHost(dockerHost.toString())
                .withDockerTlsVerify(tlsVerify);
        if (tlsVerify) {
            config.withDockerCertPath(certPath);
        }
        DefaultDockerClientConfig built = config.build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(built.getDockerHost())
                .sslConfig(built.getSSLConfig())
                .maxConnections(16)
                .connectionTimeout(Duration.ofSeconds(30))
                .build();
        return DockerClientImpl.getInstance(built, http);
    }

    private static URI parseHost(String host) {
        URI uri;
        try {
            uri = URI.create(host);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        String scheme = uri == null ? null : uri.getScheme();
        if (scheme == null || !(scheme.equals("unix") || scheme.equals("tcp") || scheme.equals("npipe"))) {
            throw new InvalidInputException("DOCKER_HOST", host,
                    "the Docker daemon address is a unix://, tcp:// or npipe:// URL.",
                    "Use for example 'unix:///var/run/docker.sock' or 'tcp://127.0.0.1:2375'.");
        }
        return uri;
    }

    @Override
    public String toString() {
        return "DockerClientFactory{" + dockerHost + (tlsVerify ? ", tls" : "") + "}";
    }
}
