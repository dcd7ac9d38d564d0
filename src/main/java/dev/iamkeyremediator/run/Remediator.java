package dev.iamkeyremediator.run;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.ModeSource;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.errors.Problems;
import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.event.ExposedKeyEvent;
import dev.iamkeyremediator.identity.IdentitySource;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.InventorySource;
import dev.iamkeyremediator.inventory.KeyOwnerReader;
import dev.iamkeyremediator.inventory.UserReader;
import dev.iamkeyremediator.publish.Channel;
import dev.iamkeyremediator.publish.ChatChannel;
import dev.iamkeyremediator.publish.ChatPublisher;
import dev.iamkeyremediator.publish.DigestChannel;
import dev.iamkeyremediator.publish.DigestPublisher;
import dev.iamkeyremediator.publish.FindingsPublisher;
import dev.iamkeyremediator.publish.OwnerNoticeChannel;
import dev.iamkeyremediator.publish.Publication;
import dev.iamkeyremediator.publish.PublishException;
import dev.iamkeyremediator.publish.SecurityHubChannel;
import dev.iamkeyremediator.publish.SummaryPublisher;
import dev.iamkeyremediator.remediation.Execution;
import dev.iamkeyremediator.remediation.Executor;
import dev.iamkeyremediator.remediation.KeyWriter;
import dev.iamkeyremediator.remediation.Outcome;
import dev.iamkeyremediator.report.LeftoverTag;
import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.report.RunSummary;
import dev.iamkeyremediator.rules.Plan;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.rules.Rule;
import dev.iamkeyremediator.time.RunBudget;
import dev.iamkeyremediator.trust.Sealer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled run, in five steps: read the mode, take the inventory, decide with the rules, act (in
 * enforce mode), publish. The Lambda handler and the local {@code run} command both call {@link #run(RunBudget)};
 * its collaborators are built once per container (see the handler's wiring) and passed in.
 */
public final class Remediator {

    private static final Logger LOG = LoggerFactory.getLogger(Remediator.class);

    private final Settings settings;
    private final ModeSource modeSource;
    private final IdentitySource identity;
    private final InventorySource inventorySource;
    private final KeyOwnerReader owners;
    private final KeyWriter writer;
    private final UserReader reader;
    private final Channels channels;
    private final Clock clock;
    private final Planner planner;
    private final Sealer sealer;

    /**
     * Where a run's results go.
     *
     * @param digest   the digest for the security team, and the owners' notices
     * @param findings Security Hub, or nowhere
     * @param chat     the chat summary, or nowhere
     * @param summary  the run summary to the central topic, for the organization's roll-up, or nowhere
     */
    public record Channels(DigestPublisher digest, FindingsPublisher findings, ChatPublisher chat,
            SummaryPublisher summary) {
    }

    /**
     * @param owners the narrow read of an exposed-key event
     * @param sealer seals the markers the run writes (the readers check the seals of those they read)
     */
    public Remediator(Settings settings, Planner planner, ModeSource modeSource, IdentitySource identity,
            InventorySource inventorySource, KeyOwnerReader owners, KeyWriter writer, UserReader reader,
            Channels channels, Clock clock, Sealer sealer) {
        this.settings = settings;
        this.sealer = sealer;
        this.planner = planner;
        this.modeSource = modeSource;
        this.identity = identity;
        this.inventorySource = inventorySource;
        this.owners = owners;
        this.writer = writer;
        this.reader = reader;
        this.channels = channels;
        this.clock = clock;
    }

    /** A copy that never enforces, whatever the mode parameter says. */
    public Remediator forcingDryRun() {
        // a preview forced on the command line is not the account's run: the roll-up does not hear of it
        return new Remediator(settings, planner, Mode::forcedDryRun, identity, inventorySource, owners, writer, reader,
                new Channels(channels.digest(), channels.findings(), channels.chat(), SummaryPublisher.NONE), clock,
                sealer);
    }

    /**
     * One run; once {@code budget} is exhausted no new user read or action starts, and the run fails.
     */
    public RunSummary run(RunBudget budget) {
        Instant startedAt = clock.instant();
        Problems problems = new Problems();
        Start start = Start.read(modeSource, identity, inventorySource, budget, problems);
        Plan plan = planner.plan(start.inventory(), startedAt);
        Execution execution = executor().execute(plan, start.mode(), start.protectedKeys(),
                start.inventory().keyCount(), budget);
        account(start.inventory(), execution, problems);
        start.inventory().warnings().forEach(problems::warn);
        exemptions(start.inventory().exemptions(), problems);
        seals(problems);
        RunReport report = new RunReport(startedAt, start.accountId(), start.mode(), start.inventory().strategy(),
                start.inventory().userCount(), start.inventory().keyCount(), start.inventory().usersReadLive(),
                planner.rules().stream().map(Rule::id).toList(), execution.outcomes(), problems.errors(),
                problems.warnings(), LeftoverTag.of(start.inventory().users(), execution.outcomes()));
        Set<String> notEvaluated = notEvaluated(start.inventory());
        RunSummary summary = publish(report, start, user -> !notEvaluated.contains(user), startedAt, budget, problems);
        return central(summary);
    }

    /**
     * The answer to one exposed-key event (docs/rules.md, "When a key leaks"): that key alone, with no
     * listing of the account.
     */
    public RunSummary respond(ExposedKeyEvent event, RunBudget budget) {
        return new ExposedKeyResponse(this, owners, planner, clock).respond(event, budget);
    }

    Start startWithoutInventory(Problems problems) {
        return Start.withoutInventory(modeSource, identity, problems);
    }

    Executor executor() {
        return new Executor(writer, reader, planner, settings, clock, sealer);
    }

    /**
     * Step five: every channel, then the run summary.
     *
     * @param judged users whose earlier Security Hub findings this run may resolve
     */
    RunSummary publish(RunReport report, Start start, Predicate<String> judged, Instant startedAt, RunBudget budget,
            Problems problems) {
        Publication publication = Publication.through(channels(start, judged), report, budget, problems);
        long duration = Math.max(0, clock.millis() - startedAt.toEpochMilli());
        RunSummary summary = RunSummary.of(report.withErrors(problems.errors()), duration, publication.digestParts(),
                publication.digestDelivery(), publication.findings().imported(), publication.findings().resolved(),
                problems.failures());
        LOG.info("run finished", entry("status", summary.status()), entry("mode", summary.mode()),
                entry("outcomes", summary.outcomes()), entry("durationMillis", summary.durationMillis()));
        return summary;
    }

    /**
     * Last, a scheduled run's summary to the central topic, where the organization's roll-up reads it (the latest
     * per account: an exposed-key event's, about one key, is not sent, so that it never stands for the account's
     * day); a summary that cannot be delivered fails the run (the digest is already out, and says the rest).
     */
    private RunSummary central(RunSummary summary) {
        try {
            channels.summary().publish(summary).ifPresent(id -> LOG.info("run summary published", entry("to", id)));
            return summary;
        } catch (PublishException e) {
            LOG.error("run summary not delivered: {}", e.getMessage());
            return summary.withFailure("run summary not delivered: " + e.getMessage());
        }
    }

    /** What the inventory and the actions could not do: errors for the digest, and why the run fails. */
    static void account(Inventory inventory, Execution execution, Problems problems) {
        problems.errors(inventory.errors());
        long notRead = inventory.errors().stream().filter(RunError::notProcessed).count();
        long unreadable = inventory.errors().size() - notRead;
        if (unreadable > 0) {
            problems.fail("%d users could not be read".formatted(unreadable));
            problems.warn("%d users could not be read and were not evaluated: see Errors".formatted(unreadable));
        }
        problems.errors(execution.errors());
        execution.warnings().forEach(problems::warn);
        if (!execution.errors().isEmpty()) {
            problems.fail("%d backout marker writes or re-reads failed".formatted(execution.errors().size()));
        }
        long notActed = execution.outcomes().stream().filter(o -> o.outcome() == Outcome.NOT_PROCESSED).count();
        if (notRead > 0 || notActed > 0) {
            String why = "the run's time budget ran out: %d users not read, %d keys not acted on".formatted(notRead,
                    notActed);
            problems.fail(why);
            problems.warn(why + "; the next run continues");
        }
        long failedActions = execution.outcomes().stream().filter(o -> o.outcome() == Outcome.FAILED).count();
        if (failedActions > 0) {
            problems.fail("%d keys could not be processed".formatted(failedActions));
        }
    }

    /**
     * Without a seal, anyone who may tag users can move a key's delete date: the digest says so on top. A seal that
     * could not be checked is an error, and fails the run.
     */
    void seals(Problems problems) {
        if (!sealer.seals()) {
            problems.warn("backout markers are not sealed (%s is not set): anyone who may tag users can change when an"
                    .formatted(Settings.MARKER_KEY_ARN) + " Inactive key is deleted");
        }
        List<RunError> unchecked = sealer.failures();
        if (!unchecked.isEmpty()) {
            problems.errors(unchecked);
            problems.fail("%d seals of the tool's own tags could not be checked".formatted(unchecked.size()));
        }
    }

    /** Exemptions are written by people: when they cover more than a quarter of the users with keys, say so on top. */
    private void exemptions(Inventory.Exemptions exemptions, Problems problems) {
        if (exemptions.tooMany()) {
            String warning = ("%d of %d users with access keys are exempt (tag %s), more than a quarter: check who can"
                    + " write that tag (docs/trust.md, \"Who may write the tags\")").formatted(exemptions.exempt(),
                    exemptions.usersWithKeys(), settings.exemptTagKey());
            LOG.warn(warning);
            problems.warn(warning);
        }
    }

    /** Security Hub (unless there is no inventory to judge by), the owners, chat, then the digest. */
    private List<Channel> channels(Start start, Predicate<String> judged) {
        List<Channel> list = new ArrayList<>();
        if (start.inventoryTaken()) {
            list.add(new SecurityHubChannel(channels.findings(), judged));
        }
        list.add(new OwnerNoticeChannel(channels.digest(), settings.ownerTagKey(), settings.exemptTagKey()));
        list.add(new ChatChannel(channels.chat(), settings.modeParameterName()));
        list.add(new DigestChannel(channels.digest()));
        return list;
    }

    /** Users this run could not decide on: unreadable, not read in time, or known only from the report. */
    private static Set<String> notEvaluated(Inventory inventory) {
        Set<String> users = new HashSet<>();
        inventory.errors().forEach(e -> e.userName().ifPresent(users::add));
        inventory.users().stream().filter(u -> !u.source().live()).forEach(u -> users.add(u.userName()));
        return users;
    }
}
