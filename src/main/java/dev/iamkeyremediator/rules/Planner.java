package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.User;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the rules in precedence order to each user. Pure: the same inventory, settings and instant always give
 * the same plan, in dry-run and in enforce alike.
 */
public final class Planner {

    /** A key that a rule will act on within this window is listed as upcoming. */
    public static final Duration UPCOMING_WINDOW = Duration.ofDays(7);

    private final List<Rule> rules;
    private final String exemptTagKey;

    public Planner(List<Rule> rulesInPrecedenceOrder, String exemptTagKey) {
        this.rules = List.copyOf(rulesInPrecedenceOrder);
        this.exemptTagKey = exemptTagKey;
    }

    public static Planner fromSettings(Settings settings) {
        return new Planner(List.of(
                new InitialSetupKeyRule(settings.initialSetupWindow(), settings.initialKeyGrace()),
                new StaleInactiveKeyRule(settings.staleInactiveAge()),
                new UnusedKeyRule(settings.unusedKeyAge()),
                new MultipleActiveKeysRule(settings.rotationGrace()),
                new KeyRotationDueRule(settings.maxKeyAge())), settings.exemptTagKey());
    }

    public Plan plan(Inventory inventory, Instant now) {
        List<KeyDecision> decisions = new ArrayList<>();
        for (User user : inventory.users()) {
            decisions.addAll(decide(user, now));
        }
        return new Plan(decisions, now);
    }

    /** The decision for each of the user's keys, in the user's key order. */
    public List<KeyDecision> decide(User user, Instant now) {
        Evaluation current = evaluate(user, now);
        Evaluation future = evaluate(user, now.plus(UPCOMING_WINDOW));
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Exemption exemption = Exemption.fromTag(exemptTagKey, user.tags().get(exemptTagKey), today);
        List<KeyDecision> decisions = new ArrayList<>();
        for (AccessKey key : user.accessKeys()) {
            String id = key.accessKeyId();
            Optional<Finding> governing = current.governing(id);
            Optional<Finding> upcoming = future.governing(id)
                    .filter(f -> f.action().changesIam())
                    .filter(f -> f.action().strongerThan(governing.map(Finding::action).orElse(null)));
            decisions.add(new KeyDecision(user, key, current.findings(id), governing, upcoming, exemption));
        }
        return decisions;
    }

    private Evaluation evaluate(User user, Instant at) {
        Map<String, Action> decided = new HashMap<>();
        Map<String, List<Finding>> findings = new LinkedHashMap<>();
        for (Rule rule : rules) {
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

        /** The first finding, in precedence order, that carries the key's strongest action. */
        Optional<Finding> governing(String keyId) {
            Action strongest = actions.get(keyId);
            return findings(keyId).stream().filter(f -> f.action() == strongest).findFirst();
        }
    }
}
