package dev.iamkeyremediator.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the run is configured with, read once from the environment. The same variables are used by the
 * Lambda function and by a local {@code run}. A malformed value is never replaced by a default: it stops the run
 * with a message naming the variable.
 *
 * @param modeParameterName    SSM parameter holding {@code dry-run} or {@code enforce}
 * @param topicArn             SNS topic for the digest; empty when the digest should only be logged (local runs)
 * @param centralTopicArn      a second topic (the security account's) that receives the same digest; optional
 * @param unusedKeyDays        an Active key idle this long is deactivated ({@code UNUSED_KEY})
 * @param deleteAfterDays      an Inactive key is deleted this many days after it was marked Inactive (backout window)
 * @param rotationGraceDays    with two Active keys, the one not kept may stay idle this long before deactivation
 * @param maxKeyAgeDays        an Active key older than this is reported as due for rotation
 * @param initialSetupWindow   a key created this close to its user counts as created at setup (CIS 1.11)
 * @param initialKeyGrace      a never-used setup key is left alone for this long after creation
 * @param maxActionsPerRun     at most this many keys are deactivated or deleted in one run; the rest are deferred
 * @param maxActionPercent     when more than this share of the account's keys (and more than 5) would be acted on, none are
 * @param exemptTagKey         user tag that exempts a user ({@code true} or a {@code YYYY-MM-DD} end date)
 * @param iamConcurrency       how many IAM calls may be in flight at once
 * @param securityHub          whether each finding is imported into Security Hub (and resolved once fixed)
 * @param ownerTagKey          user tag that names a key's owner, who gets a notice of what happens to its keys
 * @param chatTopicArn         an SNS topic that gets a short run summary for chat channels; optional
 */
public record Settings(
        String modeParameterName,
        Optional<String> topicArn,
        Optional<String> centralTopicArn,
        int unusedKeyDays,
        int deleteAfterDays,
        int rotationGraceDays,
        int maxKeyAgeDays,
        Duration initialSetupWindow,
        Duration initialKeyGrace,
        int maxActionsPerRun,
        int maxActionPercent,
        String exemptTagKey,
        int iamConcurrency,
        boolean securityHub,
        String ownerTagKey,
        Optional<String> chatTopicArn) {

    public static final String MODE_PARAMETER_NAME = "MODE_PARAMETER_NAME";
    public static final String TOPIC_ARN = "TOPIC_ARN";
    public static final String CENTRAL_TOPIC_ARN = "CENTRAL_TOPIC_ARN";
    public static final String UNUSED_KEY_DAYS = "UNUSED_KEY_DAYS";
    public static final String DELETE_AFTER_DAYS = "DELETE_AFTER_DAYS";
    public static final String ROTATION_GRACE_DAYS = "ROTATION_GRACE_DAYS";
    public static final String MAX_KEY_AGE_DAYS = "MAX_KEY_AGE_DAYS";
    public static final String INITIAL_SETUP_WINDOW_SECONDS = "INITIAL_SETUP_WINDOW_SECONDS";
    public static final String INITIAL_KEY_GRACE_HOURS = "INITIAL_KEY_GRACE_HOURS";
    public static final String MAX_ACTIONS_PER_RUN = "MAX_ACTIONS_PER_RUN";
    public static final String MAX_ACTION_PERCENT = "MAX_ACTION_PERCENT";
    public static final String EXEMPT_TAG_KEY = "EXEMPT_TAG_KEY";
    public static final String IAM_CONCURRENCY = "IAM_CONCURRENCY";
    public static final String SECURITY_HUB = "SECURITY_HUB";
    public static final String OWNER_TAG_KEY = "OWNER_TAG_KEY";
    public static final String CHAT_TOPIC_ARN = "CHAT_TOPIC_ARN";

    public static final String DEFAULT_MODE_PARAMETER_NAME = "/iam-key-remediator/mode";
    public static final String DEFAULT_EXEMPT_TAG_KEY = "iam-key-remediator:exempt";
    public static final String DEFAULT_OWNER_TAG_KEY = "owner";

    /**
     * One environment variable, as {@code --help} and the README describe it.
     *
     * @param name         the variable
     * @param defaultValue its default, or what happens when it is unset
     * @param meaning      what it sets, with its range
     */
    public record Variable(String name, String defaultValue, String meaning) {
    }

    private static final IntVariable UNUSED = new IntVariable(UNUSED_KEY_DAYS, 90, 1, 3650,
            "idle days before an Active key is deactivated");
    private static final IntVariable DELETE_AFTER = new IntVariable(DELETE_AFTER_DAYS, 30, 0, 3650,
            "days an Inactive key is kept after it was marked, before it is deleted");
    private static final IntVariable GRACE = new IntVariable(ROTATION_GRACE_DAYS, 7, 0, 3650,
            "idle days before the key not kept of two active keys is deactivated");
    private static final IntVariable MAX_AGE = new IntVariable(MAX_KEY_AGE_DAYS, 90, 1, 3650,
            "key age reported as due for rotation");
    private static final IntVariable SETUP_WINDOW = new IntVariable(INITIAL_SETUP_WINDOW_SECONDS, 600, 0, 86_400,
            "a key this close to its user's creation counts as created at setup");
    private static final IntVariable SETUP_GRACE = new IntVariable(INITIAL_KEY_GRACE_HOURS, 24, 0, 8760,
            "a never-used setup key is left alone this long");
    private static final IntVariable MAX_ACTIONS = new IntVariable(MAX_ACTIONS_PER_RUN, 50, 0, 100_000,
            "keys changed per run at most; the rest deferred (0 acts on none)");
    private static final IntVariable MAX_PERCENT = new IntVariable(MAX_ACTION_PERCENT, 25, 0, 100,
            "above this share of the account's keys (and above 5 keys), no key is changed (100 disables)");
    private static final IntVariable CONCURRENCY = new IntVariable(IAM_CONCURRENCY, 8, 1, 64,
            "IAM calls in flight at once");

    /** Every variable with its default and meaning, in the order --help lists them. */
    public static List<Variable> variables() {
        return List.of(
                new Variable(MODE_PARAMETER_NAME, DEFAULT_MODE_PARAMETER_NAME, "SSM parameter holding dry-run or enforce"),
                new Variable(TOPIC_ARN, "unset: the digest goes to the log", "SNS topic for the digest"),
                new Variable(CENTRAL_TOPIC_ARN, "unset", "a second topic (e.g. the security account's) receiving the same digest"),
                UNUSED.describe(), DELETE_AFTER.describe(), GRACE.describe(), MAX_AGE.describe(),
                SETUP_WINDOW.describe(), SETUP_GRACE.describe(), MAX_ACTIONS.describe(), MAX_PERCENT.describe(),
                new Variable(EXEMPT_TAG_KEY, DEFAULT_EXEMPT_TAG_KEY, "the user tag that exempts (true, or a YYYY-MM-DD end date)"),
                CONCURRENCY.describe(),
                new Variable(SECURITY_HUB, "false", "true imports every finding into Security Hub, and resolves it once fixed"),
                new Variable(OWNER_TAG_KEY, DEFAULT_OWNER_TAG_KEY, "the user tag naming a key's owner, who gets a notice"),
                new Variable(CHAT_TOPIC_ARN, "unset", "an SNS topic for a short run summary in chat (Amazon Q Developer)"));
    }

    /** An integer variable: its default and range live here and nowhere else. */
    private record IntVariable(String name, int defaultValue, int min, int max, String meaning) {
        Variable describe() {
            return new Variable(name, String.valueOf(defaultValue), "%s (%d-%d)".formatted(meaning, min, max));
        }
    }

    private static final Pattern SNS_TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]{1,256}");
    private static final Pattern SSM_PARAMETER_NAME = Pattern.compile("/?[A-Za-z0-9_.\\-/]{1,2048}");
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

    public Settings {
        topicArn = topicArn == null ? Optional.empty() : topicArn;
        centralTopicArn = centralTopicArn == null ? Optional.empty() : centralTopicArn;
        chatTopicArn = chatTopicArn == null ? Optional.empty() : chatTopicArn;
    }

    /** The defaults of DESIGN.md, as if no variable were set. */
    public static Settings defaults() {
        return fromEnvironment(Map.of());
    }

    /**
     * Reads every variable; blank counts as unset. All malformed values are reported together.
     *
     * @throws ConfigurationException naming each malformed variable and what it must be
     */
    public static Settings fromEnvironment(Map<String, String> env) {
        Reader r = new Reader(env);
        String modeParameter = r.string(MODE_PARAMETER_NAME, DEFAULT_MODE_PARAMETER_NAME, SSM_PARAMETER_NAME,
                "an SSM parameter name such as /iam-key-remediator/mode");
        Optional<String> topic = r.optionalString(TOPIC_ARN, SNS_TOPIC_ARN,
                "an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:iam-key-digest");
        Optional<String> centralTopic = r.optionalString(CENTRAL_TOPIC_ARN, SNS_TOPIC_ARN,
                "an SNS topic ARN such as arn:aws:sns:us-east-1:111122223333:org-iam-key-digests");
        int unused = r.integer(UNUSED);
        int deleteAfter = r.integer(DELETE_AFTER);
        int grace = r.integer(GRACE);
        int maxAge = r.integer(MAX_AGE);
        int window = r.integer(SETUP_WINDOW);
        int initialGrace = r.integer(SETUP_GRACE);
        int maxActions = r.integer(MAX_ACTIONS);
        int maxPercent = r.integer(MAX_PERCENT);
        String tagKey = r.string(EXEMPT_TAG_KEY, DEFAULT_EXEMPT_TAG_KEY, TAG_KEY, "an IAM tag key of 1 to 128 characters");
        int concurrency = r.integer(CONCURRENCY);
        boolean securityHub = r.bool(SECURITY_HUB);
        String ownerTag = r.string(OWNER_TAG_KEY, DEFAULT_OWNER_TAG_KEY, TAG_KEY, "an IAM tag key of 1 to 128 characters");
        Optional<String> chatTopic = r.optionalString(CHAT_TOPIC_ARN, SNS_TOPIC_ARN,
                "an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:iam-key-chat");
        r.throwIfInvalid();
        return new Settings(modeParameter, topic, centralTopic, unused, deleteAfter, grace, maxAge, Duration.ofSeconds(window),
                Duration.ofHours(initialGrace), maxActions, maxPercent, tagKey, concurrency, securityHub, ownerTag,
                chatTopic);
    }

    /** Every topic the digest goes to: the account's own, then the central one. */
    public List<String> digestTopics() {
        List<String> topics = new ArrayList<>();
        topicArn.ifPresent(topics::add);
        centralTopicArn.ifPresent(topics::add);
        return topics;
    }

    /** Collects problems instead of stopping at the first, so one deploy fixes them all. */
    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        private Optional<String> raw(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        int integer(IntVariable variable) {
            Optional<String> value = raw(variable.name());
            if (value.isEmpty()) {
                return variable.defaultValue();
            }
            try {
                int parsed = Integer.parseInt(value.get());
                if (parsed >= variable.min() && parsed <= variable.max()) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the range it must fall in
            }
            problems.add("%s must be a whole number from %d to %d, got '%s'".formatted(variable.name(), variable.min(),
                    variable.max(), printable(value.get())));
            return variable.defaultValue();
        }

        boolean bool(String name) {
            Optional<String> value = raw(name);
            if (value.isEmpty() || value.get().equalsIgnoreCase("false")) {
                return false;
            }
            if (value.get().equalsIgnoreCase("true")) {
                return true;
            }
            problems.add("%s must be true or false, got '%s'".formatted(name, printable(value.get())));
            return false;
        }

        String string(String name, String defaultValue, Pattern format, String expected) {
            return optionalString(name, format, expected).orElse(defaultValue);
        }

        Optional<String> optionalString(String name, Pattern format, String expected) {
            Optional<String> value = raw(name);
            if (value.isPresent() && !format.matcher(value.get()).matches()) {
                problems.add("%s must be %s, got '%s'".formatted(name, expected, printable(value.get())));
                return Optional.empty();
            }
            return value;
        }

        void throwIfInvalid() {
            if (!problems.isEmpty()) {
                throw new ConfigurationException(problems);
            }
        }

        private static String printable(String value) {
            String clipped = value.length() > 80 ? value.substring(0, 80) + "..." : value;
            return clipped.replaceAll("\\p{Cntrl}", "?");
        }
    }
}
