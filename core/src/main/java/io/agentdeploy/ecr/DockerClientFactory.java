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
 *
 * <p>A daemon that sends nothing for the response timeout ({@value #TIMEOUT_VARIABLE}, default
 * {@link #DEFAULT_RESPONSE_TIMEOUT}) is treated as hung: the call fails instead of waiting forever.
 * Builds and pushes stream output while they work, so only a daemon that stopped answering, or a
 * build step that prints nothing for that long, reaches it.
 */
public final class DockerClientFactory {

    public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
    /** Environment variable with the response timeout, such as {@code 90s}, {@code 10m} or {@code 1h}. */
    public static final String TIMEOUT_VARIABLE = "AGENT_DEPLOY_DOCKER_TIMEOUT";
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMinutes(10);

    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("(\\d{1,6})([smh])");

    private final URI dockerHost;
    private final boolean tlsVerify;
    private final String certPath;
    private final Duration responseTimeout;

    private DockerClientFactory(URI dockerHost, boolean tlsVerify, String certPath, Duration responseTimeout) {
        this.dockerHost = dockerHost;
        this.tlsVerify = tlsVerify;
        this.certPath = certPath;
        this.responseTimeout = responseTimeout;
    }

    /**
     * Reads {@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY}, {@code DOCKER_CERT_PATH} and
     * {@value #TIMEOUT_VARIABLE} from the environment; without {@code DOCKER_HOST} the daemon is at
     * {@value #DEFAULT_DOCKER_HOST}.
     *
     * @throws InvalidInputException when DOCKER_HOST is not a unix, tcp or npipe URL, TLS is
     *     requested without a certificate directory, or the timeout is not a duration
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
                tls, certPath, parseTimeout(environment.get(TIMEOUT_VARIABLE)));
    }

    /** A factory for the daemon at {@code dockerHost}, for example {@code unix:///var/run/docker.sock}, without TLS. */
    public static DockerClientFactory forHost(String dockerHost) {
        return new DockerClientFactory(parseHost(dockerHost), false, null, DEFAULT_RESPONSE_TIMEOUT);
    }

    /** A copy whose clients give up on a daemon that sends nothing for {@code timeout}. */
    public DockerClientFactory withResponseTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The Docker response timeout must be positive, not " + timeout);
        }
        return new DockerClientFactory(dockerHost, tlsVerify, certPath, timeout);
    }

    /** The daemon address. */
    public URI dockerHost() {
        return dockerHost;
    }

    /** How long a client waits for the daemon to send anything before the call fails. */
    public Duration responseTimeout() {
        return responseTimeout;
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
                // Without it a hung daemon blocks a build or push for good; it bounds silence, not the whole call.
                .responseTimeout(responseTimeout)
                .build();
        return DockerClientImpl.getInstance(built, http);
    }

    private static Duration parseTimeout(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_RESPONSE_TIMEOUT;
        }
        java.util.regex.Matcher matcher = DURATION.matcher(value.trim());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new InvalidInputException(TIMEOUT_VARIABLE, value, "the Docker response timeout is a positive whole"
                    + " number of seconds, minutes or hours, such as 90s, 10m or 1h.",
                    "Fix or unset " + TIMEOUT_VARIABLE + ".");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
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
        return "DockerClientFactory{" + dockerHost + (tlsVerify ? ", tls" : "") + ", timeout " + responseTimeout + "}";
    }
}
