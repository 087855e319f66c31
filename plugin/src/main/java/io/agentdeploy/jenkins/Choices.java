package io.agentdeploy.jenkins;

import hudson.util.ListBoxModel;

/**
 * The fixed choices of the drop-down fields. The values are the engine's and the AWS APIs' own
 * spelling, so they can be passed on unchanged.
 */
final class Choices {

    private Choices() {
    }

    /** The values of a named list: TagMutability, FailOnSeverity, ScanUnavailable, NetworkMode or Protocol. */
    static ListBoxModel named(String list) {
        return switch (list) {
            case "TagMutability" -> options("MUTABLE", "IMMUTABLE");
            case "FailOnSeverity" -> options("NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL");
            case "ScanUnavailable" -> options("WARN", "FAIL");
            case "ScanOnPush" -> options("true", "false");
            case "NetworkMode" -> options("PUBLIC", "VPC");
            case "Protocol" -> options("HTTP", "MCP", "A2A");
            default -> throw new IllegalArgumentException("Unknown choice list " + list);
        };
    }

    /** A list with only the current value, for users who may not see the choices. */
    static ListBoxModel currentOnly(String currentValue) {
        ListBoxModel model = new ListBoxModel();
        if (currentValue != null && !currentValue.isBlank()) {
            model.add(currentValue, currentValue);
        }
        return model;
    }

    private static ListBoxModel options(String... values) {
        ListBoxModel model = new ListBoxModel();
        for (String value : values) {
            model.add(value, value);
        }
        return model;
    }

    /** The same list with a leading "default" entry whose value is empty, for step forms. */
    static ListBoxModel withDefault(ListBoxModel values) {
        ListBoxModel model = new ListBoxModel();
        model.add(Messages.Choices_Default(), "");
        model.addAll(values);
        return model;
    }
}
