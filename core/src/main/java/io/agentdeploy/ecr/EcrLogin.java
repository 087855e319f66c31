package io.agentdeploy.ecr;

import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/**
 * The login to an ECR registry from GetAuthorizationToken, renewed by calling it again. The token
 * and the password decoded from it are registered with the {@link Redactor} as soon as they arrive.
 */
final class EcrLogin implements RegistryAuth {

    private final EcrClient ecr;
    private final EcrApiErrors errors;
    private final ProgressListener listener;
    private final Redactor redactor;
    private final String registryId;
    private final String repository;
    private volatile RegistryCredentials credentials;

    /**
     * Logs in at once.
     *
     * @param registryId the registry (account) to log in to, or {@code null} for the caller's own
     * @param repository the repository the login is for, for messages
     */
    EcrLogin(EcrClient ecr, EcrApiErrors errors, ProgressListener listener, Redactor redactor, String registryId,
            String repository) {
        this.ecr = ecr;
        this.errors = errors;
        this.listener = listener;
        this.redactor = redactor;
        this.registryId = registryId;
        this.repository = repository;
        this.credentials = login();
        listener.lifecycle("Logged in to registry " + credentials.host() + " as " + credentials.username()
                + (credentials.expiresAt() == null ? "" : " (valid until " + credentials.expiresAt() + ")") + ".");
    }

    @Override
    public RegistryCredentials current() {
        return credentials;
    }

    @Override
    public synchronized Optional<RegistryCredentials> renew() {
        RegistryCredentials rejected = credentials;
        credentials = login();
        listener.lifecycle("Logged in to registry " + credentials.host() + " again: the registry rejected the login"
                + (rejected.expiresAt() == null ? "" : " valid until " + rejected.expiresAt())
                + " (GetAuthorizationToken).");
        return Optional.of(credentials);
    }

    private RegistryCredentials login() {
        AuthorizationData data;
        try {
            data = ecr.getAuthorizationToken(r -> {
                if (registryId != null) {
                    r.registryIds(registryId);
                }
            }).authorizationData().stream().findFirst().orElse(null);
        } catch (SdkException e) {
            throw errors.translate(e, "The registry login for ECR repository '" + repository
                    + "' could not be obtained", "GetAuthorizationToken", repository);
        }
        if (data == null) {
            throw errors.exception("GetAuthorizationToken returned no authorization data for registry "
                    + (registryId == null ? "of the caller" : registryId) + " in " + errors.region()
                    + ". Check the registry id and retry.", repository, null);
        }
        // The token is base64 of AWS:<password>; both forms are secrets.
        redactor.register(data.authorizationToken());
        RegistryCredentials login;
        try {
            login = RegistryCredentials.fromAuthorizationToken(data.authorizationToken(), data.proxyEndpoint(),
                    data.expiresAt());
        } catch (IllegalArgumentException e) {
            throw errors.exception("GetAuthorizationToken returned an unusable login: " + e.getMessage()
                    + ". Check the ECR endpoint (AWS_ENDPOINT_URL_ECR) and retry.", repository, null);
        }
        redactor.register(login.password());
        return login;
    }
}
