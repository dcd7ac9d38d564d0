package dev.iamkeyremediator.config;

import dev.iamkeyremediator.rules.BackoutMarkers;
import dev.iamkeyremediator.rules.ExposedKeyRule;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.rules.RuleSettings;
import dev.iamkeyremediator.rules.Rules;
import dev.iamkeyremediator.rules.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * @param rules                the values of the settings each rule declares (its thresholds: see {@link Rules})
 * @param maxActionsPerRun     at most this many keys are deactivated or deleted in one run; the rest are deferred
 * @param maxActionPercent     when more than this share of the account's keys (and more than 5) would be acted on, none are
 * @param exemptTagKey         user tag that exempts a user ({@code true} or a {@code YYYY-MM-DD} end date)
 * @param iamConcurrency       how many IAM calls may be in flight at once
 * @param securityHub          whether each finding is imported into Security Hub (and resolved once fixed)
 * @param ownerTagKey          user tag that names a key's owner, who gets a notice of what happens to its keys
 * @param chatTopicArn         an SNS topic that gets a short run summary for chat channels; optional
 * @param markerKeyArn         the KMS HMAC key that seals the tool's marker tags; without it markers are plain
 */
public record Settings(
        String modeParameterName,
        Optional<String> topicArn,
        Optional<String> centralTopicArn,
        RuleSettings rules,
        int maxActionsPerRun,
        int maxActionPercent,
        String exemptTagKey,
        int iamConcurrency,
        boolean securityHub,
        String ownerTagKey,
        Optional<String> chatTopicArn,
        Optional<String> markerKeyArn) {

    public static final String MODE_PARAMETER_NAME = "MODE_PARAMETER_NAME";
    public static final String TOPIC_ARN = "TOPIC_ARN";
    public static final String CENTRAL_TOPIC_ARN = "CENTRAL_TOPIC_ARN";
    public static final String EXEMPT_TAG_KEY = "EXEMPT_TAG_KEY";
    public static final String SECURITY_HUB = "SECURITY_HUB";
    public static final String OWNER_TAG_KEY = "OWNER_TAG_KEY";
    public static final String CHAT_TOPIC_ARN = "CHAT_TOPIC_ARN";
    public static final String MARKER_KEY_ARN = "MARKER_KEY_ARN";

    public static final String DEFAULT_MODE_PARAMETER_NAME = "/iam-key-remediator/mode";
    public static final String DEFAULT_EXEMPT_TAG_KEY = "iam-key-remediator:exempt";
    public static final String DEFAULT_OWNER_TAG_KEY = "owner";

    /**
     * One environment variable, as {@code --help} and docs/configuration.md describe it.
     *
     * @param name         the variable
     * @param defaultValue its default, or what happens when it is unset
     * @param meaning      what it sets, with its range
     */
    public record Variable(String name, String defaultValue, String meaning) {
    }

    public static final Setting MAX_ACTIONS = new Setting("MAX_ACTIONS_PER_RUN", 50, 0, 100_000,
            "keys changed per run at most; the rest deferred (0 acts on none)");
    public static final Setting MAX_PERCENT = new Setting("MAX_ACTION_PERCENT", 25, 0, 100,
            "above this share of the account's keys (and above 5 keys), no key is changed (100 disables)");
    public static final Setting CONCURRENCY = new Setting("IAM_CONCURRENCY", 8, 1, 64, "IAM calls in flight at once");

    /** Every whole-number setting: the rules' own, in precedence order, then the run's. */
    public static List<Setting> wholeNumbers() {
        List<Setting> all = new ArrayList<>(Rules.settings());
        all.addAll(List.of(MAX_ACTIONS, MAX_PERCENT, CONCURRENCY));
        return all;
    }

    /** Every variable with its default and meaning, in the order --help lists them. */
    public static List<Variable> variables() {
        List<Variable> variables = new ArrayList<>(List.of(
                new Variable(MODE_PARAMETER_NAME, DEFAULT_MODE_PARAMETER_NAME, "SSM parameter holding dry-run or enforce"),
                new Variable(TOPIC_ARN, "unset: the digest goes to the log", "SNS topic for the digest"),
                new Variable(CENTRAL_TOPIC_ARN, "unset", "a second topic (e.g. the security account's) receiving the same digest")));
        wholeNumbers().forEach(s -> variables.add(new Variable(s.name(), String.valueOf(s.defaultValue()),
                "%s (%d-%d)".formatted(s.meaning(), s.min(), s.max()))));
        variables.addAll(List.of(
                new Variable(EXEMPT_TAG_KEY, DEFAULT_EXEMPT_TAG_KEY, "the user tag that exempts (true, or a YYYY-MM-DD end date)"),
                new Variable(SECURITY_HUB, "false", "true imports every finding into Security Hub, and resolves it once fixed"),
                new Variable(OWNER_TAG_KEY, DEFAULT_OWNER_TAG_KEY, "the user tag naming a key's owner, who gets a notice"),
                new Variable(CHAT_TOPIC_ARN, "unset",
                        "an SNS topic for a short run summary in chat (Amazon Q Developer in chat applications)"),
                new Variable(MARKER_KEY_ARN, "unset: markers are plain (not sealed)",
                        "the KMS HMAC_256 key whose seal proves a marker tag was written by this tool")));
        return variables;
    }

    private static final Pattern SNS_TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]{1,256}");
    private static final Pattern SSM_PARAMETER_NAME = Pattern.compile("/?[A-Za-z0-9_.\\-/]{1,2048}");
    private static final Pattern KMS_KEY_ARN = Pattern.compile(
            "arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key/[A-Za-z0-9-]{1,128}|alias/[A-Za-z0-9/_-]{1,250})");
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

    public Settings {
        rules = rules == null ? RuleSettings.DEFAULTS : rules;
        topicArn = topicArn == null ? Optional.empty() : topicArn;
        centralTopicArn = centralTopicArn == null ? Optional.empty() : centralTopicArn;
        chatTopicArn = chatTopicArn == null ? Optional.empty() : chatTopicArn;
        markerKeyArn = markerKeyArn == null ? Optional.empty() : markerKeyArn;
    }

    /** The documented defaults (docs/configuration.md), as if no variable were set. */
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
        Map<String, Integer> ruleValues = new LinkedHashMap<>();
        Rules.settings().forEach(s -> ruleValues.put(s.name(), r.integer(s)));
        int maxActions = r.integer(MAX_ACTIONS);
        int maxPercent = r.integer(MAX_PERCENT);
        String tagKey = r.string(EXEMPT_TAG_KEY, DEFAULT_EXEMPT_TAG_KEY, TAG_KEY, "an IAM tag key of 1 to 128 characters");
        int concurrency = r.integer(CONCURRENCY);
        boolean securityHub = r.bool(SECURITY_HUB);
        String ownerTag = r.string(OWNER_TAG_KEY, DEFAULT_OWNER_TAG_KEY, TAG_KEY, "an IAM tag key of 1 to 128 characters");
        Optional<String> chatTopic = r.optionalString(CHAT_TOPIC_ARN, SNS_TOPIC_ARN,
                "an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:iam-key-chat");
        Optional<String> markerKey = r.optionalString(MARKER_KEY_ARN, KMS_KEY_ARN,
                "a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        exemptionProblem(tagKey, ownerTag).ifPresent(r::problem);
        SdkSettings.problems(env).forEach(r::problem);
        r.throwIfInvalid();
        return new Settings(modeParameter, topic, centralTopic, new RuleSettings(ruleValues), maxActions, maxPercent,
                tagKey, concurrency, securityHub, ownerTag, chatTopic, markerKey);
    }

    /**
     * An exemption tag that people write for other reasons, or that the tool writes itself, would exempt users
     * nobody meant to exempt: it is refused.
     */
    private static Optional<String> exemptionProblem(String exemptTag, String ownerTag) {
        if (exemptTag.equalsIgnoreCase(ownerTag)) {
            return Optional.of(("%s and %s are both '%s': every user with an owner would be exempt; give the exemption"
                    + " its own tag (default %s)").formatted(EXEMPT_TAG_KEY, OWNER_TAG_KEY, exemptTag,
                    DEFAULT_EXEMPT_TAG_KEY));
        }
        if (BackoutMarkers.isMarker(exemptTag) || exemptTag.equalsIgnoreCase(ExposedKeyRule.QUARANTINED_SINCE)) {
            return Optional.of("%s must not be %s or start with %s: those are the tags this tool writes"
                    .formatted(EXEMPT_TAG_KEY, ExposedKeyRule.QUARANTINED_SINCE, BackoutMarkers.TAG_PREFIX));
        }
        return Optional.empty();
    }

    /** The rules in precedence order, with this configuration's thresholds and exemption tag. */
    public Planner planner() {
        return Planner.of(rules, exemptTagKey);
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
            return value(env, name);
        }

        void problem(String problem) {
            problems.add(problem);
        }

        int integer(Setting variable) {
            Optional<String> value = raw(variable.name());
            if (value.isEmpty()) {
                return variable.defaultValue();
            }
            try {
                int parsed = Integer.parseInt(value.get());
                if (variable.accepts(parsed)) {
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
    }

    /** A variable's value, trimmed; blank counts as unset. */
    public static Optional<String> value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** A value as an error message may show it: clipped, without control characters. */
    public static String printable(String value) {
        String clipped = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return clipped.replaceAll("\\p{Cntrl}", "?");
    }
}
