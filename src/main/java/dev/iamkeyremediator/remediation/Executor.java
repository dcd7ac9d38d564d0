package dev.iamkeyremediator.remediation;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.iamkeyremediator.RunBudget;
import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.InventoryError;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a plan into outcomes. Dry-run is decided here and nowhere else: the plan, the caps and the digest are the
 * same in both modes, and only enforce makes calls.
 *
 * <p>The caps are applied to the whole plan before any write. Then each user with writes is handled on its own, at
 * most {@code IAM_CONCURRENCY} users at a time: its live read is the re-check when it is at most 5 minutes old,
 * otherwise the user is read again and decided again on what IAM says now. Its deletes, then its deactivations,
 * then its backout markers are written: a deactivated key is marked, a deleted key's marker removed, a key first
 * seen Inactive marked, void markers removed. Markers are not actions: they do not count against the caps. Users
 * known only from the credential report are never written.
 */
public final class Executor {

    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);
    /** Below this many changes the percentage limit never withholds: a small account can always act. */
    static final int BLAST_RADIUS_FLOOR = 5;
    /** A live read at most this old is the re-check of the writes decided on it. */
    public static final Duration FRESHNESS = Duration.ofMinutes(5);

    /** Deletes first, then the longest idle, then by user and key: the order actions are capped in. */
    private static final Comparator<KeyDecision> ACTION_ORDER = Comparator
            .comparing((KeyDecision d) -> d.action().orElseThrow(), Comparator.reverseOrder())
            .thenComparing(d -> d.key().lastActivity())
            .thenComparing(d -> d.user().userName())
            .thenComparing(d -> d.key().accessKeyId());

    private final KeyWriter writer;
    private final UserReader reader;
    private final Planner planner;
    private final Settings settings;
    private final Clock clock;

    public Executor(KeyWriter writer, UserReader reader, Planner planner, Settings settings, Clock clock) {
        this.writer = writer;
        this.reader = reader;
        this.planner = planner;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param protectedKeyIds keys never to touch (the key signing this run's requests)
     * @param totalKeys       how many keys the account holds, for the blast-radius limit
     * @param budget          once exhausted no further user is written and the rest are listed as not processed
     */
    public Execution execute(Plan plan, Mode mode, Set<String> protectedKeyIds, int totalKeys, RunBudget budget) {
        List<KeyDecision> toChange = plan.decisions().stream()
                .filter(d -> d.user().source().live() && !d.exemption().exempt() && d.wantsChange())
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
        List<Result> results = mode.enforce() ? run.concurrently() : plan.users().stream().map(run::process).toList();
        List<KeyOutcome> outcomes = new ArrayList<>();
        List<InventoryError> errors = new ArrayList<>();
        results.forEach(r -> {
            outcomes.addAll(r.outcomes());
            errors.addAll(r.errors());
        });
        outcomes.forEach(Executor::log);
        return new Execution(outcomes, errors);
    }

    /** True when changing {@code count} keys would exceed the share of the account allowed in one run. */
    boolean exceedsBlastRadius(int count, int totalKeys) {
        if (count <= BLAST_RADIUS_FLOOR || settings.maxActionPercent() >= 100) {
            return false;
        }
        return (long) count * 100 > (long) settings.maxActionPercent() * totalKeys;
    }

    /** What one user's processing produced. */
    private record Result(List<KeyOutcome> outcomes, List<InventoryError> errors) {
    }

    /** One run's pass over the users: what the caps allow, the budget, the day. */
    private final class UserRun {
        private final Mode mode;
        private final Set<String> allowed;
        private final Map<String, KeyOutcome> held;
        private final Set<String> protectedKeyIds;
        private final Plan plan;
        private final RunBudget budget;
        private final LocalDate today;

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

        /** Users with writes in parallel (the highest-priority actions first), the others at once; in plan order. */
        List<Result> concurrently() {
            List<UserDecision> users = plan.users();
            Map<Integer, Future<Result>> pending = new HashMap<>();
            Map<Integer, Result> done = new HashMap<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(settings.iamConcurrency())) {
                for (int i : byFirstAction(users)) {
                    UserDecision user = users.get(i);
                    if (hasWrites(user)) {
                        pending.put(i, pool.submit(() -> process(user)));
                    } else {
                        done.put(i, process(user));
                    }
                }
                for (Map.Entry<Integer, Future<Result>> p : pending.entrySet()) {
                    done.put(p.getKey(), join(p.getValue(), users.get(p.getKey())));
                }
            }
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                results.add(done.get(i));
            }
            return results;
        }

        private Result join(Future<Result> future, UserDecision user) {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed(user, "interrupted");
            } catch (ExecutionException e) {
                LOG.error("processing a user failed unexpectedly", entry("user", user.user().userName()), e.getCause());
                return failed(user, "unexpected failure: " + e.getCause());
            }
        }

        private Result failed(UserDecision user, String why) {
            Map<String, KeyOutcome> failed = new LinkedHashMap<>();
            acts(user).forEach(d -> failed.put(d.key().accessKeyId(), new KeyOutcome(d, Outcome.FAILED, why)));
            return new Result(outcomes(user, failed, Map.of()), failed.isEmpty()
                    ? List.of(new InventoryError(user.user().userName(), "markers", why)) : List.of());
        }

        /** Plan indexes, users whose first allowed action comes earliest first, so a budget spent goes to deletes. */
        private List<Integer> byFirstAction(List<UserDecision> users) {
            Map<String, Integer> rank = new HashMap<>();
            List<KeyDecision> ordered = users.stream().flatMap(u -> acts(u).stream()).sorted(ACTION_ORDER).toList();
            for (int i = 0; i < ordered.size(); i++) {
                rank.putIfAbsent(ordered.get(i).user().userName(), i);
            }
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                indexes.add(i);
            }
            indexes.sort(Comparator.comparingInt(i -> rank.getOrDefault(users.get(i).user().userName(), Integer.MAX_VALUE)));
            return indexes;
        }

        private List<KeyDecision> acts(UserDecision user) {
            return user.keys().stream().filter(d -> allowed.contains(d.key().accessKeyId())).sorted(ACTION_ORDER).toList();
        }

        private boolean hasWrites(UserDecision user) {
            return user.user().source().live() && (!acts(user).isEmpty() || !user.markerChanges().isEmpty());
        }

        Result process(UserDecision planned) {
            List<KeyDecision> acts = acts(planned);
            if (!hasWrites(planned)) {
                return new Result(outcomes(planned, Map.of(), Map.of()), List.of());
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
                return new Result(outcomes(planned, notProcessed, unmarked), List.of());
            }
            return enforce(planned, acts);
        }

        private Result simulate(UserDecision planned, List<KeyDecision> acts) {
            Map<String, KeyOutcome> done = new LinkedHashMap<>();
            for (KeyDecision d : acts) {
                Outcome outcome = d.action().orElseThrow() == Action.DELETE ? Outcome.WOULD_DELETE : Outcome.WOULD_DEACTIVATE;
                done.put(d.key().accessKeyId(), new KeyOutcome(d, outcome, ""));
            }
            List<InventoryError> errors = new ArrayList<>();
            Map<String, MarkerOutcome> markers = markers(planned.user(), planned.markerChanges(), done.values(), false,
                    errors);
            return new Result(outcomes(planned, done, markers), errors);
        }

        private Result enforce(UserDecision planned, List<KeyDecision> acts) {
            String userName = planned.user().userName();
            UserDecision now = planned;
            if (!fresh(planned.user())) {
                Optional<User> again;
                try {
                    again = reader.reread(planned.user());
                } catch (KeyActionException e) {
                    Map<String, KeyOutcome> failed = new LinkedHashMap<>();
                    acts.forEach(d -> failed.put(d.key().accessKeyId(), new KeyOutcome(d, Outcome.FAILED, e.getMessage())));
                    List<InventoryError> errors = acts.isEmpty()
                            ? List.of(new InventoryError(userName, "re-read", e.getMessage() + " (backout markers not updated)"))
                            : List.of();
                    return new Result(outcomes(planned, failed, Map.of()), errors);
                }
                if (again.isEmpty()) {
                    Map<String, KeyOutcome> gone = new LinkedHashMap<>();
                    acts.forEach(d -> gone.put(d.key().accessKeyId(),
                            new KeyOutcome(d, Outcome.SKIPPED, "the user no longer exists")));
                    return new Result(new ArrayList<>(gone.values()), List.of());
                }
                now = planner.decide(again.get(), plan.evaluatedAt());
            }
            Map<String, KeyOutcome> done = new LinkedHashMap<>();
            for (KeyDecision d : acts) {
                done.put(d.key().accessKeyId(), act(d, now));
            }
            if (now.exemption().exempt()) {
                return new Result(outcomes(now, done, Map.of()), List.of());
            }
            List<InventoryError> errors = new ArrayList<>();
            Map<String, MarkerOutcome> markers = markers(now.user(), now.markerChanges(), done.values(), true, errors);
            return new Result(outcomes(now, done, markers), errors);
        }

        /** Whether the user's live read is recent enough to be the re-check of a write. */
        private boolean fresh(User user) {
            Optional<Instant> readAt = user.source().readLiveAt();
            return readAt.isPresent() && Duration.between(readAt.get(), clock.instant()).compareTo(FRESHNESS) <= 0;
        }

        /** The planned action, if the decision on the latest read still asks for it. */
        private KeyOutcome act(KeyDecision planned, UserDecision now) {
            String userName = planned.user().userName();
            String keyId = planned.key().accessKeyId();
            Action action = planned.action().orElseThrow();
            Optional<KeyDecision> latest = now.keys().stream().filter(d -> d.key().accessKeyId().equals(keyId)).findFirst();
            if (latest.isEmpty()) {
                return new KeyOutcome(planned, Outcome.SKIPPED, "the key no longer exists");
            }
            if (latest.get().exemption().exempt()) {
                return new KeyOutcome(latest.get(), Outcome.EXEMPT, latest.get().exemption().note() + " (tagged since the inventory)");
            }
            if (latest.get().action().orElse(null) != action) {
                return new KeyOutcome(planned, Outcome.SKIPPED, "changed since the inventory (now: %s); left for the next run"
                        .formatted(latest.get().governing().map(f -> f.rule() + " " + f.action()).orElse("no finding")));
            }
            try {
                if (action == Action.DELETE) {
                    writer.delete(userName, keyId);
                    return new KeyOutcome(latest.get(), Outcome.DELETED, "");
                }
                writer.deactivate(userName, keyId);
                return new KeyOutcome(latest.get(), Outcome.DEACTIVATED, "");
            } catch (KeyActionException e) {
                return new KeyOutcome(planned, Outcome.FAILED, e.getMessage());
            }
        }

        /**
         * The user's marker writes: those the plan asks for, a marker for each key deactivated, the removal of each
         * deleted key's marker. In enforce they are written (removals first, so their places are free); in dry-run
         * they are only described.
         */
        private Map<String, MarkerOutcome> markers(User user, List<MarkerChange> planned, Collection<KeyOutcome> done,
                boolean write, List<InventoryError> errors) {
            Set<String> deleted = done.stream().filter(o -> o.outcome() == Outcome.DELETED || o.outcome() == Outcome.WOULD_DELETE)
                    .map(o -> o.decision().key().accessKeyId()).collect(Collectors.toSet());
            Map<String, BackoutMarkers.Marker> existing = BackoutMarkers.read(user.tags());
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
            Set<String> fit = BackoutMarkers.fitting(user.tags(), removals.stream().map(MarkerChange::accessKeyId).toList(),
                    marks.keySet());
            Map<String, MarkerOutcome> result = new HashMap<>();
            StaleInactiveKeyRule backout = planner.backout();
            String userName = user.userName();
            boolean removed = removals.isEmpty() || !write || write(userName, "UntagUser", errors,
                    () -> writer.untag(userName, removals.stream().map(MarkerChange::tagKey).toList()));
            for (MarkerChange r : removals) {
                result.put(r.accessKeyId(), removed
                        ? MarkerOutcome.of(write ? Kind.REMOVED : Kind.WOULD_REMOVE, r.reason())
                        : MarkerOutcome.of(Kind.NOT_MARKED, "marker not removed: UntagUser failed, see Errors"));
            }
            List<String> toWrite = marks.keySet().stream().filter(fit::contains).toList();
            boolean marked = toWrite.isEmpty() || !write || write(userName, "TagUser", errors,
                    () -> writer.tag(userName, BackoutMarkers.tags(toWrite, today)));
            marks.forEach((keyId, mark) -> {
                if (!fit.contains(keyId)) {
                    result.put(keyId, MarkerOutcome.of(Kind.NOT_MARKED, ("the user has %d tags, IAM's limit: no marker "
                            + "can be written, so the key will not be deleted until a tag is freed")
                            .formatted(BackoutMarkers.MAX_TAGS_PER_USER)));
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

        private static boolean write(String userName, String operation, List<InventoryError> errors, Runnable call) {
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
            if (d.wantsChange() && !d.user().source().live()) {
                // the triage reads live every user a rule could write to: this would be a bug, and is never acted on
                return new KeyOutcome(d, Outcome.SKIPPED, "known only from the credential report; read live next run");
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
