package io.agentdeploy.cli;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.report.Layer;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Rewrites invalid-input messages in the terms of the running command. The engine names each
 * parameter as its requests do ({@code semanticVersion}, {@code buildIdentity}, {@code context}),
 * but the user wrote options ({@code --semantic-version}, {@code --build-number},
 * {@code --kube-context}). So the message's "Invalid &lt;parameter&gt;" names the option, engine
 * names in the rest of the message name options too, a duration is shown as the user wrote it, and a
 * value that came from agent-deploy.yaml names the file.
 */
final class InputErrors {

    /**
     * Engine parameters whose option is not the kebab-case form of the name, by the layer that
     * reports them. Of the options listed, the first one the running command has is meant, so that
     * {@code deploy} gets its layer timeouts and the single-layer commands their {@code --timeout}.
     */
    private static final List<Alias> ALIASES = List.of(
            new Alias(Layer.ECR, "buildIdentity", "--build-number"),
            new Alias(Layer.ECR, "tags", "--tag"),
            new Alias(Layer.ECR, "platforms", "--platform"),
            new Alias(Layer.ECR, "labels", "--label"),
            new Alias(Layer.ECR, "buildArgs", "--build-arg"),
            new Alias(Layer.ECR, "repositoryTags", "--repository-tag"),
            new Alias(Layer.ECR, "replicationDestinations", "--replicate-to"),
            new Alias(Layer.ECR, "source repository", "--source"),
            new Alias(Layer.AGENTCORE, "tags", "--runtime-tag"),
            new Alias(Layer.AGENTCORE, "tag key", "--runtime-tag"),
            new Alias(Layer.AGENTCORE, "environment", "--env"),
            new Alias(Layer.AGENTCORE, "secretEnvironment", "--secret-env"),
            new Alias(Layer.AGENTCORE, "subnets", "--subnet"),
            new Alias(Layer.AGENTCORE, "securityGroups", "--security-group"),
            new Alias(Layer.AGENTCORE, "requestHeaders", "--request-header"),
            new Alias(Layer.AGENTCORE, "allowedAudiences", "--allowed-audience"),
            new Alias(Layer.AGENTCORE, "allowedClients", "--allowed-client"),
            new Alias(Layer.AGENTCORE, "endpointName", "--endpoint"),
            new Alias(Layer.AGENTCORE, "idleSessionTimeout", "--idle-timeout"),
            new Alias(Layer.AGENTCORE, "timeout", "--agentcore-timeout", "--timeout"),
            new Alias(Layer.EKS, "context", "--kube-context"),
            new Alias(Layer.EKS, "values file", "--values"),
            new Alias(Layer.EKS, "set override", "--set"),
            new Alias(Layer.EKS, "timeout", "--rollout-timeout", "--timeout"));

    /** Engine names in the text of a message: camelCase words, which plain English does not contain. */
    private static final Pattern CAMEL_CASE_NAME = Pattern.compile("\\b[a-z]+(?:[A-Z][a-z0-9]*)+\\b");

    /** A plain word is a parameter name only where a fix asks the user to set or unset it. */
    private static final Pattern SET_WORD = Pattern.compile("\\b(Set|set|leave) ([a-z]+)\\b");

    private final CommandSpec command;
    private final ConfigFileDefaults defaults;

    private record Alias(Layer layer, String parameter, String... options) { }

    InputErrors(CommandSpec command, ConfigFileDefaults defaults) {
        this.command = command;
        this.defaults = defaults;
    }

    /** Returns the message of {@code e} in the terms of the running command. */
    String message(InvalidInputException e) {
        String message = e.getMessage();
        Layer layer = layerOf(e);
        String prefix = "Invalid " + e.parameter() + (e.value() == null ? "" : " '" + e.value() + "'");
        if (e.parameter() == null || !message.startsWith(prefix)) {
            return replaceNames(message, layer);
        }
        OptionSpec option = option(e.parameter(), layer);
        if (option == null) {
            return prefix + replaceNames(message.substring(prefix.length()), layer);
        }
        StringBuilder rewritten = new StringBuilder("Invalid ").append(option.longestName());
        if (e.value() != null) {
            rewritten.append(" '").append(shownValue(option, e.value())).append('\'');
        }
        if (fromFile(option)) {
            rewritten.append(" (from ").append(defaults.file()).append(')');
        }
        return rewritten.append(replaceNames(message.substring(prefix.length()), layer)).toString();
    }

    /** Returns whether the option's value came from agent-deploy.yaml rather than the command line. */
    boolean fromFile(OptionSpec option) {
        CommandLine.ParseResult parsed = command.commandLine() == null ? null : command.commandLine().getParseResult();
        boolean matched = parsed != null && parsed.hasMatchedOption(option);
        return !matched && defaults != null && defaults.provides(option);
    }

    private String replaceNames(String text, Layer layer) {
        String replaced = replace(CAMEL_CASE_NAME.matcher(text), 0, layer);
        return replace(SET_WORD.matcher(replaced), 2, layer);
    }

    private String replace(Matcher matcher, int group, Layer layer) {
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            OptionSpec option = option(matcher.group(group), layer);
            String replacement = option == null ? matcher.group()
                    : matcher.group().substring(0, matcher.start(group) - matcher.start()) + option.longestName();
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** Returns the running command's option for an engine parameter name, or {@code null}. */
    OptionSpec option(String parameter, Layer layer) {
        for (Alias alias : ALIASES) {
            if (alias.parameter().equals(parameter) && (layer == null || alias.layer() == layer)) {
                for (String name : alias.options()) {
                    OptionSpec option = command.findOption(name);
                    if (option != null) {
                        return option;
                    }
                }
            }
        }
        String name = parameter.startsWith("-") ? parameter : "--" + kebabCase(parameter);
        OptionSpec option = name.startsWith("--") ? command.findOption(name) : null;
        return option != null && option.longestName().equals(name) ? option : null;
    }

    /** Shows a duration as the user wrote it (the engine prints {@code PT3H} for {@code 3h}). */
    private String shownValue(OptionSpec option, String value) {
        if (option.type() != Duration.class) {
            return value;
        }
        List<String> typed = option.originalStringValues();
        if (!typed.isEmpty()) {
            return typed.get(typed.size() - 1);
        }
        String fromFile = defaults == null ? null : defaults.defaultValue(option);
        if (fromFile != null) {
            return fromFile;
        }
        try {
            return DurationConverter.format(Duration.parse(value));
        } catch (DateTimeParseException e) {
            return value;
        }
    }

    /**
     * Returns the layer whose code raised {@code e}, from the first layer package on its stack, or
     * {@code null}. Only {@code deploy} needs it: there the engine's {@code context} may be the build
     * context or the kubeconfig context, and {@code tags} the image's or the runtime's.
     */
    static Layer layerOf(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String type = frame.getClassName();
            if (type.startsWith("io.agentdeploy.ecr.") || type.equals(PushOptions.class.getName())) {
                return Layer.ECR;
            }
            if (type.startsWith("io.agentdeploy.agentcore.") || type.equals(AgentCoreOptions.class.getName())) {
                return Layer.AGENTCORE;
            }
            if (type.startsWith("io.agentdeploy.eks.") || type.equals(EksOptions.class.getName())) {
                return Layer.EKS;
            }
        }
        return null;
    }

    /** Turns {@code semanticVersion} and {@code render to} into {@code semantic-version} and {@code render-to}. */
    static String kebabCase(String name) {
        return name.trim().replaceAll("([a-z0-9])([A-Z])", "$1-$2").replace(' ', '-').toLowerCase(Locale.ROOT);
    }
}
