package dev.iamkeyremediator.remediation;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.RunBudget;
import dev.iamkeyremediator.rules.Action;
import dev.iamkeyremediator.rules.KeyDecision;
import dev.iamkeyremediator.rules.Plan;
import dev.iamkeyremediator.rules.Planner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a plan into outcomes. Dry-run is decided here and nowhere else: the plan, the cap and the digest are the
 * same in both modes, and only enforce makes calls, each after re-reading the user's keys and tags and deciding
 * again on what IAM says now.
 */
public final class Executor {

    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

    /** Deletes first, then the longest idle, then by user and key: the order actions are taken and capped in. */
    private static final Comparator<KeyDecision> ACTION_ORDER = Comparator
            .comparing((KeyDecision d) -> d.action().orElseThrow(), Comparator.reverseOrder())
            .thenComparing(d -> d.key().lastActivity())
            .thenComparing(d -> d.user().userName())
            .thenComparing(d -> d.key().accessKeyId());

    private final KeyActions actions;
    private final Planner planner;
    private final Settings settings;

    public Executor(KeyActions actions, Planner planner, Settings settings) {
        this.actions = actions;
        this.planner = planner;
        this.settings = settings;
    }

    /**
     * @param protectedKeyIds keys never to touch (the key signing this run's requests)
     * @param totalKeys       how many keys the account holds, for the blast-radius limit
     */
    public List<KeyOutcome> execute(Plan plan, Mode mode, Set<String> protectedKeyIds, int totalKeys) {
        return execute(plan, mode, protectedKeyIds, totalKeys, RunBudget.UNLIMITED);
    }

    /** As above; once the budget is exhausted no further action starts and the rest are listed as not processed. */
    public List<KeyOutcome> execute(Plan plan, Mode mode, Set<String> protectedKeyIds, int totalKeys, RunBudget budget) {
        List<KeyOutcome> outcomes = new ArrayList<>();
        List<KeyDecision> toChange = new ArrayList<>();
        for (KeyDecision decision : plan.decisions()) {
            if (!decision.hasNews()) {
                continue;
            }
            if (decision.exemption().exempt()) {
                outcomes.add(record(decision, Outcome.EXEMPT, decision.exemption().note()));
            } else if (decision.wantsChange() && protectedKeyIds.contains(decision.key().accessKeyId())) {
                outcomes.add(record(decision, Outcome.SKIPPED, "this key signs the run's own requests"));
            } else if (decision.wantsChange()) {
                toChange.add(decision);
            } else if (decision.upcoming().isPresent()) {
                outcomes.add(record(decision, Outcome.UPCOMING, "")); // the owner's warning outranks a report
            } else {
                outcomes.add(record(decision, Outcome.REPORTED, ""));
            }
        }
        toChange.sort(ACTION_ORDER);
        if (exceedsBlastRadius(toChange.size(), totalKeys)) {
            String why = "%d of %d keys (over MAX_ACTION_PERCENT=%d%%)".formatted(toChange.size(), totalKeys,
                    settings.maxActionPercent());
            toChange.forEach(d -> outcomes.add(record(d, Outcome.WITHHELD, why)));
            return outcomes;
        }
        int remaining = settings.maxActionsPerRun();
        for (KeyDecision decision : toChange) {
            if (remaining <= 0) {
                outcomes.add(record(decision, Outcome.DEFERRED, "cap of %d actions per run reached"
                        .formatted(settings.maxActionsPerRun())));
                continue;
            }
            if (mode.enforce() && budget.exhausted()) {
                outcomes.add(record(decision, Outcome.NOT_PROCESSED, "the run's time budget ran out"));
                continue;
            }
            remaining--;
            outcomes.add(mode.enforce() ? enforce(decision, plan) : simulate(decision));
        }
        return outcomes;
    }

    /** True when acting on {@code count} keys would exceed the share of the account allowed in one run. */
    boolean exceedsBlastRadius(int count, int totalKeys) {
        if (count == 0 || settings.maxActionPercent() >= 100) {
            return false;
        }
        return (long) count * 100 > (long) settings.maxActionPercent() * totalKeys;
    }

    private KeyOutcome simulate(KeyDecision decision) {
        Outcome outcome = decision.action().orElseThrow() == Action.DELETE ? Outcome.WOULD_DELETE : Outcome.WOULD_DEACTIVATE;
        return record(decision, outcome, "");
    }

    private KeyOutcome enforce(KeyDecision planned, Plan plan) {
        String userName = planned.user().userName();
        String keyId = planned.key().accessKeyId();
        Action action = planned.action().orElseThrow();
        try {
            List<AccessKey> live = actions.currentKeys(userName);
            Optional<KeyDecision> now = planner.decide(
                            planned.user().withAccessKeys(live).withTags(actions.currentTags(userName)), plan.evaluatedAt())
                    .stream().filter(d -> d.key().accessKeyId().equals(keyId)).findFirst();
            if (now.isEmpty()) {
                return record(planned, Outcome.SKIPPED, "the key no longer exists");
            }
            if (now.get().exemption().exempt()) {
                return record(now.get(), Outcome.EXEMPT, now.get().exemption().note() + " (tagged since the inventory)");
            }
            if (now.get().action().orElse(null) != action) {
                return record(planned, Outcome.SKIPPED, "changed since the inventory (now: %s); left for the next run"
                        .formatted(now.get().governing().map(f -> f.rule() + " " + f.action()).orElse("no finding")));
            }
            if (action == Action.DELETE) {
                actions.delete(userName, keyId);
                return record(now.get(), Outcome.DELETED, "");
            }
            actions.deactivate(userName, keyId);
            return record(now.get(), Outcome.DEACTIVATED, "");
        } catch (KeyActionException e) {
            return record(planned, Outcome.FAILED, e.getMessage());
        }
    }

    private static KeyOutcome record(KeyDecision decision, Outcome outcome, String detail) {
        String rule = decision.governing().or(decision::upcoming).map(f -> f.rule().name()).orElse("");
        LOG.info("key outcome", entry("user", decision.user().userName()),
                entry("accessKeyId", decision.key().accessKeyId()), entry("rule", rule),
                entry("outcome", outcome.name()), entry("detail", detail));
        return new KeyOutcome(decision, outcome, detail);
    }
}
