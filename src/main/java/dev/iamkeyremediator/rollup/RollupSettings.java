package dev.iamkeyremediator.rollup;

import dev.iamkeyremediator.config.ConfigurationException;
import dev.iamkeyremediator.config.Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The roll-up's settings, read once from the environment: its queue, its topic, and the accounts it expects. A
 * malformed or missing value stops it with a message naming the variable.
 *
 * @param queueUrl         {@code ROLLUP_QUEUE_URL}: the SQS queue subscribed to the central topic
 * @param topicArn         {@code ROLLUP_TOPIC_ARN}: where the organization digest goes
 * @param expectedAccounts {@code EXPECTED_ACCOUNTS}: the account ids expected to report
 * @param organization     whether they are the organization's ACTIVE accounts instead ({@code organization})
 */
public record RollupSettings(String queueUrl, String topicArn, List<String> expectedAccounts, boolean organization) {

    public static final String ROLLUP_QUEUE_URL = "ROLLUP_QUEUE_URL";
    public static final String ROLLUP_TOPIC_ARN = "ROLLUP_TOPIC_ARN";
    public static final String EXPECTED_ACCOUNTS = "EXPECTED_ACCOUNTS";
    public static final String ORGANIZATION = "organization";

    private static final Pattern QUEUE_URL = Pattern.compile("https?://[A-Za-z0-9.:-]+/\\d{12}/[A-Za-z0-9_-]{1,80}");
    private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]{1,256}");

    public RollupSettings {
        expectedAccounts = List.copyOf(expectedAccounts);
    }

    /** @throws ConfigurationException naming each malformed or missing variable */
    public static RollupSettings fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String queue = Settings.value(env, ROLLUP_QUEUE_URL).orElse("");
        if (!QUEUE_URL.matcher(queue).matches()) {
            problems.add("%s must be an SQS queue URL such as https://sqs.us-east-1.amazonaws.com/111122223333/"
                    .formatted(ROLLUP_QUEUE_URL) + "iam-key-rollup, got '%s'".formatted(Settings.printable(queue)));
        }
        String topic = Settings.value(env, ROLLUP_TOPIC_ARN).orElse("");
        if (!TOPIC_ARN.matcher(topic).matches()) {
            problems.add("%s must be an SNS topic ARN such as arn:aws:sns:us-east-1:111122223333:org-iam-key-rollup,"
                    .formatted(ROLLUP_TOPIC_ARN) + " got '%s'".formatted(Settings.printable(topic)));
        }
        String expected = Settings.value(env, EXPECTED_ACCOUNTS).orElse("");
        boolean organization = expected.equalsIgnoreCase(ORGANIZATION);
        List<String> accounts = organization || expected.isEmpty() ? List.of()
                : Arrays.stream(expected.split(",")).map(String::trim).filter(a -> !a.isEmpty()).distinct().sorted()
                        .toList();
        List<String> wrong = accounts.stream().filter(a -> !a.matches("\\d{12}")).toList();
        if (!wrong.isEmpty()) {
            problems.add("%s must be a comma list of 12-digit account ids, or organization; got '%s'"
                    .formatted(EXPECTED_ACCOUNTS, Settings.printable(String.join(",", wrong))));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new RollupSettings(queue, topic, accounts, organization);
    }

    /** What the digest says the expected accounts are. */
    public String expectedFrom() {
        return organization ? "the organization's ACTIVE accounts" : expectedAccounts.isEmpty() ? ""
                : EXPECTED_ACCOUNTS;
    }
}
