package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.time.Days;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the rules in precedence order to each user, with its exemption and its backout markers. Pure: the same
 * inventory, settings and instant always give the same plan, in dry-run and in enforce alike.
 */
public final class Planner {

    /** A key that a rule will act on within this window, or whose exemption ends within it, is listed as upcoming. */
    public static final Duration UPCOMING_WINDOW = Duration.ofDays(7);

    private final List<Rule> rules;
    private final StaleInactiveKeyRule backout;
    private final String exemptTagKey;

    /**
     * @param rules        in precedence order ({@link Rules#ALL}); exactly one of them is the backout window
     * @param exemptTagKey the user tag that exempts
     */
    public Planner(List<Rule> rules, String exemptTagKey) {
        this.rules = List.copyOf(rules);
        List<StaleInactiveKeyRule> backouts = rules.stream().filter(StaleInactiveKeyRule.class::isInstance)
                .map(StaleInactiveKeyRule.class::cast).toList();
        if (backouts.size() != 1) {
            throw new IllegalArgumentException("the rules need exactly one backout window (STALE_INACTIVE_KEY)");
        }
        this.backout = backouts.get(0);
        this.exemptTagKey = exemptTagKey;
    }

    /** Every rule, built from {@code values}, in precedence order. */
    public static Planner of(RuleSettings values, String exemptTagKey) {
        return new Planner(Rules.build(values), exemptTagKey);
    }

    /** The rules in precedence order. */
    public List<Rule> rules() {
        return rules;
    }

    /** Whether any rule needs the user's console password to decide on this key. */
    public boolean needsPassword(Instant userCreated, AccessKey key) {
        return rules.stream().anyMatch(r -> r.needsPassword(userCreated, key));
    }

    /** The first reason, in precedence order, why a rule needs the user read live rather than from the report. */
    public Optional<String> whyReadLive(User asReported) {
        return rules.stream().filter(r -> r.judges(asReported)).map(r -> r.whyReadLive(asReported))
                .flatMap(Optional::stream).findFirst();
    }

    /** Whether a user with these tags is exempt on {@code today}. */
    public boolean exempt(Map<String, String> tags, LocalDate today) {
        return Exemption.fromTags(exemptTagKey, tags, today).exempt();
    }

    /** The backout window (STALE_INACTIVE_KEY): delete dates and markers. */
    public StaleInactiveKeyRule backout() {
        return backout;
    }

    public Plan plan(Inventory inventory, Instant now) {
        List<UserDecision> decisions = new ArrayList<>();
        for (User user : inventory.users()) {
            decisions.add(decide(user, now));
        }
        return new Plan(decisions, now);
    }

    /** The decision for the user and each of its keys, in the user's key order. */
    public UserDecision decide(User user, Instant now) {
        LocalDate today = Days.day(now);
        Exemption exemption = Exemption.fromTags(exemptTagKey, user.tags(), today);
        Evaluation current = evaluate(user, now);
        Optional<Evaluation> future = upcomingInstant(exemption, now).map(at -> evaluate(user, at));
        StaleInactiveKeyRule.Review review = exemption.exempt() || !backout.judges(user)
                ? StaleInactiveKeyRule.Review.NONE : backout.review(user, today);
        List<KeyDecision> decisions = new ArrayList<>();
        for (AccessKey key : user.accessKeys()) {
            String id = key.accessKeyId();
            Optional<Finding> governing = current.governing(id);
            boolean held = exemption.exempt() && governing.map(f -> !f.rule().emergency()).orElse(true);
            Optional<Action> actedNow = held ? Optional.empty() : governing.map(Finding::action);
            Optional<Finding> upcoming = future.flatMap(f -> f.governing(id))
                    .filter(f -> f.action().changesIam())
                    .filter(f -> f.action().strongerThan(actedNow.orElse(null)));
            decisions.add(new KeyDecision(user, key, current.findings(id), governing, upcoming, exemption,
                    review.of(id)));
        }
        return new UserDecision(user, exemption, decisions, review.changes(), ExposedKeyRule.quarantineTag(user, now));
    }

    /**
     * The decision of an exposed-key event: the named key alone, deactivated whatever the user's exemption says.
     * Nothing else of the user is decided on (its other keys' last use was not read).
     */
    public UserDecision exposed(User user, Finding finding, Instant now) {
        Exemption exemption = Exemption.fromTags(exemptTagKey, user.tags(), Days.day(now));
        List<KeyDecision> decisions = user.accessKeys().stream().filter(k -> k.accessKeyId().equals(finding.accessKeyId()))
                .map(k -> new KeyDecision(user, k, List.of(finding), Optional.of(finding), Optional.empty(), exemption,
                        StaleInactiveKeyRule.KeyState.NONE))
                .toList();
        return new UserDecision(user, exemption, decisions, List.of(), Optional.empty());
    }

    /** The exposed-key rule, which turns an event into a finding. */
    public ExposedKeyRule exposure() {
        return rules.stream().filter(ExposedKeyRule.class::isInstance).map(ExposedKeyRule.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("the rules have no EXPOSED_KEY"));
    }

    /**
     * The instant the upcoming window looks at: the end of the window, or for an exempt user the end of a dated
     * exemption that ends within it. An exemption for good, or one ending later, has no upcoming.
     */
    private static Optional<Instant> upcomingInstant(Exemption exemption, Instant now) {
        Instant horizon = now.plus(UPCOMING_WINDOW);
        if (!exemption.exempt()) {
            return Optional.of(horizon);
        }
        return exemption.endsOn().map(Days::startOf).filter(end -> !end.isAfter(horizon))
                .map(end -> end.isBefore(now) ? now : end);
    }

    private Evaluation evaluate(User user, Instant at) {
        Map<String, Action> decided = new HashMap<>();
        Map<String, List<Finding>> findings = new LinkedHashMap<>();
        for (Rule rule : rules) {
            if (!rule.judges(user)) {
                continue;
            }
            for (Finding finding : rule.evaluate(user, Map.copyOf(decided), at)) {
                findings.computeIfAbsent(finding.accessKeyId(), k -> new ArrayList<>()).add(finding);
                decided.merge(finding.accessKeyId(), finding.action(),
                        (old, candidate) -> candidate.strongerThan(old) ? candidate : old);
            }
        }
        return new Evaluation(findings, decided);
    }

    private record Evaluation(Map<String, List<Finding>> byKey, Map<String, Action> actions) {

        List<Finding> findings(String keyId) {
            return byKey.getOrDefault(keyId, List.of());
        }

        /**
         * An emergency's action that changes the key, else the first finding, in precedence order, that carries the
         * key's strongest action.
         */
        Optional<Finding> governing(String keyId) {
            Optional<Finding> emergency = findings(keyId).stream()
                    .filter(f -> f.rule().emergency() && f.action().changesIam()).findFirst();
            if (emergency.isPresent()) {
                return emergency;
            }
            Action strongest = actions.get(keyId);
            return findings(keyId).stream().filter(f -> f.action() == strongest).findFirst();
        }
    }
}
