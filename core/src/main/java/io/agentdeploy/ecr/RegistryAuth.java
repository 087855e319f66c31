package io.agentdeploy.ecr;

import java.util.Optional;

/** The login to one registry: the credentials in use, and how to get new ones when the registry rejects them. */
interface RegistryAuth {

    /** The credentials to send now. */
    RegistryCredentials current();

    /**
     * Gets new credentials after the registry rejected the current ones (an ECR token expires after
     * 12 hours, possibly in the middle of a long push).
     *
     * @return the new credentials, or empty when these credentials cannot be renewed
     */
    Optional<RegistryCredentials> renew();

    /** A fixed user name and password, as for a registry that is not ECR. */
    static RegistryAuth fixed(RegistryCredentials credentials) {
        return new RegistryAuth() {
            @Override
            public RegistryCredentials current() {
                return credentials;
            }

            @Override
            public Optional<RegistryCredentials> renew() {
                return Optional.empty();
            }
        };
    }
}
