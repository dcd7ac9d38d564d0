package dev.iamkeyremediator.run;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.iamkeyremediator.errors.Problems;
import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.event.ExposedKeyEvent;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.KeyOwnerReader;
import dev.iamkeyremediator.inventory.ReadException;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.remediation.Execution;
import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.report.RunSummary;
import dev.iamkeyremediator.rules.Finding;
import dev.iamkeyremediator.rules.Plan;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.rules.Rule;
import dev.iamkeyremediator.time.RunBudget;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to one exposed-key event: the key's user read narrowly ({@link KeyOwnerReader}: three calls), the key
 * deactivated with its backout marker (two more), and every channel told, with no listing of the account and no
 * credential report. An event for another account, one naming no key, one whose key is not in the account or is
 * already Inactive changes nothing and says why in the run summary and the log.
 */
final class ExposedKeyResponse {

    private static final Logger LOG = LoggerFactory.getLogger(ExposedKeyResponse.class);

    private final Remediator run;
    private final KeyOwnerReader owners;
    private final Planner planner;
    private final Clock clock;

    ExposedKeyResponse(Remediator run, KeyOwnerReader owners, Planner planner, Clock clock) {
        this.run = run;
        this.owners = owners;
        this.planner = planner;
        this.clock = clock;
    }

    RunSummary respond(ExposedKeyEvent event, RunBudget budget) {
        Instant startedAt = clock.instant();
        Problems problems = new Problems();
        Start start = run.startWithoutInventory(problems);
        String trigger = "exposed-key event: " + event.describe();
        Optional<String> ignored = event.ignored().or(() -> event.accessKeyId().isEmpty()
                ? Optional.of("the event names no access key") : Optional.empty())
                .or(() -> otherAccount(event, start));
        if (ignored.isPresent() || start.accountId().isEmpty()) {
            return unchanged(startedAt, start, trigger, ignored.orElse("the run's identity is unknown"), problems);
        }
        String keyId = event.accessKeyId().orElseThrow();
        Optional<User> owner;
        try {
            owner = owners.ownerOf(keyId);
        } catch (ReadException e) {
            problems.error(RunError.read(null, e.operation(), e.getMessage()));
            problems.fail("the exposed key's user could not be read: " + e.getMessage());
            return unchanged(startedAt, start, trigger, "its user could not be read", problems);
        }
        if (owner.isEmpty()) {
            return unchanged(startedAt, start, trigger, "the key %s is not in this account".formatted(keyId), problems);
        }
        AccessKey key = owner.get().accessKeys().stream().filter(k -> k.accessKeyId().equals(keyId)).findFirst()
                .orElseThrow();
        if (!key.active()) {
            return unchanged(startedAt, start, trigger, "the key %s of %s is already Inactive".formatted(keyId,
                    owner.get().userName()), problems);
        }
        Finding finding = planner.exposure().fromEvent(keyId, event.describe(), startedAt);
        Plan plan = new Plan(List.of(planner.exposed(owner.get(), finding, startedAt)), startedAt);
        Execution execution = run.executor().execute(plan, start.mode(), start.protectedKeys(),
                owner.get().accessKeys().size(), budget);
        Remediator.account(start.inventory(), execution, problems);
        run.seals(problems);
        RunReport report = new RunReport(startedAt, start.accountId(), start.mode(), trigger, 1, 1, 1,
                planner.rules().stream().map(Rule::id).toList(), execution.outcomes(), problems.errors(),
                problems.warnings());
        return run.publish(report, start, u -> false, startedAt, budget, problems);
    }

    private static Optional<String> otherAccount(ExposedKeyEvent event, Start start) {
        return event.account().filter(a -> start.accountId().isPresent() && !a.equals(start.accountId().get()))
                .map(a -> "the event is about account %s, this is %s".formatted(a, start.accountId().get()));
    }

    /** An event that calls for nothing: no write, no message; the summary and the log say why. */
    private RunSummary unchanged(Instant startedAt, Start start, String trigger, String why, Problems problems) {
        LOG.warn("exposed-key event changes nothing", entry("event", trigger), entry("reason", why));
        run.seals(problems);
        RunReport report = new RunReport(startedAt, start.accountId(), start.mode(), trigger + "; changes nothing: "
                + why, 0, 0, 0, planner.rules().stream().map(Rule::id).toList(), List.of(), problems.errors(),
                problems.warnings());
        long duration = Math.max(0, clock.millis() - startedAt.toEpochMilli());
        return RunSummary.of(report, duration, 0, List.of("none: " + why), 0, 0, problems.failures());
    }
}
