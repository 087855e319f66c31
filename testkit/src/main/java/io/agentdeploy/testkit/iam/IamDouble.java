package io.agentdeploy.testkit.iam;

import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.AwsRequest;
import io.agentdeploy.testkit.aws.AwsResponse;
import io.agentdeploy.testkit.aws.Json;
import io.agentdeploy.testkit.aws.QueryDoubleServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * AWS IAM test double (query protocol, API version 2010-05-08, signing name {@code iam}, signed in
 * us-east-1 because IAM is global) serving the role operations an execution role needs: GetRole,
 * CreateRole, UpdateAssumeRolePolicy, PutRolePolicy, GetRolePolicy and ListRolePolicies.
 *
 * <p>As the service does, it returns policy documents URL-encoded, rejects a document that is not a
 * JSON policy (MalformedPolicyDocument) and answers NoSuchEntity (404) and EntityAlreadyExists (409).
 */
public final class IamDouble extends QueryDoubleServer {

    static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern PATH = Pattern.compile("/|/[\\u0021-\\u007E]{0,510}/");
    private static final Set<String> MUTATING = Set.of("CreateRole", "UpdateAssumeRolePolicy", "PutRolePolicy");

    /** One role: its ARN parts, trust policy and inline policies (documents kept as sent, decoded). */
    private static final class Role {
        final String name;
        final String path;
        final String id;
        final Instant createdAt;
        final String description;
        String trustPolicy;
        final Map<String, String> inlinePolicies = new TreeMap<>();

        Role(String name, String path, String id, Instant createdAt, String description, String trustPolicy) {
            this.name = name;
            this.path = path;
            this.id = id;
            this.createdAt = createdAt;
            this.description = description;
            this.trustPolicy = trustPolicy;
        }
    }

    private final String accountId;
    private final Map<String, Role> roles = new LinkedHashMap<>();

    public IamDouble(String accountId, CallLog callLog, Faults faults) {
        super("iam", "iam", NAMESPACE, callLog, faults);
        this.accountId = accountId;
    }

    /** The ARN a role of this name has in the double's account. */
    public String roleArn(String roleName) {
        Role role;
        synchronized (this) {
            role = roles.get(roleName);
        }
        String path = role == null ? "/" : role.path;
        return "arn:aws:iam::" + accountId + ":role" + path + roleName;
    }

    /** Returns the trust policy of a role, decoded, if the role exists. */
    public synchronized Optional<String> trustPolicy(String roleName) {
        return Optional.ofNullable(roles.get(roleName)).map(role -> role.trustPolicy);
    }

    /** Returns an inline policy of a role, decoded, if both exist. */
    public synchronized Optional<String> inlinePolicy(String roleName, String policyName) {
        return Optional.ofNullable(roles.get(roleName)).map(role -> role.inlinePolicies.get(policyName));
    }

    /** Creates a role directly, as another tool would have, with the given trust policy. */
    public synchronized void putRole(String roleName, String trustPolicy) {
        roles.put(roleName, new Role(roleName, "/", roleId(), Instant.now(), null, trustPolicy));
    }

    @Override
    protected Set<String> mutatingOperations() {
        return MUTATING;
    }

    @Override
    protected synchronized AwsResponse dispatch(String operation, AwsRequest request) {
        Map<String, String> parameters = parameters(request);
        if (!"2010-05-08".equals(parameters.get("Version"))) {
            throw new AwsError(400, "InvalidParameterValue", "Version must be 2010-05-08.");
        }
        return switch (operation) {
            case "GetRole" -> result(operation, roleXml(role(parameters)));
            case "CreateRole" -> createRole(parameters);
            case "UpdateAssumeRolePolicy" -> updateAssumeRolePolicy(parameters);
            case "PutRolePolicy" -> putRolePolicy(parameters);
            case "GetRolePolicy" -> getRolePolicy(parameters);
            case "ListRolePolicies" -> listRolePolicies(parameters);
            default -> throw new AwsError(400, "InvalidAction", "Could not find operation " + operation
                    + " for version 2010-05-08");
        };
    }

    private AwsResponse createRole(Map<String, String> parameters) {
        String name = roleName(parameters);
        String path = parameters.getOrDefault("Path", "/");
        if (!PATH.matcher(path).matches()) {
            throw validation("path", path, "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
        }
        String trustPolicy = policyDocument(parameters, "AssumeRolePolicyDocument");
        if (roles.containsKey(name)) {
            throw new AwsError(409, "EntityAlreadyExists", "Role with name " + name + " already exists.");
        }
        Role role = new Role(name, path, roleId(), Instant.now(), parameters.get("Description"), trustPolicy);
        roles.put(name, role);
        return result("CreateRole", roleXml(role));
    }

    private AwsResponse updateAssumeRolePolicy(Map<String, String> parameters) {
        Role role = role(parameters);
        role.trustPolicy = policyDocument(parameters, "PolicyDocument");
        return emptyResult("UpdateAssumeRolePolicy");
    }

    private AwsResponse putRolePolicy(Map<String, String> parameters) {
        Role role = role(parameters);
        String policyName = policyName(parameters);
        role.inlinePolicies.put(policyName, policyDocument(parameters, "PolicyDocument"));
        return emptyResult("PutRolePolicy");
    }

    private AwsResponse getRolePolicy(Map<String, String> parameters) {
        Role role = role(parameters);
        String policyName = policyName(parameters);
        String document = role.inlinePolicies.get(policyName);
        if (document == null) {
            throw new AwsError(404, "NoSuchEntity", "The role policy with name " + policyName
                    + " cannot be found.");
        }
        return result("GetRolePolicy", "<RoleName>" + escape(role.name) + "</RoleName><PolicyName>"
                + escape(policyName) + "</PolicyName><PolicyDocument>" + escape(encode(document))
                + "</PolicyDocument>");
    }

    private AwsResponse listRolePolicies(Map<String, String> parameters) {
        Role role = role(parameters);
        StringBuilder names = new StringBuilder("<PolicyNames>");
        role.inlinePolicies.keySet().forEach(name -> names.append("<member>").append(escape(name)).append("</member>"));
        names.append("</PolicyNames><IsTruncated>false</IsTruncated>");
        return result("ListRolePolicies", names.toString());
    }

    private Role role(Map<String, String> parameters) {
        String name = roleName(parameters);
        Role role = roles.get(name);
        if (role == null) {
            throw new AwsError(404, "NoSuchEntity", "The role with name " + name + " cannot be found.");
        }
        return role;
    }

    private static String roleName(Map<String, String> parameters) {
        String name = parameters.get("RoleName");
        if (name == null || !ROLE_NAME.matcher(name).matches()) {
            throw validation("roleName", name, "Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        }
        return name;
    }

    private static String policyName(Map<String, String> parameters) {
        String name = parameters.get("PolicyName");
        if (name == null || !POLICY_NAME.matcher(name).matches()) {
            throw validation("policyName", name, "Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        }
        return name;
    }

    /** Returns a policy parameter after checking it is a JSON object with a Statement, as IAM requires. */
    private static String policyDocument(Map<String, String> parameters, String parameter) {
        String document = parameters.get(parameter);
        if (document == null) {
            throw validation(Character.toLowerCase(parameter.charAt(0)) + parameter.substring(1), null,
                    "Member must not be null");
        }
        try {
            var json = Json.MAPPER.readTree(document);
            if (json == null || !json.isObject() || !json.has("Statement")) {
                throw new AwsError(400, "MalformedPolicyDocument", "Syntax errors in policy.");
            }
        } catch (IOException e) {
            throw new AwsError(400, "MalformedPolicyDocument", "This policy contains invalid Json");
        }
        return document;
    }

    private static AwsError validation(String field, String value, String constraint) {
        String quoted = value == null ? "null" : "'" + value + "'";
        return new AwsError(400, "ValidationError", "1 validation error detected: Value " + quoted + " at '" + field
                + "' failed to satisfy constraint: " + constraint);
    }

    private String roleXml(Role role) {
        StringBuilder xml = new StringBuilder("<Role><Path>").append(escape(role.path)).append("</Path><RoleName>")
                .append(escape(role.name)).append("</RoleName><RoleId>").append(role.id).append("</RoleId><Arn>")
                .append(escape("arn:aws:iam::" + accountId + ":role" + role.path + role.name)).append("</Arn>")
                .append("<CreateDate>").append(role.createdAt.truncatedTo(ChronoUnit.SECONDS)).append("</CreateDate>")
                .append("<AssumeRolePolicyDocument>").append(escape(encode(role.trustPolicy)))
                .append("</AssumeRolePolicyDocument>");
        if (role.description != null) {
            xml.append("<Description>").append(escape(role.description)).append("</Description>");
        }
        return xml.append("<MaxSessionDuration>3600</MaxSessionDuration></Role>").toString();
    }

    /** Responds with only the response metadata, as IAM does for operations without a result. */
    private static AwsResponse emptyResult(String action) {
        return AwsResponse.of(200, "text/xml", "<" + action + "Response xmlns=\"" + NAMESPACE + "\">"
                + "<ResponseMetadata><RequestId>" + java.util.UUID.randomUUID() + "</RequestId></ResponseMetadata></"
                + action + "Response>");
    }

    /** IAM returns policy documents URL-encoded (RFC 3986); the SDK hands them on as they are. */
    private static String encode(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String roleId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder id = new StringBuilder("AROA");
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 17; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
