package io.agentdeploy.ecr;

import java.util.List;

/**
 * Where a push goes: an ECR repository as the reconciler left it, or a repository in another
 * registry, with the login to use.
 *
 * @param ecr whether the registry is ECR
 * @param uri the repository URI, {@code <registry host>/<name>}
 * @param registryId the ECR account, or {@code null}
 * @param region the AWS region, or {@code null}
 * @param created whether the repository was created now
 * @param scanOnPush whether the repository scans on push
 * @param immutable whether the repository refuses to move tags (unknown, so false, outside ECR)
 * @param changes settings created or changed
 * @param notes settings that differ and could not be changed
 * @param auth the registry login
 */
record PushDestination(boolean ecr, String uri, String registryId, String region, boolean created,
        boolean scanOnPush, boolean immutable, List<String> changes, List<String> notes, RegistryAuth auth) {

    static PushDestination ecr(RepositoryReconciler.Ensured repository, RegistryAuth auth, String region) {
        return new PushDestination(true, repository.uri(), repository.registryId(), region, repository.created(),
                repository.scanOnPush(), repository.tagMutability() == TagMutability.IMMUTABLE, repository.changes(),
                repository.notes(), auth);
    }

    static PushDestination plain(RegistryCredentials login, String repository) {
        return new PushDestination(false, login.host() + "/" + repository, null, null, false, false, false,
                List.of(), List.of(), RegistryAuth.fixed(login));
    }
}
