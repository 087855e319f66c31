package io.agentdeploy.agentcore;

import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.progress.SecretNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.AgentRuntime;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeResponse;

/**
 * Deploys an agent image to Bedrock AgentCore Runtime. It creates the runtime or updates it when
 * the image or configuration differs, and waits until the new version is READY. Then it points the
 * staging and production endpoints at it and smoke-tests it, and it rolls the endpoints back when
 * any of that fails. A rerun with unchanged inputs makes no mutating call.
 *
 * <p>The work runs in two phases so that a caller can persist the state in between and survive a
 * restart: {@link #begin} makes the create or update call and returns an {@link AgentCoreBegun};
 * {@link #complete} waits and finishes. {@link #deploy} runs both. {@link #rollback} restores the
 * endpoints of a finished deployment, for an orchestrator whose later layer failed.
 *
 * <p>Environment values, plain or secret, are sent to AgentCore but never reported; values of
 * secret variables and of plain variables whose names look secret are registered with the
 * {@link Redactor}.
 */
public final class AgentCoreDeployService {

    static final String READY = "READY";

    private final String region;
    private final ProgressListener listener;
    private final Redactor redactor;
    private final Clock clock;
    private final RuntimeStep runtimes;
    private final EndpointStep endpoints;
    private final Rollbacks rollbacks;
    private final SmokeTester smokeTester;
    private final SecretResolver secrets;
    private final ExecutionRoles roles;

    /** Creates a service that calls AWS through {@code clients} and reports to {@code listener}. */
    public AgentCoreDeployService(AwsClients clients, ProgressListener listener, Redactor redactor) {
        this(clients, listener, redactor, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    /** Creates a service with its own clock and sleeper, so that tests wait without sleeping. */
    public AgentCoreDeployService(AwsClients clients, ProgressListener listener, Redactor redactor, Clock clock,
            Sleeper sleeper) {
        this.region = clients.region();
        this.redactor = redactor;
        this.listener = redactor.wrap(listener);
        this.clock = clock;
        RuntimeApi api = new RuntimeApi(clients.agentCoreControl(), redactor,
                new PropagationRetry(clock, sleeper, this.listener));
        StatusPoller poller = new StatusPoller(clock, sleeper, this.listener);
        this.runtimes = new RuntimeStep(api, poller, this.listener, redactor);
        this.endpoints = new EndpointStep(api, poller, this.listener, redactor);
        this.rollbacks = new Rollbacks(runtimes, endpoints, this.listener);
        this.smokeTester = new SmokeTester(clients, this.listener, redactor, clock);
        this.secrets = new SecretResolver(clients, this.listener, redactor);
        this.roles = new ExecutionRoles(clients, this.listener);
    }

    /**
     * Deploys in one call: {@link #begin} then {@link #complete}.
     *
     * @return what was deployed, with {@code changed=false} when nothing had to change
     * @throws InvalidInputException when the image is not in the runtime's region (checked before any call)
     * @throws AgentCoreException when a call fails, the version or an endpoint ends in CREATE_FAILED or
     *     UPDATE_FAILED (thrown as soon as it is seen), the smoke test fails, or the timeout passes;
     *     {@link AgentCoreException#rolledBack()} and its notes tell what was restored or left
     * @throws io.agentdeploy.error.DeploymentCancelledException when the thread is interrupted
     */
    public AgentCoreDeployResult deploy(AgentCoreDeployRequest request) {
        return complete(request, begin(request));
    }

    /**
     * Checks the image's region, resolves secret values, ensures the execution role when asked, and
     * creates the runtime or updates it when its settings differ. Records what the endpoints served.
     *
     * @throws InvalidInputException when the image is not in the runtime's region
     * @throws AgentCoreException when a call fails
     */
    public AgentCoreBegun begin(AgentCoreDeployRequest request) {
        Instant started = clock.instant();
        List<String> notes = new ArrayList<>();
        checkImage(request, notes);
        warnIgnoredSettings(request, notes);
        warnPlainSecrets(request, notes);
        Map<String, String> secretValues = secrets.resolve(request);
        String roleArn = request.executionRoleArn();
        boolean roleChanged = false;
        if (request.createExecutionRole()) {
            ExecutionRoles.Ensured role = roles.ensure(request);
            roleArn = role.arn();
            roleChanged = role.changed();
        }
        RuntimeSettings desired = RuntimeSettings.of(request, roleArn, secretValues);
        listener.lifecycle("Deploying AgentCore runtime '" + request.runtimeName() + "' in " + region + " with image "
                + request.image() + ".");

        Deadline deadline = new Deadline(started, request.timeout());
        AgentCoreErrors.Target target = new AgentCoreErrors.Target(region, request.runtimeName(), null, roleArn);
        Optional<AgentRuntime> existing = runtimes.find(target);
        Map<String, String> before = new LinkedHashMap<>();
        RuntimeStep.Change change;
        if (existing.isPresent()) {
            AgentCoreErrors.Target found = target.withRuntimeId(existing.get().agentRuntimeId());
            GetAgentRuntimeResponse current = runtimes.settled(found, deadline);
            for (String name : touchedEndpoints(request)) {
                endpoints.liveVersion(found, name).ifPresent(version -> before.put(name, version));
            }
            change = runtimes.updateIfChanged(request, desired, found, existing.get().agentRuntimeArn(), current);
        } else {
            change = runtimes.create(request, desired, target, deadline);
            if (!change.created() && change.previousVersion() != null) {
                // Created by another deployment meanwhile: DEFAULT served the version this one replaced.
                before.put(AgentCoreDeployRequest.DEFAULT_ENDPOINT, change.previousVersion());
            }
        }
        boolean tagsChanged = !change.created() && runtimes.reconcileTags(change.target(), change.arn(),
                request.tags());
        return new AgentCoreBegun(region, request.runtimeName(), change.target().runtimeId(), change.arn(),
                change.version(), change.previousVersion(), change.changed(), change.created(), roleArn, roleChanged,
                tagsChanged, before, started.toEpochMilli(), notes);
    }

    /**
     * Waits until the version of {@code begun} is READY, points the staging endpoint at it and
     * smoke-tests it there (when both are requested), points the production endpoint at it, and
     * smoke-tests it there when there is no staging endpoint. On failure the endpoints are pointed
     * back at the previous version unless the request turns rollback off.
     *
     * @throws AgentCoreException as for {@link #deploy}
     */
    public AgentCoreDeployResult complete(AgentCoreDeployRequest request, AgentCoreBegun begun) {
        Deadline deadline = new Deadline(Instant.ofEpochMilli(begun.startedAtEpochMillis()), request.timeout());
        AgentCoreErrors.Target target = new AgentCoreErrors.Target(region, begun.runtimeName(), begun.runtimeId(),
                begun.executionRoleArn());
        String version = begun.targetVersion();
        List<EndpointChange> served = new ArrayList<>();
        try {
            GetAgentRuntimeResponse runtime = runtimes.awaitReady(target, version, deadline);
            SmokeTestResult smoke = null;
            if (request.stagingEndpoint() != null) {
                served.add(serve(target, request.stagingEndpoint(), version, begun, request, deadline));
                if (request.smokeTest() != null) {
                    smoke = smokeTester.run(target, begun.runtimeArn(), request.stagingEndpoint(), version,
                            request.smokeTest());
                }
            }
            EndpointChange production = serve(target, request.endpointName(), version, begun, request, deadline);
            served.add(production);
            if (request.stagingEndpoint() == null && request.smokeTest() != null) {
                smoke = smokeTester.run(target, begun.runtimeArn(), request.endpointName(), version,
                        request.smokeTest());
            }
            boolean changed = begun.changed() || begun.roleChanged() || begun.tagsChanged()
                    || served.stream().anyMatch(EndpointChange::changed);
            return new AgentCoreDeployResult(begun.runtimeName(), begun.runtimeId(), begun.runtimeArn(), version,
                    begun.previousVersion(), runtime.statusAsString(), production.name(), production.arn(),
                    production.version(), request.image(), region, begun.executionRoleArn(), served, smoke, changed,
                    begun.notes());
        } catch (AgentCoreException e) {
            throw afterFailure(request, begun, target, e);
        }
    }

    /**
     * Points the endpoints a finished deployment moved back at the versions they served before, for
     * an orchestrator whose later layer failed. Endpoints the deployment created have no earlier
     * version and stay; see the notes.
     */
    public AgentCoreRollbackResult rollback(AgentCoreDeployRequest request, AgentCoreDeployResult deployed) {
        Map<String, String> named = new LinkedHashMap<>();
        String defaultVersion = null;
        for (EndpointChange endpoint : deployed.endpoints()) {
            if (!endpoint.changed()) {
                continue;
            }
            if (AgentCoreDeployRequest.DEFAULT_ENDPOINT.equals(endpoint.name())) {
                defaultVersion = deployed.previousVersion() == null ? null : endpoint.previousVersion();
            } else {
                named.put(endpoint.name(), endpoint.previousVersion());
            }
        }
        AgentCoreErrors.Target target = new AgentCoreErrors.Target(region, deployed.runtimeName(),
                deployed.runtimeId(), deployed.executionRoleArn());
        return restore(request, target, new Rollbacks.Plan(named, defaultVersion));
    }

    /** Points the endpoints back at what they served before {@link #begin}, for a deployment never completed. */
    public AgentCoreRollbackResult rollback(AgentCoreDeployRequest request, AgentCoreBegun begun) {
        AgentCoreErrors.Target target = new AgentCoreErrors.Target(region, begun.runtimeName(), begun.runtimeId(),
                begun.executionRoleArn());
        return restore(request, target, plan(request, begun));
    }

    private AgentCoreRollbackResult restore(AgentCoreDeployRequest request, AgentCoreErrors.Target target,
            Rollbacks.Plan plan) {
        listener.lifecycle("Rolling back AgentCore runtime '" + target.runtimeName() + "' (" + target.runtimeId()
                + ").");
        return rollbacks.restore(target, request.buildIdentity(), plan, new Deadline(clock.instant(),
                request.timeout()));
    }

    /** The state this deployment replaced: the named endpoints it touches, and DEFAULT when it is production. */
    private static Rollbacks.Plan plan(AgentCoreDeployRequest request, AgentCoreBegun begun) {
        Map<String, String> named = new LinkedHashMap<>();
        for (String name : touchedEndpoints(request)) {
            if (!AgentCoreDeployRequest.DEFAULT_ENDPOINT.equals(name)) {
                named.put(name, begun.endpointVersions().get(name));
            }
        }
        boolean defaultIsProduction = AgentCoreDeployRequest.DEFAULT_ENDPOINT.equals(request.endpointName());
        String defaultVersion = defaultIsProduction && begun.changed() && !begun.created()
                ? begun.endpointVersions().get(AgentCoreDeployRequest.DEFAULT_ENDPOINT) : null;
        return new Rollbacks.Plan(named, defaultVersion);
    }

    /**
     * Rolls back after a failure in {@link #complete}, unless the runtime is new or rollback is off.
     * The notes say what was and was not restored; the message only refers to them, so that the
     * record does not show the same sentences twice.
     */
    private AgentCoreException afterFailure(AgentCoreDeployRequest request, AgentCoreBegun begun,
            AgentCoreErrors.Target target, AgentCoreException failure) {
        String version = begun.targetVersion();
        if (begun.created()) {
            String left = "Nothing to roll back: this deployment created AgentCore runtime '" + begun.runtimeName()
                    + "' (" + begun.runtimeId() + ", version " + version + "), which is left in place for"
                    + " inspection; deploy again after fixing the cause.";
            listener.warning(left);
            return failure.withRollback(false, "Nothing was rolled back; see the notes.", List.of(left), version,
                    "left in place (created by this deployment)");
        }
        if (!request.rollback()) {
            String left = "Rollback is off: AgentCore runtime '" + begun.runtimeName() + "' and its endpoints are"
                    + " left as they are (before this deployment: version " + begun.previousVersion()
                    + endpointList(begun.endpointVersions()) + ").";
            listener.warning(left);
            return failure.withRollback(false, "Nothing was rolled back; see the notes.", List.of(left), version,
                    "not rolled back (rollback is off)");
        }
        AgentCoreRollbackResult result = restore(request, target, plan(request, begun));
        if (result.notes().isEmpty()) {
            String none = "Nothing to roll back: no endpoint served an earlier version of AgentCore runtime '"
                    + begun.runtimeName() + "' before this deployment.";
            listener.warning(none);
            return failure.withRollback(false, "Nothing was rolled back; see the notes.", List.of(none), version,
                    "nothing to roll back");
        }
        List<String> notes = result.notes().stream().map(redactor::redact).toList();
        if (result.complete()) {
            return failure.withRollback(true, "Rolled back; see the notes.", notes, version,
                    "rolled back to version " + begun.previousVersion());
        }
        return failure.withRollback(false, "The rollback is incomplete; the notes say what was and was not"
                + " restored.", notes, version, "rollback incomplete");
    }

    private EndpointChange serve(AgentCoreErrors.Target target, String name, String version, AgentCoreBegun begun,
            AgentCoreDeployRequest request, Deadline deadline) {
        return endpoints.serve(target, name, version, begun.endpointVersions().get(name), request.buildIdentity(),
                deadline);
    }

    private static List<String> touchedEndpoints(AgentCoreDeployRequest request) {
        List<String> names = new ArrayList<>();
        if (request.stagingEndpoint() != null) {
            names.add(request.stagingEndpoint());
        }
        names.add(request.endpointName());
        return names;
    }

    private static String endpointList(Map<String, String> versions) {
        StringBuilder text = new StringBuilder();
        versions.forEach((name, version) -> text.append(", endpoint ").append(name).append(" on version ")
                .append(version));
        return text.toString();
    }

    /** The wait budget of one deployment: the request's timeout, counted from the start. */
    record Deadline(Instant started, Duration limit) { }

    private void checkImage(AgentCoreDeployRequest request, List<String> notes) {
        ContainerImage image = ContainerImage.parse("image", request.image());
        if (!image.region().equals(region)) {
            throw new InvalidInputException("image", request.image(), "the image is in region '" + image.region()
                    + "' but the runtime is in '" + region + "'; AgentCore pulls images only from its own region.",
                    "Push the image to ECR in " + region + ", or deploy the runtime to " + image.region() + ".");
        }
        if (image.floatingTag()) {
            String warning = "Image " + request.image() + " has no digest and a 'latest' or missing tag. A runtime"
                    + " version stores the reference, not the content, so older versions would run whatever the tag"
                    + " points to later. Deploy by digest (repository@sha256:...) or with a unique tag.";
            listener.warning(warning);
            notes.add(warning);
        }
    }

    /**
     * Warns about keys of the tfvars file that this layer does not read, because a misspelt key would
     * otherwise be dropped without a word. Terraform warns about undeclared variables in the same way.
     */
    private void warnIgnoredSettings(AgentCoreDeployRequest request, List<String> notes) {
        if (request.ignoredSettingsKeys().isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>();
        for (String key : request.ignoredSettingsKeys()) {
            String suggestion = TfvarsSettings.suggestion(key);
            keys.add("'" + key + "'" + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)"));
        }
        String warning = "The tfvars file " + request.settingsFile().getFileName() + " sets keys that the AgentCore"
                + " deployment does not read, so they have no effect here: " + String.join(", ", keys) + ".";
        listener.warning(warning);
        notes.add(warning);
    }

    /** Warns about plain-text values of variables whose names look secret, naming the variable only. */
    private void warnPlainSecrets(AgentCoreDeployRequest request, List<String> notes) {
        if (!request.environment().isEmpty()) {
            listener.debug("Environment variables (names only): " + String.join(", ", request.environment().keySet()));
        }
        request.environment().forEach((name, value) -> {
            if (!SecretNames.looksSecret(name)) {
                return;
            }
            redactor.register(value);
            String source = request.environmentFromFile().contains(name) && request.settingsFile() != null
                    ? "in " + request.settingsFile().getFileName()
                    : "(--env on the command line, environment in Jenkins)";
            String warning = "Environment variable '" + name + "' looks like a secret but is set as plain text "
                    + source + ". Pass it as a secret instead: --secret-env " + name + "=ENV:<variable> or"
                    + " --secret-env " + name + "=<Secrets Manager ARN> on the command line, secretEnvironment with"
                    + " a secret-text credential in Jenkins.";
            listener.warning(warning);
            notes.add(warning);
        });
    }

    /** Turns the service's failure reason into a sentence for a message. */
    static String sentence(String reason) {
        if (reason == null || reason.isBlank()) {
            return "AgentCore gave no reason.";
        }
        String trimmed = reason.strip();
        return trimmed.endsWith(".") ? trimmed : trimmed + ".";
    }

    /** Compares AgentCore versions, which are decimal numbers as strings. */
    static boolean atLeast(String version, String expected) {
        return version != null && Long.parseLong(version) >= Long.parseLong(expected);
    }
}
