package io.agentdeploy.eks;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The step's own revision history: one Secret per deployment attempt, named
 * {@code agent-deploy.<deployment>.v<N>} and labelled like Helm's release storage ({@code owner},
 * {@code name}, {@code status}, {@code version}), holding the exact objects applied, gzipped. A
 * Secret rather than a ConfigMap, because the objects may carry environment values.
 *
 * <p>A record is written {@code pending} before the rollout is watched, so it survives a restart of
 * the process, then marked {@code deployed} or {@code failed}. Rollback re-applies the newest
 * {@code deployed} record. No record ever blocks a later run (Helm's {@code pending-upgrade} lock
 * is a known trap), and at most {@value #KEEP} records are kept per deployment.
 */
final class RevisionHistory {

    static final String OWNER = "agent-deploy";
    static final int KEEP = 10;
    static final String TYPE = "agent-deploy.io/release.v1";
    static final String IMAGE_ANNOTATION = "agent-deploy.io/image";
    static final String CREATED_ANNOTATION = "agent-deploy.io/created";
    static final String CONTENT_ANNOTATION = "agent-deploy.io/content-hash";

    /** Status label values. */
    static final String PENDING = "pending";
    static final String DEPLOYED = "deployed";
    static final String SUPERSEDED = "superseded";
    static final String FAILED = "failed";
    static final String ROLLED_BACK = "rolled-back";

    /** One stored attempt, without its objects (read them with {@link #objects(Record)}). */
    record Record(int version, String status, String image, String contentHash, List<String> created, Secret secret) {
    }

    private final KubernetesClient client;
    private final KubernetesErrors errors;
    private final String namespace;
    private final String deployment;

    RevisionHistory(KubernetesClient client, KubernetesErrors errors, String namespace, String deployment) {
        this.client = client;
        this.errors = errors;
        this.namespace = namespace;
        this.deployment = deployment;
    }

    /** Returns every record of the deployment, newest first. */
    List<Record> list() {
        List<Secret> secrets = errors.call(call("list", null, "reading the revision history of '" + deployment + "'"),
                () -> client.secrets().inNamespace(namespace)
                        .withLabels(Map.of("owner", OWNER, "name", deployment)).list().getItems());
        return secrets.stream().map(RevisionHistory::record).filter(r -> r.version() > 0)
                .sorted(Comparator.comparingInt(Record::version).reversed()).toList();
    }

    /** Returns the newest record with status {@code deployed}: the last good state. */
    Optional<Record> lastDeployed() {
        return list().stream().filter(r -> DEPLOYED.equals(r.status())).findFirst();
    }

    Optional<Record> find(int version) {
        return list().stream().filter(r -> r.version() == version).findFirst();
    }

    /** Writes a new record with the next version and status {@code pending}; returns its version. */
    int add(List<HasMetadata> objects, String image, String contentHash, List<String> created, List<Record> existing) {
        int version = existing.stream().mapToInt(Record::version).max().orElse(0) + 1;
        String json = client.getKubernetesSerialization().asJson(new KubernetesListBuilder().withItems(objects).build());
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                    .withName(secretName(version))
                    .withNamespace(namespace)
                    .addToLabels("owner", OWNER)
                    .addToLabels("name", deployment)
                    .addToLabels("status", PENDING)
                    .addToLabels("version", Integer.toString(version))
                    .addToAnnotations(IMAGE_ANNOTATION, image)
                    .addToAnnotations(CONTENT_ANNOTATION, contentHash)
                    .addToAnnotations(CREATED_ANNOTATION, String.join(",", created))
                .endMetadata()
                .withType(TYPE)
                .addToData("manifests", Base64.getEncoder().encodeToString(gzip(json)))
                .build();
        errors.call(call("create", secret.getMetadata().getName(), "recording revision " + version + " of '" + deployment + "'"),
                () -> client.secrets().inNamespace(namespace).resource(secret).create());
        prune(existing);
        return version;
    }

    /** Sets a record's status label; a conflict (the record changed meanwhile) is retried once. */
    void mark(int version, String status) {
        String patch = "{\"metadata\":{\"labels\":{\"status\":\"" + status + "\"}}}";
        KubernetesErrors.Call call = call("patch", secretName(version), "marking revision " + version + " of '"
                + deployment + "' " + status);
        try {
            client.secrets().inNamespace(namespace).withName(secretName(version)).patch(PatchContext.of(PatchType.JSON_MERGE),
                    patch);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw errors.translate(call, e);
            }
            // The label patch sets one value whatever the record holds, so repeating it is safe.
            errors.call(call, () -> client.secrets().inNamespace(namespace).withName(secretName(version))
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
        }
    }

    /** Reads the objects a record holds, in apply order. */
    List<HasMetadata> objects(Record record) {
        byte[] compressed = Base64.getDecoder().decode(record.secret().getData().get("manifests"));
        return ManifestFiles.parse(new String(gunzip(compressed), StandardCharsets.UTF_8), record.secret().getMetadata().getName());
    }

    /** Deletes the oldest records beyond {@value #KEEP}, counting the one just added. */
    private void prune(List<Record> existing) {
        for (Record old : existing.stream().skip(KEEP - 1L).toList()) {
            try {
                client.secrets().inNamespace(namespace).withName(old.secret().getMetadata().getName()).delete();
            } catch (KubernetesClientException e) {
                // An old record that stays is harmless; the next run tries again.
            }
        }
    }

    String secretName(int version) {
        return "agent-deploy." + deployment + ".v" + version;
    }

    private KubernetesErrors.Call call(String verb, String name, String activity) {
        return new KubernetesErrors.Call(verb, "secrets", namespace, name, activity);
    }

    private static Record record(Secret secret) {
        Map<String, String> labels = secret.getMetadata().getLabels();
        Map<String, String> annotations = secret.getMetadata().getAnnotations() == null ? Map.of()
                : secret.getMetadata().getAnnotations();
        int version;
        try {
            version = Integer.parseInt(labels.getOrDefault("version", "0"));
        } catch (NumberFormatException e) {
            version = 0;
        }
        String created = annotations.getOrDefault(CREATED_ANNOTATION, "");
        return new Record(version, labels.get("status"), annotations.get(IMAGE_ANNOTATION), annotations.get(CONTENT_ANNOTATION),
                created.isEmpty() ? List.of() : Arrays.asList(created.split(",")), secret);
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] gunzip(byte[] compressed) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("A revision record is not gzip data", e);
        }
    }
}
