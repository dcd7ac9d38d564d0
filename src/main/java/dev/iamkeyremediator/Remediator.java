package dev.iamkeyremediator;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.ModeSource;
import dev.iamkeyremediator.config.RunMode;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.digest.Digest;
import dev.iamkeyremediator.digest.DigestDeliveryException;
import dev.iamkeyremediator.digest.ChatPublisher;
import dev.iamkeyremediator.digest.ChatSummary;
import dev.iamkeyremediator.digest.DigestPublisher;
import dev.iamkeyremediator.digest.OwnerNotices;
import dev.iamkeyremediator.digest.DigestRenderer;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.InventoryError;
import dev.iamkeyremediator.remediation.Execution;
import dev.iamkeyremediator.remediation.Executor;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.KeyWriter;
import dev.iamkeyremediator.remediation.Outcome;
import dev.iamkeyremediator.remediation.UserReader;
import dev.iamkeyremediator.report.FindingsPublisher;
import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.report.RunSummary;
import dev.iamkeyremediator.rules.Plan;
import dev.iamkeyremediator.rules.Planner;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled run: mode, identity, inventory, plan, execute, digest. The Lambda handler and the local {@code run}
 * command both call {@link #run(RunBudget)}; its collaborators are built once per container (see the handler's
 * wiring) and passed in.
 */
public final class Remediator {

    private static final Logger LOG = LoggerFactory.getLogger(Remediator.class);

    private final Settings settings;
    private final ModeSource modeSource;
    private final IdentitySource identity;
    private final InventorySource inventorySource;
    private final KeyWriter writer;
    private final UserReader reader;
    private final Channels channels;
    private final Clock clock;
    private final Planner planner;
    private final DigestRenderer renderer = new DigestRenderer();

    /**
     * Where a run's results go.
     *
     * @param digest   the digest for the security team, and the owners' notices
     * @param findings Security Hub, or nowhere
     * @param chat     the chat summary, or nowhere
     */
    public record Channels(DigestPublisher digest, FindingsPublisher findings, ChatPublisher chat) {
    }

    public Remediator(Settings settings, Planner planner, ModeSource modeSource, IdentitySource identity,
            InventorySource inventorySource, KeyWriter writer, UserReader reader, Channels channels, Clock clock) {
        this.settings = settings;
        this.planner = planner;
        this.modeSource = modeSource;
        this.identity = identity;
        this.inventorySource = inventorySource;
        this.writer = writer;
        this.reader = reader;
        this.channels = channels;
        this.clock = clock;
    }

    /** Who the run is, or why that could not be established. */
    private record Identified(Optional<CallerIdentity> identity, String problem) {
    }

    private Identified identify() {
        try {
            return new Identified(Optional.of(identity.identify()), "");
        } catch (IdentityUnavailableException e) {
            return new Identified(Optional.empty(), e.getMessage());
        }
    }

    private Optional<Inventory> readInventory(RunBudget budget, List<InventoryError> errors, List<String> failures) {
        try {
            return Optional.of(inventorySource.read(budget));
        } catch (InventoryUnavailableException e) {
            LOG.error("no inventory: {}", e.getMessage());
            errors.add(new InventoryError(null, "inventory", e.getMessage()));
            failures.add("no inventory: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Security Hub, when on. Whatever goes wrong there (a refusal, a bug, the run's time running out) is an error of
     * the run in the digest; it never changes a key decision and never keeps the digest from going out.
     */
    private FindingsPublisher.Published publishFindings(RunReport report, Inventory inventory, RunBudget budget,
            List<InventoryError> errors, List<String> failures) {
        FindingsPublisher.Published published;
        try {
            published = channels.findings().publish(report, notEvaluated(inventory), budget);
        } catch (RuntimeException e) {
            LOG.error("security hub publishing failed", e);
            published = new FindingsPublisher.Published(0, 0, List.of(new InventoryError(null, "BatchImportFindings",
                    "findings not imported: " + e)));
        }
        if (!published.errors().isEmpty()) {
            errors.addAll(published.errors());
            failures.add("Security Hub: %d errors".formatted(published.errors().size()));
        }
        return published;
    }

    /**
     * One notice per owner, before the digest so that the digest can say who was told; a notice that cannot be
     * published, or is not reached before the run's time runs out, is an error of the run in the digest, and the
     * other notices and the digest still go out.
     */
    private DigestRenderer.Owners tellOwners(RunReport report, RunBudget budget, List<InventoryError> errors,
            List<String> failures) {
        OwnerNotices.Notices notices = new OwnerNotices(settings.ownerTagKey(), settings.exemptTagKey()).render(report);
        Map<String, Integer> told = new java.util.TreeMap<>();
        Set<String> notDelivered = new java.util.TreeSet<>();
        for (OwnerNotices.Notice notice : notices.notices()) {
            told.put(notice.owner(), notice.keys());
            String problem;
            if (budget.channelsExhausted()) {
                problem = "not sent: " + RunBudget.CHANNELS_OUT_OF_TIME;
            } else {
                try {
                    List<String> delivered = channels.digest().publishNotice(notice);
                    LOG.info("owner notice", entry("owner", notice.owner()), entry("keys", notice.keys()),
                            entry("delivery", delivered));
                    continue;
                } catch (RuntimeException e) { // a refusal (DigestDeliveryException) or anything unforeseen
                    problem = "not delivered: " + e.getMessage();
                }
            }
            LOG.error("owner notice not delivered", entry("owner", notice.owner()), entry("reason", problem));
            notDelivered.add(notice.owner());
            errors.add(new InventoryError(null, "Publish", "notice to owner %s %s".formatted(notice.owner(), problem)));
        }
        if (!notDelivered.isEmpty()) {
            failures.add("%d owner notices not delivered".formatted(notDelivered.size()));
        }
        return new DigestRenderer.Owners(settings.ownerTagKey(), told, notDelivered, notices.unowned(),
                !told.isEmpty() && notDelivered.isEmpty() && !channels.digest().noticesReachOwners());
    }

    /** The chat summary, when a chat topic is set; a refusal is an error of the run in the digest. */
    private Optional<String> chat(RunReport report, RunBudget budget, List<InventoryError> errors,
            List<String> failures) {
        if (!channels.chat().configured()) {
            return Optional.empty();
        }
        String problem;
        if (budget.channelsExhausted()) {
            problem = "not sent: " + RunBudget.CHANNELS_OUT_OF_TIME;
        } else {
            try {
                return channels.chat().publish(new ChatSummary(settings.modeParameterName()).render(report));
            } catch (RuntimeException e) { // a refusal (DigestDeliveryException) or anything unforeseen
                problem = "not delivered: " + e.getMessage();
            }
        }
        LOG.error("chat summary {}", problem);
        errors.add(new InventoryError(null, "Publish", "chat summary " + problem));
        failures.add("chat summary not delivered");
        return Optional.empty();
    }

    /** Users this run could not decide on: unreadable, not read in time, or known only from the report. */
    private static Set<String> notEvaluated(Inventory inventory) {
        Set<String> users = new java.util.HashSet<>();
        inventory.errors().stream().map(InventoryError::userName).filter(java.util.Objects::nonNull).forEach(users::add);
        inventory.users().stream().filter(u -> !u.source().live()).forEach(u -> users.add(u.userName()));
        return users;
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the mode or the identity", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the mode or the identity failed unexpectedly", e.getCause());
        }
    }

    /** A copy that never enforces, whatever the mode parameter says. */
    public Remediator forcingDryRun() {
        return new Remediator(settings, planner, Mode::forcedDryRun, identity, inventorySource, writer, reader,
                channels, clock);
    }

    /**
     * One run; once {@code budget} is exhausted no new user read or action starts, and the run fails. The mode, the
     * identity and the inventory are read at the same time: none depends on another, and nothing is written before
     * all three are in.
     */
    public RunSummary run(RunBudget budget) {
        Instant startedAt = clock.instant();
        List<String> failures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<InventoryError> errors = new ArrayList<>();
        Mode read;
        Identified caller;
        Inventory inventory;
        boolean inventoryMissing;
        try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Mode> mode = background.submit(modeSource::read);
            Future<Identified> identified = background.submit(this::identify);
            Optional<Inventory> taken = readInventory(budget, errors, failures);
            inventoryMissing = taken.isEmpty();
            inventory = taken.orElse(Inventory.live(List.of(), 0, List.of(), "none"));
            read = join(mode);
            caller = join(identified);
        }
        read.warning().ifPresentOrElse(w -> LOG.error("mode fell back to dry-run: {}", w),
                () -> LOG.info("mode", entry("mode", read.mode().parameterValue()), entry("reason", read.reason())));
        Mode mode = read;
        String accountId = "unknown";
        Set<String> protectedKeys = Set.of();
        if (caller.identity().isPresent()) {
            accountId = caller.identity().get().accountId();
            protectedKeys = Set.of(caller.identity().get().signingAccessKeyId());
        } else {
            // without the signing key or the account, no write may happen: the run is a dry-run, says why, and fails
            String problem = caller.problem();
            String warning = "the run's identity could not be established (%s): this run writes nothing and fails"
                    .formatted(problem);
            LOG.error(warning);
            if (mode.enforce()) {
                mode = new Mode(RunMode.DRY_RUN, "SSM says enforce, but " + warning, Optional.of(warning));
            } else {
                warnings.add(warning);
            }
            errors.add(new InventoryError(null, "identity", problem));
            failures.add("identity unknown: " + problem);
        }

        errors.addAll(inventory.errors());
        long notRead = inventory.errors().stream().filter(InventoryError::notProcessed).count();
        long unreadable = inventory.errors().size() - notRead;
        if (unreadable > 0) {
            failures.add("%d users could not be read".formatted(unreadable));
            warnings.add("%d users could not be read and were not evaluated: see Errors".formatted(unreadable));
        }

        Plan plan = planner.plan(inventory, startedAt);
        Execution execution = new Executor(writer, reader, planner, settings, clock)
                .execute(plan, mode, protectedKeys, inventory.keyCount(), budget);
        List<KeyOutcome> outcomes = execution.outcomes();
        errors.addAll(execution.errors());
        if (!execution.errors().isEmpty()) {
            failures.add("%d backout marker writes or re-reads failed".formatted(execution.errors().size()));
        }
        long notActed = outcomes.stream().filter(o -> o.outcome() == Outcome.NOT_PROCESSED).count();
        if (notRead > 0 || notActed > 0) {
            String why = "the run's time budget ran out: %d users not read, %d keys not acted on".formatted(notRead, notActed);
            failures.add(why);
            warnings.add(why + "; the next run continues");
        }
        RunReport report = new RunReport(startedAt, accountId, mode, inventory.strategy(), inventory.userCount(),
                inventory.keyCount(), inventory.usersReadLive(), outcomes, errors, warnings);
        FindingsPublisher.Published published = inventoryMissing ? FindingsPublisher.Published.OFF
                : publishFindings(report, inventory, budget, errors, failures);
        report = report.withErrors(errors);
        long failedActions = report.count(Outcome.FAILED);
        if (failedActions > 0) {
            failures.add("%d keys could not be processed".formatted(failedActions));
        }

        DigestRenderer.Owners owners = tellOwners(report, budget, errors, failures);
        chat(report.withErrors(errors), budget, errors, failures)
                .ifPresent(chatDelivery -> LOG.info("chat summary", entry("delivery", chatDelivery)));
        report = report.withErrors(errors);

        Digest digest = renderer.render(report, owners);
        List<String> delivery;
        try {
            delivery = channels.digest().publish(digest);
        } catch (DigestDeliveryException e) {
            LOG.error("digest not delivered ({}); the whole digest follows\n{}", e.getMessage(), digest.fullText());
            delivery = List.of("not delivered: " + e.getMessage());
            failures.add("digest not delivered: " + e.getMessage());
        }
        long duration = clock.millis() - startedAt.toEpochMilli();
        RunSummary summary = RunSummary.of(report, Math.max(0, duration), digest.parts().size(), delivery,
                published, failures);
        LOG.info("run finished", entry("status", summary.status()), entry("mode", summary.mode()),
                entry("outcomes", summary.outcomes()), entry("durationMillis", summary.durationMillis()));
        return summary;
    }
}
