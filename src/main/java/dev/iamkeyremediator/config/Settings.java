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
        int iamConcurrency) {

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

    public static final String DEFAULT_MODE_PARAMETER_NAME = "/iam-key-remediator/mode";
    public static final String DEFAULT_EXEMPT_TAG_KEY = "iam-key-remediator:exempt";

    private static final Pattern SNS_TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]{1,256}");
    private static final Pattern SSM_PARAMETER_NAME = Pattern.compile("/?[A-Za-z0-9_.\\-/]{1,2048}");
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

    public Settings {
        topicArn = topicArn == null ? Optional.empty() : topicArn;
        centralTopicArn = centralTopicArn == null ? Optional.empty() : centralTopicArn;
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
        int unused = r.integer(UNUSED_KEY_DAYS, 90, 1, 3650);
        int deleteAfter = r.integer(DELETE_AFTER_DAYS, 30, 0, 3650);
        int grace = r.integer(ROTATION_GRACE_DAYS, 7, 0, 3650);
        int maxAge = r.integer(MAX_KEY_AGE_DAYS, 90, 1, 3650);
        int window = r.integer(INITIAL_SETUP_WINDOW_SECONDS, 600, 0, 86_400);
        int initialGrace = r.integer(INITIAL_KEY_GRACE_HOURS, 24, 0, 8760);
        int maxActions = r.integer(MAX_ACTIONS_PER_RUN, 50, 0, 100_000);
        int maxPercent = r.integer(MAX_ACTION_PERCENT, 25, 0, 100);
        String tagKey = r.string(EXEMPT_TAG_KEY, DEFAULT_EXEMPT_TAG_KEY, TAG_KEY, "an IAM tag key of 1 to 128 characters");
        int concurrency = r.integer(IAM_CONCURRENCY, 8, 1, 64);
        r.throwIfInvalid();
        return new Settings(modeParameter, topic, centralTopic, unused, deleteAfter, grace, maxAge, Duration.ofSeconds(window),
                Duration.ofHours(initialGrace), maxActions, maxPercent, tagKey, concurrency);
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

        int integer(String name, int defaultValue, int min, int max) {
            Optional<String> value = raw(name);
            if (value.isEmpty()) {
                return defaultValue;
            }
            try {
                int parsed = Integer.parseInt(value.get());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the range it must fall in
            }
            problems.add("%s must be a whole number from %d to %d, got '%s'".formatted(name, min, max,
                    printable(value.get())));
            return defaultValue;
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
