package io.agentdeploy.ecr;

import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import io.agentdeploy.error.DeploymentCancelledException;
import io.agentdeploy.progress.Redactor;
import java.io.IOException;
import java.util.List;

/**
 * Translates docker-java failures into {@link EcrException}s that name the daemon, the repository
 * and what to do, with every registered secret masked.
 */
final class DockerErrors {

    private final String region;
    private final String repository;
    private final String dockerHost;
    private final Redactor redactor;
    private final java.time.Duration responseTimeout;

    DockerErrors(String region, String repository, String dockerHost, Redactor redactor) {
        this(region, repository, dockerHost, redactor, null);
    }

    /** @param responseTimeout the clients' response timeout, named when the daemon stops answering */
    DockerErrors(String region, String repository, String dockerHost, Redactor redactor,
            java.time.Duration responseTimeout) {
        this.region = region;
        this.repository = repository;
        this.dockerHost = dockerHost;
        this.redactor = redactor;
        this.responseTimeout = responseTimeout;
    }

    String dockerHost() {
        return dockerHost;
    }

    /** @param failed what failed, as the start of a sentence, for example "The image build could not run" */
    EcrException translate(RuntimeException e, String failed) {
        if (hasCause(e, java.net.SocketTimeoutException.class)) {
            String limit = responseTimeout == null ? "the response timeout"
                    : responseTimeout.toSeconds() + " s";
            return exception(failed + ": the Docker daemon at " + dockerHost + " stopped answering (nothing came"
                    + " back within " + limit + "). Check that the daemon is running and responsive"
                    + " (docker info), then run again; a build step that prints nothing for longer needs a higher "
                    + DockerClientFactory.TIMEOUT_VARIABLE + ".", "DAEMON_TIMEOUT", e);
        }
        if (hasCause(e, IOException.class)) {
            return exception(failed + ": the Docker daemon at " + dockerHost + " could not be reached ("
                    + rootMessage(e) + "). Start Docker, or set DOCKER_HOST to the daemon's address.", null, e);
        }
        if (e instanceof DockerException docker) {
            return exception(failed + ": the Docker daemon returned HTTP " + docker.getHttpStatus() + " ("
                    + firstLine(docker.getMessage()) + ").", "HTTP_" + docker.getHttpStatus(), e);
        }
        if (e instanceof DockerClientException) {
            return exception(failed + ": " + firstLine(e.getMessage()) + ". Check the build context and its"
                    + " .dockerignore file.", null, e);
        }
        return exception(failed + ": " + e + ".", null, e);
    }

    ImageBuildException buildFailed(String message, String step, List<String> outputTail) {
        return new ImageBuildException(redactor.redact(message), region, repository, step,
                outputTail.stream().map(redactor::redact).toList(), null);
    }

    EcrException exception(String message, String errorCode, Throwable cause) {
        return new EcrException(redactor.redact(message), region, repository, errorCode, cause);
    }

    DeploymentCancelledException interrupted(String activity) {
        return DeploymentCancelledException.interrupted(activity);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String firstLine(String text) {
        return text == null ? "no message" : text.lines().findFirst().orElse("").strip();
    }
}
