package io.agentdeploy.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.agentdeploy.aws.AwsSettings;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.naming.NameRules;
import io.agentdeploy.naming.PathConventions;
import jenkins.model.Jenkins;

/**
 * Permission guards and field checks shared by the global configuration and the step descriptors.
 * The checks call the engine's own validation, so a form shows the message a build would fail with.
 */
final class FormChecks {

    private FormChecks() {
    }

    static boolean canAdminister() {
        return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }

    /** True when the user may configure the item, or administer Jenkins when there is no item. */
    static boolean canConfigure(@CheckForNull Item item) {
        return item == null ? canAdminister() : item.hasPermission(Item.CONFIGURE);
    }

    /** Checks a region; blank is accepted when {@code optional}, because defaults apply. */
    static FormValidation region(String value, boolean optional) {
        String region = Util.fixEmptyAndTrim(value);
        if (region == null) {
            return optional ? FormValidation.ok() : FormValidation.error(Messages.FormChecks_RegionRequired());
        }
        return check(() -> AwsSettings.requireRegion(region));
    }

    static FormValidation roleArn(String parameter, String value) {
        String roleArn = Util.fixEmptyAndTrim(value);
        return roleArn == null ? FormValidation.ok() : check(() -> AwsSettings.requireRoleArn(parameter, roleArn));
    }

    static FormValidation repositoryPrefix(String value) {
        String prefix = value == null ? "" : value.trim();
        // The prefix is valid when a repository named prefix + agent is; "agent" stands for any agent name.
        return check(() -> NameRules.requireEcrRepositoryName("repositoryPrefix", prefix + "agent"));
    }

    static FormValidation ecrRepository(String value) {
        String repository = Util.fixEmptyAndTrim(value);
        return repository == null ? FormValidation.ok()
                : check(() -> NameRules.requireEcrRepositoryName("repository", repository));
    }

    static FormValidation agentName(String value) {
        String agent = Util.fixEmptyAndTrim(value);
        if (agent == null) {
            return FormValidation.error(Messages.FormChecks_AgentRequired());
        }
        return check(() -> NameRules.requireAgentName("agent", agent));
    }

    static FormValidation kubernetesName(String parameter, String value) {
        String name = Util.fixEmptyAndTrim(value);
        return name == null ? FormValidation.ok() : check(() -> NameRules.requireKubernetesName(parameter, name));
    }

    /** Checks a path template with the placeholders {@code {agent}} and {@code {kubernetesName}}. */
    static FormValidation pathConvention(String parameter, String value) {
        return check(() -> PathConventions.expand(parameter, value, AgentNames.of("agent_name")));
    }

    static FormValidation positiveNumber(String value) {
        String number = Util.fixEmptyAndTrim(value);
        if (number == null) {
            return FormValidation.ok();
        }
        try {
            if (Integer.parseInt(number) > 0) {
                return FormValidation.ok();
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        return FormValidation.error(Messages.FormChecks_PositiveNumber(number));
    }

    private static FormValidation check(Runnable validation) {
        try {
            validation.run();
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        }
    }
}
