package io.agentdeploy.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import net.sf.json.JSONObject;

/**
 * Form methods of the step descriptors. A check runs only for users who may configure the item
 * (Job/Configure); others get "OK" and no information.
 */
public final class StepForms {

    private StepForms() {
    }

    /** Removes fields whose submitted value is an empty string, so they stay "not set". */
    public static void dropBlank(JSONObject formData, String... fields) {
        for (String field : fields) {
            Object value = formData.opt(field);
            if (value instanceof String text && text.isBlank()) {
                formData.remove(field);
            }
        }
    }

    public static ListBoxModel awsCredentials(@CheckForNull Item item, String currentValue) {
        return CredentialsLists.awsCredentials(item, currentValue);
    }

    public static ListBoxModel kubeconfigCredentials(@CheckForNull Item item, String currentValue) {
        return CredentialsLists.kubeconfigCredentials(item, currentValue);
    }

    public static FormValidation checkAwsCredentials(@CheckForNull Item item, String value) {
        return CredentialsLists.checkAwsCredentials(item, value);
    }

    public static FormValidation checkKubeconfigCredentials(@CheckForNull Item item, String value) {
        return CredentialsLists.checkKubeconfigCredentials(item, value);
    }

    /** The fixed choices of a drop-down with a leading "global default" entry; empty without permission. */
    public static ListBoxModel choices(@CheckForNull Item item, String list) {
        boolean hidden = !FormChecks.canConfigure(item);
        ListBoxModel values = switch (list) {
            case "TagMutability" -> Choices.tagMutability(hidden);
            case "FailOnSeverity" -> Choices.severities(hidden);
            case "NetworkMode" -> Choices.networkModes(hidden);
            case "Protocol" -> Choices.protocols(hidden);
            default -> throw new IllegalArgumentException("Unknown choice list " + list);
        };
        return hidden ? values : Choices.withDefault(values);
    }

    public static FormValidation checkAgent(@CheckForNull Item item, String value) {
        return FormChecks.canConfigure(item) ? FormChecks.agentName(value) : FormValidation.ok();
    }

    public static FormValidation checkRegion(@CheckForNull Item item, String value) {
        return FormChecks.canConfigure(item) ? FormChecks.region(value, true) : FormValidation.ok();
    }

    public static FormValidation checkRoleArn(@CheckForNull Item item, String parameter, String value) {
        return FormChecks.canConfigure(item) ? FormChecks.roleArn(parameter, value) : FormValidation.ok();
    }

    public static FormValidation checkRepository(@CheckForNull Item item, String value) {
        return FormChecks.canConfigure(item) ? FormChecks.ecrRepository(value) : FormValidation.ok();
    }

    public static FormValidation checkKubernetesName(@CheckForNull Item item, String parameter, String value) {
        return FormChecks.canConfigure(item) ? FormChecks.kubernetesName(parameter, value) : FormValidation.ok();
    }

    public static FormValidation checkPositiveNumber(@CheckForNull Item item, String value) {
        return FormChecks.canConfigure(item) ? FormChecks.positiveNumber(value) : FormValidation.ok();
    }
}
