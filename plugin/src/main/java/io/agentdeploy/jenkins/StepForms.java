package io.agentdeploy.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.ArrayList;
import java.util.List;
import net.sf.json.JSONObject;

/**
 * Form methods of the step descriptors. A check runs only for users who may configure the item
 * (Job/Configure); others get "OK" and no information.
 */
public final class StepForms {

    private StepForms() {
    }

    /** Removes every field whose submitted value is blank text, so it stays "not set" and the defaults apply. */
    public static void dropBlank(JSONObject formData) {
        List<String> blank = new ArrayList<>();
        for (Object key : formData.keySet()) {
            if (formData.get(key) instanceof String text && text.isBlank()) {
                blank.add(key.toString());
            }
        }
        blank.forEach(formData::remove);
    }

    /** Removes Boolean fields whose value is their default: true for {@code onByDefault}, else false. */
    public static void dropDefaultBooleans(JSONObject formData, java.util.Set<String> onByDefault) {
        List<String> defaults = new ArrayList<>();
        for (Object key : formData.keySet()) {
            if (formData.get(key) instanceof Boolean value && value == onByDefault.contains(key.toString())) {
                defaults.add(key.toString());
            }
        }
        defaults.forEach(formData::remove);
    }

    public static ListBoxModel usernamePasswordCredentials(@CheckForNull Item item, String currentValue) {
        return CredentialsLists.usernamePasswordCredentials(item, currentValue);
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

    /**
     * The fixed choices of a drop-down with a leading "default" entry. Users who may not configure the
     * item get only the current value.
     */
    public static ListBoxModel choices(@CheckForNull Item item, String list, String currentValue) {
        if (!FormChecks.canConfigure(item)) {
            return Choices.currentOnly(currentValue);
        }
        return Choices.withDefault(Choices.named(list));
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
