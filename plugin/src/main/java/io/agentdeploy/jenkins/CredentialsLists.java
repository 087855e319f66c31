package io.agentdeploy.jenkins;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.Collections;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.springframework.security.core.Authentication;

/**
 * Credential drop-downs and checks for the global page (no item) and for step forms (an item).
 * Users who may neither configure the item nor use its credentials see only the current value,
 * so ids cannot be enumerated; lists never read a secret.
 */
final class CredentialsLists {

    private static final List<DomainRequirement> ANY_DOMAIN = Collections.emptyList();

    private CredentialsLists() {
    }

    static ListBoxModel awsCredentials(@CheckForNull Item item, String currentValue) {
        StandardListBoxModel model = new StandardListBoxModel();
        if (!mayList(item)) {
            model.includeCurrentValue(currentValue);
            return model;
        }
        model.includeEmptyValue();
        model.includeMatchingAs(authentication(item), item, AmazonWebServicesCredentials.class, ANY_DOMAIN,
                CredentialsMatchers.always());
        model.includeCurrentValue(currentValue);
        return model;
    }

    /** Kubeconfig sources: an uploaded file, or the file's text as secret text. */
    static ListBoxModel kubeconfigCredentials(@CheckForNull Item item, String currentValue) {
        StandardListBoxModel model = new StandardListBoxModel();
        if (!mayList(item)) {
            model.includeCurrentValue(currentValue);
            return model;
        }
        Authentication authentication = authentication(item);
        model.includeEmptyValue();
        model.includeMatchingAs(authentication, item, FileCredentials.class, ANY_DOMAIN, CredentialsMatchers.always());
        model.includeMatchingAs(authentication, item, StringCredentials.class, ANY_DOMAIN,
                CredentialsMatchers.always());
        model.includeCurrentValue(currentValue);
        return model;
    }

    static ListBoxModel secretTextCredentials(@CheckForNull Item item, String currentValue) {
        StandardListBoxModel model = new StandardListBoxModel();
        if (!mayList(item)) {
            model.includeCurrentValue(currentValue);
            return model;
        }
        model.includeEmptyValue();
        model.includeMatchingAs(authentication(item), item, StringCredentials.class, ANY_DOMAIN,
                CredentialsMatchers.always());
        model.includeCurrentValue(currentValue);
        return model;
    }

    static ListBoxModel usernamePasswordCredentials(@CheckForNull Item item, String currentValue) {
        StandardListBoxModel model = new StandardListBoxModel();
        if (!mayList(item)) {
            model.includeCurrentValue(currentValue);
            return model;
        }
        model.includeEmptyValue();
        model.includeMatchingAs(authentication(item), item, StandardUsernamePasswordCredentials.class, ANY_DOMAIN,
                CredentialsMatchers.always());
        model.includeCurrentValue(currentValue);
        return model;
    }

    static FormValidation checkAwsCredentials(@CheckForNull Item item, String value) {
        return checkExists(item, value, AmazonWebServicesCredentials.class);
    }

    static FormValidation checkKubeconfigCredentials(@CheckForNull Item item, String value) {
        FormValidation asFile = checkExists(item, value, FileCredentials.class);
        if (asFile.kind == FormValidation.Kind.OK) {
            return asFile;
        }
        return checkExists(item, value, StringCredentials.class);
    }

    private static FormValidation checkExists(@CheckForNull Item item, String value,
            Class<? extends StandardCredentials> type) {
        String id = Util.fixEmptyAndTrim(value);
        if (!mayList(item) || id == null) {
            return FormValidation.ok();
        }
        if (id.startsWith("${") && id.endsWith("}")) {
            return FormValidation.warning(Messages.CredentialsLists_Expression());
        }
        boolean found = !CredentialsProvider.listCredentialsInItem(type, item, authentication(item), ANY_DOMAIN,
                CredentialsMatchers.withId(id)).isEmpty();
        return found ? FormValidation.ok() : FormValidation.error(Messages.CredentialsLists_NotFound(id));
    }

    private static boolean mayList(@CheckForNull Item item) {
        if (item == null) {
            return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        }
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    /** Lists as the job will run for a job, as the system for the global page. */
    private static Authentication authentication(@CheckForNull Item item) {
        if (item instanceof Queue.Task task) {
            return Tasks.getAuthenticationOf2(task);
        }
        return ACL.SYSTEM2;
    }
}
