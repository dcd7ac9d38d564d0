package dev.iamkeyremediator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamkeyremediator.aws.internal.AwsJsonApi;
import dev.iamkeyremediator.rollup.AccountDirectory;
import dev.iamkeyremediator.rollup.RollupException;
import java.util.List;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The organization's ACTIVE accounts but its management account (where service-managed StackSets deploy no
 * member), from Organizations' {@code DescribeOrganization} and {@code ListAccounts} (20 a page), through the
 * internal JSON client: the SDK's {@code organizations} module is not served at this SDK's version
 * ({@link AwsJsonApi}).
 */
public final class OrganizationAccounts implements AccountDirectory {

    static final String LIST_ACCOUNTS = "AWSOrganizationsV20161128.ListAccounts";
    static final String DESCRIBE_ORGANIZATION = "AWSOrganizationsV20161128.DescribeOrganization";

    private final AwsJsonApi organizations;

    public OrganizationAccounts(AwsJsonApi organizations) {
        this.organizations = organizations;
    }

    @Override
    public List<String> expected() {
        TreeSet<String> accounts = new TreeSet<>();
        String next = null;
        try {
            JsonNode organization = organizations.target(DESCRIBE_ORGANIZATION, JsonNodeFactory.instance.objectNode())
                    .path("Organization");
            String management = organization.path("MasterAccountId").asText(organization.path("ManagementAccountId")
                    .asText(""));
            do {
                ObjectNode request = JsonNodeFactory.instance.objectNode();
                if (next != null) {
                    request.put("NextToken", next);
                }
                JsonNode page = organizations.target(LIST_ACCOUNTS, request);
                for (JsonNode account : page.path("Accounts")) {
                    // Status is being replaced by State; either says ACTIVE for an account in use
                    String state = account.path("State").asText(account.path("Status").asText(""));
                    if (state.equals("ACTIVE")) {
                        accounts.add(account.path("Id").asText());
                    }
                }
                next = page.path("NextToken").isTextual() && !page.path("NextToken").asText().isEmpty()
                        ? page.path("NextToken").asText() : null;
            } while (next != null);
            accounts.remove(management);
        } catch (SdkException e) {
            throw new RollupException("Organizations ListAccounts failed: " + AwsErrors.describe(e), e);
        }
        return List.copyOf(accounts);
    }
}
