package io.agentdeploy.testkit.sts;

import io.agentdeploy.testkit.AccessKeys;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.AwsRequest;
import io.agentdeploy.testkit.aws.AwsResponse;
import io.agentdeploy.testkit.aws.QueryDoubleServer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AWS STS test double: GetCallerIdentity (also as a presigned GET, the form EKS tokens use) and
 * AssumeRole, which issues temporary keys that the other doubles then accept.
 */
public final class StsDouble extends QueryDoubleServer {

    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/([\\w+=,.@/-]{1,512})");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    private final String accountId;
    private final AccessKeys accessKeys;
    private final Map<String, String> assumedRoles = new java.util.concurrent.ConcurrentHashMap<>();

    public StsDouble(String accountId, AccessKeys accessKeys, CallLog callLog, Faults faults) {
        super("sts", "sts", NAMESPACE, callLog, faults);
        this.accountId = accountId;
        this.accessKeys = accessKeys;
        acceptOnly(accessKeys);
    }

    @Override
    protected Set<String> mutatingOperations() {
        return Set.of();
    }

    @Override
    protected AwsResponse dispatch(String operation, AwsRequest request) {
        Map<String, String> parameters = parameters(request);
        if (!"2011-06-15".equals(parameters.get("Version"))) {
            throw new AwsError(400, "InvalidParameterValue", "Version must be 2011-06-15.");
        }
        return switch (operation) {
            case "GetCallerIdentity" -> getCallerIdentity(request);
            case "AssumeRole" -> assumeRole(parameters);
            default -> throw new AwsError(400, "InvalidAction", "Could not find operation " + operation
                    + " for version 2011-06-15");
        };
    }

    private AwsResponse getCallerIdentity(AwsRequest request) {
        String accessKeyId = request.accessKeyId();
        String role = assumedRoles.get(accessKeyId);
        String arn = role != null ? role : "arn:aws:iam::" + accountId + ":user/agent-deploy-local";
        String userId = role != null ? "AROA" + accessKeyId.substring(4) + ":agent-deploy" : "AIDA" + accessKeyId.substring(4);
        return result("GetCallerIdentity", "<Arn>" + escape(arn) + "</Arn><UserId>" + escape(userId)
                + "</UserId><Account>" + accountId + "</Account>");
    }

    private AwsResponse assumeRole(Map<String, String> parameters) {
        String roleArn = parameters.get("RoleArn");
        String sessionName = parameters.get("RoleSessionName");
        var role = roleArn == null ? null : ROLE_ARN.matcher(roleArn);
        if (role == null || !role.matches()) {
            throw new AwsError(400, "ValidationError", "1 validation error detected: Value '" + roleArn
                    + "' at 'roleArn' failed to satisfy constraint: Member must be a valid role ARN");
        }
        if (sessionName == null || !SESSION_NAME.matcher(sessionName).matches()) {
            throw new AwsError(400, "ValidationError", "1 validation error detected: Value '" + sessionName
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression"
                    + " pattern: [\\w+=,.@-]*");
        }
        int seconds = Integer.parseInt(parameters.getOrDefault("DurationSeconds", "3600"));
        AccessKeys.KeyPair pair = accessKeys.issueTemporary();
        String roleName = role.group(2).substring(role.group(2).lastIndexOf('/') + 1);
        String assumedArn = "arn:aws:sts::" + role.group(1) + ":assumed-role/" + roleName + "/" + sessionName;
        assumedRoles.put(pair.accessKeyId(), assumedArn);
        String expiration = DateTimeFormatter.ISO_INSTANT.format(
                Instant.now().plus(Duration.ofSeconds(seconds)).truncatedTo(ChronoUnit.SECONDS));
        return result("AssumeRole", "<Credentials><AccessKeyId>" + pair.accessKeyId() + "</AccessKeyId><SecretAccessKey>"
                + pair.secretAccessKey() + "</SecretAccessKey><SessionToken>" + pair.sessionToken()
                + "</SessionToken><Expiration>" + expiration + "</Expiration></Credentials><AssumedRoleUser>"
                + "<AssumedRoleId>AROA" + pair.accessKeyId().substring(4) + ":" + escape(sessionName)
                + "</AssumedRoleId><Arn>" + escape(assumedArn) + "</Arn></AssumedRoleUser>");
    }
}
