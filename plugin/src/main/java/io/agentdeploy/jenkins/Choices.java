package io.agentdeploy.jenkins;

import hudson.util.ListBoxModel;

/**
 * The fixed choices of the drop-down fields. The values are the engine's and the AWS APIs' own
 * spelling, so they can be passed on unchanged.
 */
final class Choices {

    private Choices() {
    }

    static ListBoxModel tagMutability(boolean empty) {
        return options(empty, "MUTABLE", "IMMUTABLE");
    }

    static ListBoxModel severities(boolean empty) {
        return options(empty, "NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL");
    }

    static ListBoxModel networkModes(boolean empty) {
        return options(empty, "PUBLIC", "VPC");
    }

    static ListBoxModel protocols(boolean empty) {
        return options(empty, "HTTP", "MCP", "A2A");
    }

    /**
     * Builds the list. Step forms start with an empty entry that means "the global default";
     * {@code empty} also hides the values from users without permission.
     */
    private static ListBoxModel options(boolean empty, String... values) {
        ListBoxModel model = new ListBoxModel();
        if (empty) {
            return model;
        }
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
