package dev.iamkeyremediator.remediation;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.inventory.ReadException;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.inventory.UserReader;
import dev.iamkeyremediator.remediation.MarkerOutcome.Kind;
import dev.iamkeyremediator.rules.Action;
import dev.iamkeyremediator.rules.KeyDecision;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.rules.UserDecision;
import dev.iamkeyremediator.time.RunBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One user's part of a run: in dry-run, what enforce would do; in enforce, its live read is the re-check when it is
 * at most {@link #FRESHNESS} old, otherwise the user is read again and decided again on what IAM says now; then its
 * deletes, its deactivations and its backout markers are written. Users known only from the credential report are
 * never written.
 */
final class UserRemediation {

    /** A live read at most this old is the re-check of the writes decided on it. */
    static final Duration FRESHNESS = Duration.ofMinutes(5);

    /**
     * What one user's processing produced.
     *
     * @param errors   refused writes and re-reads, which fail the run
     * @param warnings what the run could not do for the user without it being a failure (a marker it may not remove)
     */
    record Result(List<KeyOutcome> outcomes, List<RunError> errors, List<String> warnings) {

        Result(List<KeyOutcome> outcomes, List<RunError> errors) {
            this(outcomes, errors, List.of());
        }
    }

    private final Mode mode;
    private final Set<String> allowed;
    private final RunBudget budget;
    private final Instant evaluatedAt;
    private final KeyWriter writer;
    private final UserReader reader;
    private final Planner planner;
    private final Clock clock;
    private final OutcomeAssembly assembly;
    private final MarkerWrites markers;

    /**
     * @param allowed     key ids the caps let the run change
     * @param evaluatedAt the instant the plan was made at, and a re-read user is decided at
     */
    UserRemediation(Mode mode, Set<String> allowed, RunBudget budget, Instant evaluatedAt, KeyWriter writer,
            UserReader reader, Planner planner, Clock clock, OutcomeAssembly assembly, MarkerWrites markers) {
        this.mode = mode;
        this.allowed = Set.copyOf(allowed);
        this.budget = budget;
        this.evaluatedAt = evaluatedAt;
        this.writer = writer;
        this.reader = reader;
        this.planner = planner;
        this.clock = clock;
        this.assembly = assembly;
        this.markers = markers;
    }

    /** The user's allowed actions, in the order they run. */
    List<KeyDecision> acts(UserDecision user) {
        return user.keys().stream().filter(d -> allowed.contains(d.key().accessKeyId())).sorted(Caps.ACTION_ORDER)
                .toList();
    }

    /** Whether the run writes to the user (or in dry-run, would). */
    boolean hasWrites(UserDecision user) {
        return user.user().source().live() && (!acts(user).isEmpty() || !user.markerChanges().isEmpty()
                || user.quarantineTag().isPresent());
    }

    Result process(UserDecision planned) {
        List<KeyDecision> acts = acts(planned);
        if (!hasWrites(planned)) {
            return new Result(assembly.of(planned, Map.of(), Map.of()), List.of());
        }
        if (!mode.enforce()) {
            return simulate(planned, acts);
        }
        if (budget.exhausted()) {
            return outOfTime(planned, acts);
        }
        return enforce(planned, acts);
    }

    /** A user whose processing ended unexpectedly: its actions failed, its markers stay as they were. */
    Result failed(UserDecision user, String why) {
        Map<String, KeyOutcome> failed = new LinkedHashMap<>();
        acts(user).forEach(d -> failed.put(d.key().accessKeyId(), new KeyOutcome(d, Outcome.FAILED, why)));
        return new Result(assembly.of(user, failed, Map.of()), failed.isEmpty()
                ? List.of(RunError.write(user.user().userName(), "markers", why)) : List.of());
    }

    private Result outOfTime(UserDecision planned, List<KeyDecision> acts) {
        Map<String, KeyOutcome> notProcessed = new LinkedHashMap<>();
        acts.forEach(d -> notProcessed.put(d.key().accessKeyId(),
                new KeyOutcome(d, Outcome.NOT_PROCESSED, "the run's time budget ran out")));
        Map<String, MarkerOutcome> unmarked = new HashMap<>();
        planned.markerChanges().forEach(c -> unmarked.put(c.accessKeyId(), MarkerOutcome.of(Kind.NOT_MARKED,
                "the run's time budget ran out; the next run " + (c.removes() ? "removes it" : "marks it"))));
        return new Result(assembly.of(planned, notProcessed, unmarked), List.of());
    }

    private Result simulate(UserDecision planned, List<KeyDecision> acts) {
        Map<String, KeyOutcome> done = new LinkedHashMap<>();
        for (KeyDecision d : acts) {
            Outcome outcome = d.action().orElseThrow() == Action.DELETE ? Outcome.WOULD_DELETE : Outcome.WOULD_DEACTIVATE;
            done.put(d.key().accessKeyId(), new KeyOutcome(d, outcome, overridden(d)));
        }
        MarkerWrites.Refusals refused = MarkerWrites.Refusals.none();
        Map<String, MarkerOutcome> marked = markers.apply(planned.user(), planned.markerChanges(), done.values(), false,
                refused);
        return new Result(assembly.of(planned, done, marked), refused.errors(), refused.warnings());
    }

    private Result enforce(UserDecision planned, List<KeyDecision> acts) {
        UserDecision now = planned;
        if (!fresh(planned.user())) {
            Optional<User> again;
            try {
                again = reader.reread(planned.user());
            } catch (ReadException e) {
                return unreadable(planned, acts, e);
            }
            if (again.isEmpty()) {
                List<KeyOutcome> gone = acts.stream()
                        .map(d -> new KeyOutcome(d, Outcome.SKIPPED, KeyOutcome.USER_GONE)).toList();
                return new Result(gone, List.of());
            }
            now = planner.decide(again.get(), evaluatedAt);
        }
        Map<String, KeyOutcome> done = new LinkedHashMap<>();
        for (KeyDecision d : acts) {
            done.put(d.key().accessKeyId(), act(d, now));
        }
        MarkerWrites.Refusals refused = MarkerWrites.Refusals.none();
        Map<String, MarkerOutcome> marked = markers.apply(now.user(), now.markerChanges(), done.values(), true,
                refused);
        UserDecision decided = now;
        decided.quarantineTag().ifPresent(tag -> markers.quarantine(decided.user(), tag, refused));
        return new Result(assembly.of(now, done, marked), refused.errors(), refused.warnings());
    }

    private Result unreadable(UserDecision planned, List<KeyDecision> acts, ReadException e) {
        Map<String, KeyOutcome> failed = new LinkedHashMap<>();
        acts.forEach(d -> failed.put(d.key().accessKeyId(), new KeyOutcome(d, Outcome.FAILED, e.getMessage())));
        List<RunError> errors = acts.isEmpty()
                ? List.of(RunError.read(planned.user().userName(), "re-read", e.getMessage()
                        + " (backout markers not updated)"))
                : List.of();
        return new Result(assembly.of(planned, failed, Map.of()), errors);
    }

    /** What an emergency says when it acts on an exempt user's key. */
    private static String overridden(KeyDecision d) {
        return d.emergency() && d.exemption().exempt() ? "exemption overridden: " + d.exemption().note() : "";
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
            return new KeyOutcome(planned, Outcome.SKIPPED, KeyOutcome.KEY_GONE);
        }
        if (latest.get().heldByExemption()) {
            return new KeyOutcome(latest.get(), Outcome.EXEMPT, latest.get().exemption().note()
                    + " (tagged since the inventory)");
        }
        if (latest.get().action().orElse(null) != action) {
            return new KeyOutcome(planned, Outcome.SKIPPED, "changed since the inventory (now: %s); left for the next run"
                    .formatted(latest.get().governing().map(f -> f.rule().id() + " " + f.action()).orElse("no finding")));
        }
        try {
            if (action == Action.DELETE) {
                writer.delete(userName, keyId);
                return new KeyOutcome(latest.get(), Outcome.DELETED, "");
            }
            writer.deactivate(userName, keyId);
            return new KeyOutcome(latest.get(), Outcome.DEACTIVATED, overridden(latest.get()));
        } catch (WriteException e) {
            return new KeyOutcome(planned, Outcome.FAILED, e.getMessage());
        }
    }
}
