package dev.iamkeyremediator.remediation;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.InventoryError;
import dev.iamkeyremediator.inventory.RunBudget;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.remediation.MarkerOutcome.Kind;
import dev.iamkeyremediator.rules.Action;
import dev.iamkeyremediator.rules.BackoutMarkers;
import dev.iamkeyremediator.rules.Days;
import dev.iamkeyremediator.rules.KeyDecision;
import dev.iamkeyremediator.rules.MarkerChange;
import dev.iamkeyremediator.rules.Plan;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.rules.StaleInactiveKeyRule;
import dev.iamkeyremediator.rules.UserDecision;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a plan into outcomes. Dry-run is decided here and nowhere else: the plan, the caps and the digest are the
 * same in both modes, and only enforce makes calls. For each user it writes, enforce re-reads the user's keys and
 * tags, decides again on what IAM says now, acts, then writes the user's backout markers: a deactivated key is
 * marked, a deleted key's marker removed, a key first seen Inactive marked, void markers removed. Markers are not
 * actions: they do not count against the caps.
 */
public final class Executor {

    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);
    /** Below this many changes the percentage limit never withholds: a small account can always act. */
    static final int BLAST_RADIUS_FLOOR = 5;

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
     * @param budget          once exhausted no further user is written and the rest are listed as not processed
     */
    public Execution execute(Plan plan, Mode mode, Set<String> protectedKeyIds, int totalKeys, RunBudget budget) {
        List<KeyDecision> toChange = plan.decisions().stream()
                .filter(d -> !d.exemption().exempt() && d.wantsChange())
                .filter(d -> !protectedKeyIds.contains(d.key().accessKeyId()))
                .sorted(ACTION_ORDER)
                .toList();
        Map<String, KeyOutcome> held = new HashMap<>();
        List<String> allowed = new ArrayList<>();
        if (exceedsBlastRadius(toChange.size(), totalKeys)) {
            String why = "%d of %d keys (over MAX_ACTION_PERCENT=%d%%)".formatted(toChange.size(), totalKeys,
                    settings.maxActionPercent());
            toChange.forEach(d -> held.put(d.key().accessKeyId(), new KeyOutcome(d, Outcome.WITHHELD, why)));
        } else {
            for (KeyDecision d : toChange) {
                if (allowed.size() < settings.maxActionsPerRun()) {
                    allowed.add(d.key().accessKeyId());
                } else {
                    held.put(d.key().accessKeyId(), new KeyOutcome(d, Outcome.DEFERRED,
                            "cap of %d actions per run reached".formatted(settings.maxActionsPerRun())));
                }
            }
        }
        UserRun run = new UserRun(mode, Set.copyOf(allowed), held, protectedKeyIds, plan, budget);
        List<KeyOutcome> outcomes = new ArrayList<>();
        for (UserDecision user : inActionOrder(plan.users(), allowed)) {
            outcomes.addAll(run.process(user));
        }
        outcomes.forEach(Executor::log);
        return new Execution(outcomes, run.errors);
    }

    /** Users with an allowed action first, in the order of their first action, so a budget spent goes to deletes. */
    private static List<UserDecision> inActionOrder(List<UserDecision> users, List<String> allowed) {
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < allowed.size(); i++) {
            rank.putIfAbsent(allowed.get(i), i);
        }
        return users.stream().sorted(Comparator.comparingInt(u -> u.keys().stream()
                .mapToInt(k -> rank.getOrDefault(k.key().accessKeyId(), Integer.MAX_VALUE)).min()
                .orElse(Integer.MAX_VALUE))).toList();
    }

    /** True when changing {@code count} keys would exceed the share of the account allowed in one run. */
    boolean exceedsBlastRadius(int count, int totalKeys) {
        if (count <= BLAST_RADIUS_FLOOR || settings.maxActionPercent() >= 100) {
            return false;
        }
        return (long) count * 100 > (long) settings.maxActionPercent() * totalKeys;
    }

    /** One run's pass over the users: shared state for the caps, the budget and the errors. */
    private final class UserRun {
        private final Mode mode;
        private final Set<String> allowed;
        private final Map<String, KeyOutcome> held;
        private final Set<String> protectedKeyIds;
        private final Plan plan;
        private final RunBudget budget;
        private final LocalDate today;
        private final List<InventoryError> errors = new ArrayList<>();

        UserRun(Mode mode, Set<String> allowed, Map<String, KeyOutcome> held, Set<String> protectedKeyIds, Plan plan,
                RunBudget budget) {
            this.mode = mode;
            this.allowed = allowed;
            this.held = held;
            this.protectedKeyIds = protectedKeyIds;
            this.plan = plan;
            this.budget = budget;
            this.today = Days.day(plan.evaluatedAt());
        }

        List<KeyOutcome> process(UserDecision planned) {
            List<KeyDecision> acts = planned.keys().stream().filter(d -> allowed.contains(d.key().accessKeyId()))
                    .sorted(ACTION_ORDER).toList();
            boolean writes = !acts.isEmpty() || !planned.markerChanges().isEmpty();
            if (!writes) {
                return outcomes(planned, Map.of(), Map.of());
            }
            if (!mode.enforce()) {
                return simulate(planned, acts);
            }
            if (budget.exhausted()) {
                Map<String, KeyOutcome> notProcessed = new LinkedHashMap<>();
                acts.forEach(d -> notProcessed.put(d.key().accessKeyId(),
                        new KeyOutcome(d, Outcome.NOT_PROCESSED, "the run's time budget ran out")));
                Map<String, MarkerOutcome> unmarked = new HashMap<>();
                planned.markerChanges().forEach(c -> unmarked.put(c.accessKeyId(), MarkerOutcome.of(Kind.NOT_MARKED,
                        "the run's time budget ran out; the next run " + (c.removes() ? "removes it" : "marks it"))));
                return outcomes(planned, notProcessed, unmarked);
            }
            return enforce(planned, acts);
        }

        private List<KeyOutcome> simulate(UserDecision planned, List<KeyDecision> acts) {
            Map<String, KeyOutcome> done = new LinkedHashMap<>();
            for (KeyDecision d : acts) {
                Outcome outcome = d.action().orElseThrow() == Action.DELETE ? Outcome.WOULD_DELETE : Outcome.WOULD_DEACTIVATE;
                done.put(d.key().accessKeyId(), new KeyOutcome(d, outcome, ""));
            }
            Map<String, MarkerOutcome> markers = markerPlan(planned.user(), planned.user().tags(),
                    planned.markerChanges(), done.values(), false);
            return outcomes(planned, done, markers);
        }

        private List<KeyOutcome> enforce(UserDecision planned, List<KeyDecision> acts) {
            String userName = planned.user().userName();
            UserDecision now;
            try {
                User live = planned.user().withAccessKeys(actions.currentKeys(userName))
                        .withTags(actions.currentTags(userName));
                now = planner.decide(live, plan.evaluatedAt());
            } catch (KeyActionException e) {
                Map<String, KeyOutcome> failed = new LinkedHashMap<>();
                acts.forEach(d -> failed.put(d.key().accessKeyId(), new KeyOutcome(d, Outcome.FAILED, e.getMessage())));
                if (acts.isEmpty()) {
                    errors.add(new InventoryError(userName, e.operation(), e.getMessage() + " (backout markers not updated)"));
                }
                return outcomes(planned, failed, Map.of());
            }
            Map<String, KeyOutcome> done = new LinkedHashMap<>();
            for (KeyDecision d : acts) {
                done.put(d.key().accessKeyId(), act(d, now));
            }
            if (now.exemption().exempt()) {
                return outcomes(now, done, Map.of());
            }
            Map<String, MarkerOutcome> markers = markerPlan(now.user(), now.user().tags(), now.markerChanges(),
                    done.values(), true);
            return outcomes(now, done, markers);
        }

        /** The planned action, if the fresh decision still asks for it. */
        private KeyOutcome act(KeyDecision planned, UserDecision now) {
            String userName = planned.user().userName();
            String keyId = planned.key().accessKeyId();
            Action action = planned.action().orElseThrow();
            Optional<KeyDecision> fresh = now.keys().stream().filter(d -> d.key().accessKeyId().equals(keyId)).findFirst();
            if (fresh.isEmpty()) {
                return new KeyOutcome(planned, Outcome.SKIPPED, "the key no longer exists");
            }
            if (fresh.get().exemption().exempt()) {
                return new KeyOutcome(fresh.get(), Outcome.EXEMPT, fresh.get().exemption().note() + " (tagged since the inventory)");
            }
            if (fresh.get().action().orElse(null) != action) {
                return new KeyOutcome(planned, Outcome.SKIPPED, "changed since the inventory (now: %s); left for the next run"
                        .formatted(fresh.get().governing().map(f -> f.rule() + " " + f.action()).orElse("no finding")));
            }
            try {
                if (action == Action.DELETE) {
                    actions.delete(userName, keyId);
                    return new KeyOutcome(fresh.get(), Outcome.DELETED, "");
                }
                actions.deactivate(userName, keyId);
                return new KeyOutcome(fresh.get(), Outcome.DEACTIVATED, "");
            } catch (KeyActionException e) {
                return new KeyOutcome(planned, Outcome.FAILED, e.getMessage());
            }
        }

        /**
         * The user's marker writes: those the plan asks for, a marker for each key deactivated, the removal of each
         * deleted key's marker. In enforce they are written (removals first, so their places are free); in dry-run
         * they are only described.
         */
        private Map<String, MarkerOutcome> markerPlan(User user, Map<String, String> tags, List<MarkerChange> planned,
                java.util.Collection<KeyOutcome> done, boolean write) {
            Set<String> deleted = done.stream().filter(o -> o.outcome() == Outcome.DELETED || o.outcome() == Outcome.WOULD_DELETE)
                    .map(o -> o.decision().key().accessKeyId()).collect(Collectors.toSet());
            Map<String, BackoutMarkers.Marker> existing = BackoutMarkers.read(tags);
            List<MarkerChange> removals = new ArrayList<>();
            Map<String, MarkerChange> marks = new LinkedHashMap<>();
            for (MarkerChange change : planned) {
                if (change.removes()) {
                    removals.add(change);
                } else if (!deleted.contains(change.accessKeyId())) {
                    marks.put(change.accessKeyId(), change);
                }
            }
            for (KeyOutcome o : done) {
                String keyId = o.decision().key().accessKeyId();
                if (deleted.contains(keyId) && existing.containsKey(keyId)) {
                    removals.add(MarkerChange.remove(existing.get(keyId), "its key is deleted"));
                } else if (o.outcome() == Outcome.DEACTIVATED || o.outcome() == Outcome.WOULD_DEACTIVATE) {
                    marks.put(keyId, MarkerChange.mark(keyId, today, "")); // the outcome says why
                }
            }
            Set<String> fit = BackoutMarkers.fitting(tags, removals.stream().map(MarkerChange::accessKeyId).toList(),
                    marks.keySet());
            Map<String, MarkerOutcome> result = new HashMap<>();
            StaleInactiveKeyRule backout = planner.backout();
            String userName = user.userName();
            boolean removed = removals.isEmpty() || !write || write(userName, "UntagUser",
                    () -> actions.untag(userName, removals.stream().map(MarkerChange::tagKey).toList()));
            for (MarkerChange r : removals) {
                result.put(r.accessKeyId(), removed
                        ? MarkerOutcome.of(write ? Kind.REMOVED : Kind.WOULD_REMOVE, r.reason())
                        : MarkerOutcome.of(Kind.NOT_MARKED, "marker not removed: UntagUser failed, see Errors"));
            }
            List<String> toWrite = marks.keySet().stream().filter(fit::contains).toList();
            boolean marked = toWrite.isEmpty() || !write || write(userName, "TagUser",
                    () -> actions.tag(userName, BackoutMarkers.tags(toWrite, today)));
            marks.forEach((keyId, mark) -> {
                if (!fit.contains(keyId)) {
                    result.put(keyId, MarkerOutcome.of(Kind.NOT_MARKED, "the user has %d tags, IAM's limit: no marker "
                            .formatted(BackoutMarkers.MAX_TAGS_PER_USER) + "can be written, so the key will not be deleted until a tag is freed"));
                } else if (!marked) {
                    result.put(keyId, MarkerOutcome.of(Kind.NOT_MARKED,
                            "marker not written: TagUser failed, see Errors; the countdown starts on a later run"));
                } else {
                    result.put(keyId, MarkerOutcome.of(write ? Kind.MARKED : Kind.WOULD_MARK, today,
                            backout.deleteOn(today), mark.reason()));
                }
            });
            return result;
        }

        private boolean write(String userName, String operation, Runnable call) {
            try {
                call.run();
                return true;
            } catch (KeyActionException e) {
                errors.add(new InventoryError(userName, operation, e.getMessage()));
                return false;
            }
        }

        /** One outcome per key with news: its action's, or what the plan says of it, with its marker's fate. */
        private List<KeyOutcome> outcomes(UserDecision user, Map<String, KeyOutcome> acted,
                Map<String, MarkerOutcome> markers) {
            List<KeyOutcome> outcomes = new ArrayList<>();
            Map<String, KeyOutcome> unlisted = new LinkedHashMap<>(acted);
            for (KeyDecision d : user.keys()) {
                String keyId = d.key().accessKeyId();
                unlisted.remove(keyId);
                KeyOutcome outcome = acted.containsKey(keyId) ? acted.get(keyId)
                        : held.containsKey(keyId) ? held.get(keyId)
                        : planned(d);
                if (outcome == null) {
                    continue;
                }
                MarkerOutcome marker = markers.containsKey(keyId) ? markers.get(keyId)
                        : outcome.outcome().changes() ? MarkerOutcome.NONE : standing(d);
                outcomes.add(outcome.withMarker(marker));
            }
            outcomes.addAll(unlisted.values()); // keys gone since the plan: their skip is news too
            return outcomes;
        }

        /** What a key not acted on gets: exempt, skipped, upcoming, reported, in the backout window, or nothing. */
        private KeyOutcome planned(KeyDecision d) {
            if (d.exemption().exempt()) {
                if (d.upcoming().isPresent()) {
                    return new KeyOutcome(d, Outcome.UPCOMING, d.exemption().note());
                }
                return d.findings().isEmpty() ? null : new KeyOutcome(d, Outcome.EXEMPT, d.exemption().note());
            }
            if (d.wantsChange() && protectedKeyIds.contains(d.key().accessKeyId())) {
                return new KeyOutcome(d, Outcome.SKIPPED, "this key signs the run's own requests");
            }
            if (d.upcoming().isPresent()) {
                return new KeyOutcome(d, Outcome.UPCOMING, ""); // the owner's warning outranks a report
            }
            if (!d.findings().isEmpty()) {
                return new KeyOutcome(d, Outcome.REPORTED, "");
            }
            return d.backout().hasNews() ? new KeyOutcome(d, Outcome.BACKOUT, "") : null;
        }

        /** A marker the run leaves as it is: a running countdown, or one that cannot be written. */
        private MarkerOutcome standing(KeyDecision d) {
            StaleInactiveKeyRule.KeyState state = d.backout();
            if (state.blocked().isPresent()) {
                return MarkerOutcome.of(Kind.NOT_MARKED, state.blocked().get());
            }
            if (state.change().isEmpty() && state.since().isPresent()) {
                return MarkerOutcome.of(Kind.KEPT, state.since().get(), state.deleteOn().orElse(null), "");
            }
            return MarkerOutcome.NONE;
        }
    }

    private static void log(KeyOutcome o) {
        KeyDecision d = o.decision();
        String rule = d.governing().or(d::upcoming).map(f -> f.rule().name()).orElse("");
        LOG.info("key outcome", entry("user", d.user().userName()), entry("accessKeyId", d.key().accessKeyId()),
                entry("rule", rule), entry("outcome", o.outcome().name()), entry("detail", o.detail()),
                entry("marker", o.marker().kind().name()));
    }
}
