package dev.iamkeyremediator.remediation;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.inventory.UserReader;
import dev.iamkeyremediator.rules.KeyDecision;
import dev.iamkeyremediator.rules.Plan;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.rules.UserDecision;
import dev.iamkeyremediator.time.Days;
import dev.iamkeyremediator.time.RunBudget;
import dev.iamkeyremediator.trust.Sealer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a plan into outcomes. Dry-run is decided here and nowhere else: the plan, the caps and the digest are the
 * same in both modes, and only enforce makes calls.
 *
 * <p>The {@link Caps} are applied to the whole plan before any write. Then each user with writes is handled on its
 * own ({@link UserRemediation}), at most {@code IAM_CONCURRENCY} users at a time, those with the first actions in
 * {@link Caps#ACTION_ORDER} first so that a budget spent goes to deletes. Markers are not actions: they do not count
 * against the caps.
 */
public final class Executor {

    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

    private final KeyWriter writer;
    private final UserReader reader;
    private final Planner planner;
    private final Settings settings;
    private final Clock clock;
    private final Sealer sealer;

    /** @param sealer seals the markers it writes */
    public Executor(KeyWriter writer, UserReader reader, Planner planner, Settings settings, Clock clock,
            Sealer sealer) {
        this.sealer = sealer;
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
                .filter(d -> d.user().source().live() && !d.heldByExemption() && d.wantsChange())
                .filter(d -> !protectedKeyIds.contains(d.key().accessKeyId()))
                .sorted(Caps.ACTION_ORDER)
                .toList();
        Caps.Capped capped = new Caps(settings.maxActionsPerRun(), settings.maxActionPercent()).apply(toChange, totalKeys);
        UserRemediation users = new UserRemediation(mode, capped.allowed(), budget, plan.evaluatedAt(), writer, reader,
                planner, clock, new OutcomeAssembly(capped.held(), protectedKeyIds),
                new MarkerWrites(writer, planner.backout(), sealer, Days.day(plan.evaluatedAt())));
        List<UserRemediation.Result> results = mode.enforce() ? concurrently(plan.users(), users)
                : plan.users().stream().map(users::process).toList();
        List<KeyOutcome> outcomes = new ArrayList<>();
        List<RunError> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        results.forEach(r -> {
            outcomes.addAll(r.outcomes());
            errors.addAll(r.errors());
            warnings.addAll(r.warnings());
        });
        outcomes.forEach(Executor::log);
        return new Execution(outcomes, errors, warnings);
    }

    /** Users with writes in parallel (the highest-priority actions first), the others at once; in plan order. */
    private List<UserRemediation.Result> concurrently(List<UserDecision> plannedUsers, UserRemediation users) {
        Map<Integer, Future<UserRemediation.Result>> pending = new HashMap<>();
        Map<Integer, UserRemediation.Result> done = new HashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(settings.iamConcurrency())) {
            for (int i : byFirstAction(plannedUsers, users)) {
                UserDecision user = plannedUsers.get(i);
                if (users.hasWrites(user)) {
                    pending.put(i, pool.submit(() -> users.process(user)));
                } else {
                    done.put(i, users.process(user));
                }
            }
            pending.forEach((i, future) -> done.put(i, join(future, plannedUsers.get(i), users)));
        }
        List<UserRemediation.Result> results = new ArrayList<>();
        for (int i = 0; i < plannedUsers.size(); i++) {
            results.add(done.get(i));
        }
        return results;
    }

    private static UserRemediation.Result join(Future<UserRemediation.Result> future, UserDecision user,
            UserRemediation users) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return users.failed(user, "interrupted");
        } catch (ExecutionException e) {
            LOG.error("processing a user failed unexpectedly", entry("user", user.user().userName()), e.getCause());
            return users.failed(user, "unexpected failure: " + e.getCause());
        }
    }

    /** Plan indexes, users whose first allowed action comes earliest first, so a budget spent goes to deletes. */
    private static List<Integer> byFirstAction(List<UserDecision> plannedUsers, UserRemediation users) {
        Map<String, Integer> rank = new HashMap<>();
        List<KeyDecision> ordered = plannedUsers.stream().flatMap(u -> users.acts(u).stream()).sorted(Caps.ACTION_ORDER)
                .toList();
        for (int i = 0; i < ordered.size(); i++) {
            rank.putIfAbsent(ordered.get(i).user().userName(), i);
        }
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < plannedUsers.size(); i++) {
            indexes.add(i);
        }
        indexes.sort(Comparator.comparingInt(i -> rank.getOrDefault(plannedUsers.get(i).user().userName(),
                Integer.MAX_VALUE)));
        return indexes;
    }

    private static void log(KeyOutcome o) {
        KeyDecision d = o.decision();
        String rule = d.governing().or(d::upcoming).map(f -> f.rule().id()).orElse("");
        LOG.info("key outcome", entry("user", d.user().userName()), entry("accessKeyId", d.key().accessKeyId()),
                entry("rule", rule), entry("outcome", o.outcome().name()), entry("detail", o.detail()),
                entry("marker", o.marker().kind().name()));
    }
}
